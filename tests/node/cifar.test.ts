import {createHash} from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {gzipSync} from 'node:zlib';
import {parseCifarBinary} from '../../src/data/cifar_binary';
import {ChecksumMismatchError, DatasetNotFoundError, DownloadError, InvalidArgumentError} from '../../src/errors';
import {loadCifar10, loadCifar100} from '../../src/node/cifar';
import {cifarRecords, tarOf} from '../helpers/archives';
import {closedPort, serveBytes, startServer} from '../helpers/http_server';
import {describeWithShared, sharedPath} from '../helpers/shared';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctfjs-cifar-'));
});
afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

const META = new TextEncoder().encode('airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n');
/** CIFAR-10 members with `n` records per training batch (labels cycle) and `t` test records. */
function cifar10Members(n: number, t: number): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {'cifar-10-batches-bin/batches.meta.txt': META};
  for (let b = 1; b <= 5; b++) {
    files[`cifar-10-batches-bin/data_batch_${b}.bin`] = cifarRecords(Array.from({length: n}, (_, i) => [(b + i) % 10]));
  }
  files['cifar-10-batches-bin/test_batch.bin'] = cifarRecords(Array.from({length: t}, (_, i) => [(9 * i) % 10]));
  return files;
}
function writeFolder(root: string, files: Record<string, Uint8Array>): void {
  for (const [name, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), {recursive: true});
    fs.writeFileSync(path.join(root, name), data);
  }
}
const noDownload = {download: false, cacheDir: '/nonexistent-cache-dir'} as const;

