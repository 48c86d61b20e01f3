import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {gzipSync} from 'node:zlib';
import {CIFAR100_FINE_TO_COARSE} from '../../src/data/cifar_classes';
import {DatasetNotFoundError, InvalidArgumentError, ParseError} from '../../src/errors';
import {loadCifar100C, loadCifar10C} from '../../src/node/cifar_c';
import {concatBytes, npyFile, npyHeader, padded, tarHeader, tarOf} from '../helpers/archives';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctfjs-cifarc-'));
});
afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

const PER = 3; // images per severity in these fixtures (10,000 in the real files)
/** Images of a corruption: every pixel of row r holds (r + offset) % 256. */
function images(rows: number, offset: number): Uint8Array {
  const out = new Uint8Array(rows * 3072);
  for (let r = 0; r < rows; r++) out.fill((r + offset) % 256, r * 3072, (r + 1) * 3072);
  return out;
}
function members(labelsDescr = '|u1'): Record<string, Uint8Array> {
  const labels = Uint8Array.from({length: 5 * PER}, (_, r) => (r * 3) % 10);
  const labelBytes = labelsDescr === '<i8' ? new Uint8Array(BigInt64Array.from([...labels].map(BigInt)).buffer) : labels;
  return {
    'CIFAR-10-C/labels.npy': npyFile(labelsDescr, [5 * PER], labelBytes),
    'CIFAR-10-C/fog.npy': npyFile('|u1', [5 * PER, 32, 32, 3], images(5 * PER, 0)),
    'CIFAR-10-C/glass_blur.npy': npyFile('|u1', [5 * PER, 32, 32, 3], images(5 * PER, 100)),
    'CIFAR-10-C/README.txt': new TextEncoder().encode('ignored'),
  };
}
function writeFolder(root: string, files: Record<string, Uint8Array>): void {
  for (const [name, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), {recursive: true});
    fs.writeFileSync(path.join(root, name), data);
  }
}
const opts = {download: false, cacheDir: '/nonexistent-cache-dir'} as const;
const firstPixels = (images: Uint8Array, count: number) => Array.from({length: count}, (_, i) => images[i * 3072]);