describeWithShared('loadCifar10 on the shared sample (short and missing batch files)', ['data', 'cifar10-sample'], () => {
  it('loads what is there and warns about what is missing', async () => {
    const warnings: string[] = [];
    const dataDir = sharedPath('data', 'cifar10-sample', 'cifar-10-batches-bin');
    const cifar = await loadCifar10({dataDir, ...noDownload, warn: (m) => warnings.push(m)});
    expect([cifar.name, cifar.train.count, cifar.test.count, cifar.source]).toEqual(['cifar10', 2000, 1000, dataDir]);
    expect([cifar.train.name, cifar.test.name]).toEqual(['cifar10/train', 'cifar10/test']);
    expect(Array.from(cifar.train.labels.subarray(0, 10))).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    expect(Array.from(cifar.test.labels.subarray(0, 10))).toEqual([3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
    expect(Array.from(cifar.train.images.subarray(0, 3))).toEqual([59, 62, 63]);
    expect(cifar.classes[6]).toBe('frog');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^loadCifar10: the copy in .* is incomplete: data_batch_2\.bin is missing; data_batch_3\.bin is missing; /);
    expect(warnings[0]).toMatch(/data_batch_1\.bin holds 2,000 of 10,000 records; test_batch\.bin holds 1,000 of 10,000 records\. Loaded 2,000 training and 1,000 test images \(a full copy has 50,000 and 10,000\)\./);
    expect(cifar.incomplete).toHaveLength(6);
    // The parent folder works too.
    const again = await loadCifar10({dataDir: sharedPath('data', 'cifar10-sample'), ...noDownload, warn: () => undefined});
    expect(Buffer.from(again.test.images).equals(Buffer.from(cifar.test.images))).toBe(true);
  });
});

describe('loadCifar10', () => {
  it('reads an extracted folder, a .tar.gz and a plain .tar alike, in the official order', async () => {
    const members = cifar10Members(3, 4);
    writeFolder(path.join(dir, 'x'), members);
    const folder = await loadCifar10({dataDir: path.join(dir, 'x'), ...noDownload, warn: () => undefined});
    expect(folder.train.count).toBe(15);
    expect(folder.incomplete).toEqual([
      'data_batch_1.bin holds 3 of 10,000 records', 'data_batch_2.bin holds 3 of 10,000 records',
      'data_batch_3.bin holds 3 of 10,000 records', 'data_batch_4.bin holds 3 of 10,000 records',
      'data_batch_5.bin holds 3 of 10,000 records', 'test_batch.bin holds 4 of 10,000 records']);
    expect(Array.from(folder.train.labels)).toEqual([1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5, 6, 7]);
    const expectedTest = parseCifarBinary(members['cifar-10-batches-bin/test_batch.bin']!, {variant: 'cifar10'});
    expect(Buffer.from(folder.test.images).equals(Buffer.from(expectedTest.images))).toBe(true);

    const tgz = path.join(dir, 'cifar-10-binary.tar.gz');
    fs.writeFileSync(tgz, gzipSync(tarOf(members)));
    const archive = await loadCifar10({dataDir: tgz, ...noDownload, warn: () => undefined});
    const tarFile = path.join(dir, 'plain.tar');
    fs.writeFileSync(tarFile, tarOf(members));
    const plain = await loadCifar10({dataDir: tarFile, ...noDownload, warn: () => undefined});
    for (const other of [archive, plain]) {
      expect(Buffer.from(other.train.images).equals(Buffer.from(folder.train.images))).toBe(true);
      expect(Array.from(other.test.labels)).toEqual(Array.from(folder.test.labels));
      expect(other.classes).toEqual(folder.classes);
    }
    // A folder holding the archive is found too.
    expect((await loadCifar10({dataDir: dir, ...noDownload, warn: () => undefined})).source).toBe(tgz);
  });

  it('says how to supply the files when there is no copy and downloading is off', async () => {
    const e = await loadCifar10({cacheDir: dir, download: false}).catch((x) => x);
    expect(e).toBeInstanceOf(DatasetNotFoundError);
    expect(e.searched).toEqual([path.join(dir, 'cifar-10-binary.tar.gz'), path.join(dir, 'cifar-10-batches-bin')]);
    expect(e.message).toMatch(/downloading is off .* download https:\/\/www\.cs\.toronto\.edu\/~kriz\/cifar-10-binary\.tar\.gz \(170,052,171 bytes, MD5 c32a1d4ab5d03f1284b67883e8d87530\) on a connected machine, then pass \{dataDir:/);
  });

  it('falls through from a dataDir without data, with a warning', async () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    const warnings: string[] = [];
    await expect(loadCifar10({dataDir: path.join(dir, 'empty'), cacheDir: dir, download: false, warn: (m) => warnings.push(m)}))
      .rejects.toThrow(DatasetNotFoundError);
    expect(warnings[0]).toMatch(/dataDir .*empty holds neither cifar-10-binary\.tar\.gz nor the extracted cifar-10-batches-bin\/ files; trying the cache/);
  });

  it('downloads into the cache once; later loads are cache hits without a request', async () => {
    const archive = gzipSync(tarOf(cifar10Members(2, 2)));
    const md5 = createHash('md5').update(archive).digest('hex');
    const server = await startServer({'/cifar.tgz': serveBytes(archive)});
    try {
      const options = {cacheDir: dir, archive: {url: `${server.url}/cifar.tgz`, md5, sha256: undefined, bytes: archive.length},
        progress: false, warn: () => undefined} as const;
      const first = await loadCifar10(options);
      expect(first.train.count).toBe(10);
      expect(server.requests).toEqual(['/cifar.tgz']);
      expect(fs.readdirSync(dir).sort()).toEqual(['cifar-10-binary.tar.gz', 'cifar-10-binary.tar.gz.verified.json']);
      const second = await loadCifar10(options);
      expect(server.requests).toHaveLength(1);
      expect(Buffer.from(second.train.images).equals(Buffer.from(first.train.images))).toBe(true);
      // A corrupt cached copy is replaced when downloading is allowed, and reported when it is not.
      fs.writeFileSync(path.join(dir, 'cifar-10-binary.tar.gz'), Buffer.alloc(archive.length));
      await expect(loadCifar10({...options, download: false})).rejects.toThrow(ChecksumMismatchError);
      const warnings: string[] = [];
      await loadCifar10({...options, warn: (m) => warnings.push(m)});
      expect(server.requests).toHaveLength(2);
      expect(warnings[0]).toMatch(/md5 of .* does not match.*Downloading it again\./);
    } finally {
      await server.close();
    }
  });

  it('fails within seconds with instructions when offline, and leaves nothing behind', async () => {
    const port = await closedPort();
    const t0 = Date.now();
    const e = await loadCifar10({cacheDir: dir, archive: {url: `http://127.0.0.1:${port}/cifar-10-binary.tar.gz`}, progress: false})
      .catch((x) => x);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(e).toBeInstanceOf(DatasetNotFoundError);
    expect(e.cause).toBeInstanceOf(DownloadError);
    expect(e.message).toMatch(/the download failed: downloadFile: cannot reach .*; got connection refused\. To supply the files, download https:\/\/www\.cs\.toronto\.edu/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('loads an empty data file, rejects a copy without any data file and bad options', async () => {
    writeFolder(path.join(dir, 'meta-only'), {'cifar-10-batches-bin/test_batch.bin': new Uint8Array(0)});
    const only = await loadCifar10({dataDir: path.join(dir, 'meta-only'), ...noDownload, warn: () => undefined});
    expect(only.test.count).toBe(0);
    const tgz = path.join(dir, 'broken.tar.gz');
    fs.writeFileSync(tgz, gzipSync(tarOf({'cifar-10-batches-bin/readme.html': new Uint8Array(3)})));
    await expect(loadCifar10({dataDir: tgz, ...noDownload})).rejects.toThrow(/holds none of the data files/);
    await expect(loadCifar10({dataDir: 42 as never})).rejects.toThrow(InvalidArgumentError);
  });
});

describe('loadCifar100', () => {
  const members = (): Record<string, Uint8Array> => ({
    'cifar-100-binary/train.bin': cifarRecords([[4, 30], [14, 2], [19, 89]]),
    'cifar-100-binary/test.bin': cifarRecords([[18, 58]]),
    'cifar-100-binary/fine_label_names.txt': new TextEncoder().encode(Array.from({length: 100}, (_, i) => `fine${i}`).join('\n')),
  });

  it('gives fine labels by default and coarse labels on request, with coarseLabels always', async () => {
    const tgz = path.join(dir, 'cifar-100-binary.tar.gz');
    fs.writeFileSync(tgz, gzipSync(tarOf(members())));
    const fine = await loadCifar100({dataDir: tgz, ...noDownload, warn: () => undefined});
    expect([fine.name, fine.train.count, fine.test.count]).toEqual(['cifar100', 3, 1]);
    expect(Array.from(fine.train.labels)).toEqual([30, 2, 89]);
    expect(Array.from(fine.train.coarseLabels!)).toEqual([4, 14, 19]);
    expect(fine.classes[89]).toBe('fine89'); // from fine_label_names.txt
    const coarse = await loadCifar100({dataDir: tgz, label: 'coarse', ...noDownload, warn: () => undefined});
    expect(Array.from(coarse.train.labels)).toEqual([4, 14, 19]);
    expect(coarse.classes).toHaveLength(20);
    expect(coarse.classes[18]).toBe('vehicles_1'); // no coarse_label_names.txt: the built-in names
    await expect(loadCifar100({label: 'superclass' as never})).rejects.toThrow(/Valid values: 'fine', 'coarse'/);
  });
});