describe('loadCifar10C', () => {
  it('reads severity s as rows (s-1)N/5 .. sN/5-1, from a folder and from a tar, accepting TFDS names', async () => {
    writeFolder(dir, members());
    const tarPath = path.join(dir, 'CIFAR-10-C.tar');
    fs.writeFileSync(tarPath, tarOf(members('<i8')));
    for (const dataDir of [path.join(dir, 'CIFAR-10-C'), dir, tarPath]) {
      const c = await loadCifar10C({dataDir, corruptions: ['fog', 'frosted_glass_blur'], severities: [1, 5], ...opts});
      expect(c.name).toBe('cifar10-c');
      expect(c.classes[0]).toBe('airplane');
      expect(c.sets.map((s) => [s.corruption, s.severity, s.split.count, s.split.name])).toEqual([
        ['fog', 1, PER, 'cifar10-c/fog-1'], ['fog', 5, PER, 'cifar10-c/fog-5'],
        ['glass_blur', 1, PER, 'cifar10-c/glass_blur-1'], ['glass_blur', 5, PER, 'cifar10-c/glass_blur-5']]);
      expect(firstPixels(c.sets[0]!.split.images, PER)).toEqual([0, 1, 2]);
      expect(firstPixels(c.sets[1]!.split.images, PER)).toEqual([12, 13, 14]);
      expect(firstPixels(c.sets[3]!.split.images, PER)).toEqual([112, 113, 114]);
      expect(Array.from(c.sets[1]!.split.labels)).toEqual([6, 9, 2]); // labels of rows 12..14
      expect(c.sets[0]!.split.images.length).toBe(PER * 3072);
    }
  });

  it('defaults to every corruption at severity 5 (the Keras notebook), and reports a missing member', async () => {
    writeFolder(dir, members());
    const e = await loadCifar10C({dataDir: dir, ...opts}).catch((x) => x);
    expect(e).toBeInstanceOf(DatasetNotFoundError);
    expect(e.message).toMatch(/has no gaussian_noise\.npy; got a partial copy/);
  });

  it('reads only headers and the requested slices of a large archive (seeking, not loading it)', async () => {
    // A sparse 2.9 GB-like layout: one member of 50,000 images (153.6 MB) whose bytes are never written except the
    // severity-4 slice; the loader must seek to it. Holes read as zeros and cost no disk space.
    const n = 50000;
    const header = npyHeader('|u1', [n, 32, 32, 3]);
    const dataBytes = header.length + n * 3072;
    const file = path.join(dir, 'CIFAR-10-C.tar');
    const fd = fs.openSync(file, 'w');
    let at = 0;
    const write = (bytes: Uint8Array, position: number) => fs.writeSync(fd, bytes, 0, bytes.length, position);
    write(tarHeader('CIFAR-10-C/labels.npy', 128 + n), at);
    write(npyFile('|u1', [n], Uint8Array.from({length: n}, (_, r) => r % 10)), at + 512);
    at += 512 + Math.ceil((128 + n) / 512) * 512;
    write(tarHeader('CIFAR-10-C/snow.npy', dataBytes), at);
    write(header, at + 512);
    const slice = images(10000, 7);
    write(slice, at + 512 + header.length + 3 * 10000 * 3072);
    at += 512 + Math.ceil(dataBytes / 512) * 512;
    write(new Uint8Array(1024), at);
    fs.closeSync(fd);
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(150e6);
    // Bytes this process passed through read()/pread() (Linux /proc/self/io 'rchar'; page-cache hits count too).
    const rchar = (): number | undefined => {
      try {
        return Number(/rchar: (\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1]);
      } catch {
        return undefined;
      }
    };
    const before = rchar();
    const c = await loadCifar10C({dataDir: file, corruptions: ['snow'], severities: [4], ...opts});
    const after = rchar();
    if (before !== undefined && after !== undefined) {
      expect(after - before).toBeGreaterThanOrEqual(10000 * 3072); // the counter sees the slice being read
      expect(after - before).toBeLessThan(10000 * 3072 + 8e6); // and not the other 120 MB of the member
    }
    expect(firstPixels(c.sets[0]!.split.images, 3)).toEqual([7, 8, 9]);
    expect(c.sets[0]!.split.count).toBe(10000);
    expect(Array.from(c.sets[0]!.split.labels.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('validates names and severities before touching files', async () => {
    await expect(loadCifar10C({corruptions: ['fogg'], ...opts})).rejects.toThrow(/unknown corruption 'fogg'.*Did you mean 'fog'\?/);
    await expect(loadCifar10C({severities: [0], ...opts})).rejects.toThrow(/`severities` must be a non-empty list of integers 1\.\.5; got \[0\]/);
    await expect(loadCifar10C({severities: [], ...opts})).rejects.toThrow(InvalidArgumentError);
    await expect(loadCifar10C({corruptions: 'fog' as never, ...opts})).rejects.toThrow(/`corruptions` must be a list/);
  });

  it('rejects malformed members and a gzip-compressed archive', async () => {
    const wrongDtype = {...members(), 'CIFAR-10-C/fog.npy': npyFile('<f4', [5 * PER, 32, 32, 3], new Uint8Array(5 * PER * 3072 * 4))};
    writeFolder(path.join(dir, 'a'), wrongDtype);
    await expect(loadCifar10C({dataDir: path.join(dir, 'a'), corruptions: ['fog'], ...opts}))
      .rejects.toThrow(/must hold uint8 images of shape \(5k, 32, 32, 3\); got '<f4'/);
    const truncated = {...members(), 'CIFAR-10-C/fog.npy': npyFile('|u1', [5 * PER, 32, 32, 3], images(2, 0))};
    writeFolder(path.join(dir, 'b'), truncated);
    const e = await loadCifar10C({dataDir: path.join(dir, 'b'), corruptions: ['fog'], ...opts}).catch((x) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toMatch(/fog\.npy is truncated/);
    const badLabels = {...members(), 'CIFAR-10-C/labels.npy': npyFile('|u1', [5 * PER], new Uint8Array(5 * PER).fill(10))};
    writeFolder(path.join(dir, 'c'), badLabels);
    await expect(loadCifar10C({dataDir: path.join(dir, 'c'), corruptions: ['fog'], ...opts})).rejects.toThrow(/label 12 in labels\.npy is out of range; got 10, expected 0\.\.9/); // severity 5: rows 12..14
    const tgz = path.join(dir, 'CIFAR-10-C.tar.gz');
    fs.writeFileSync(tgz, gzipSync(tarOf(members())));
    await expect(loadCifar10C({dataDir: tgz, corruptions: ['fog'], ...opts})).rejects.toThrow(/is gzip-compressed; got a \.tar\.gz/);
    const noLabels = path.join(dir, 'nolabels.tar');
    fs.writeFileSync(noLabels, concatBytes(tarHeader('CIFAR-10-C/fog.npy', 3), padded(new Uint8Array(3)), new Uint8Array(1024)));
    await expect(loadCifar10C({dataDir: noLabels, corruptions: ['fog'], ...opts})).rejects.toThrow(/has no labels\.npy/);
  });
});

describe('loadCifar100C', () => {
  it('gives fine labels with the coarse labels derived from them', async () => {
    const labels = Uint8Array.from({length: 5 * PER}, (_, r) => (r * 17) % 100);
    writeFolder(dir, {
      'CIFAR-100-C/labels.npy': npyFile('|u1', [5 * PER], labels),
      'CIFAR-100-C/snow.npy': npyFile('|u1', [5 * PER, 32, 32, 3], images(5 * PER, 0)),
    });
    const c = await loadCifar100C({dataDir: dir, corruptions: ['snow'], severities: [2], ...opts});
    expect([c.name, c.classes.length]).toEqual(['cifar100-c', 100]);
    const fine = Array.from(labels.subarray(PER, 2 * PER));
    expect(Array.from(c.sets[0]!.split.labels)).toEqual(fine);
    expect(Array.from(c.sets[0]!.split.coarseLabels!)).toEqual(fine.map((f) => CIFAR100_FINE_TO_COARSE[f]));
  });
});
