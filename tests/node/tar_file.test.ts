import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {gunzipSync, gzipSync} from 'node:zlib';
import {ParseError} from '../../src/errors';
import {indexTarFile, readArchiveMembers, readAt} from '../../src/node/tar_file';
import {PYTHON_TARS, tarOf} from '../helpers/archives';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctfjs-tarfile-'));
});
afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

describe('tar files on disk', () => {
  it('indexes a tar by seeking from header to header (pax and GNU long names included)', () => {
    for (const format of ['gnu', 'pax']) {
      const file = path.join(dir, `${format}.tar`);
      fs.writeFileSync(file, gunzipSync(Buffer.from(PYTHON_TARS[format]!, 'base64')));
      const fd = fs.openSync(file, 'r');
      try {
        const entries = indexTarFile(fd, file);
        const long = entries.find((e) => e.name.endsWith('long_name_file.bin'))!;
        expect(long.name.length).toBe(139);
        expect(Array.from(readAt(fd, long.dataOffset + 250, 8, file))).toEqual([250, 251, 252, 253, 254, 255, 0, 1]);
        expect(entries.map((e) => e.type)).toContain('directory');
      } finally {
        fs.closeSync(fd);
      }
    }
  });

  it('streams selected members out of a .tar.gz or a .tar', async () => {
    const members = {'d/a.bin': Uint8Array.from([1, 2, 3]), 'd/b.txt': new TextEncoder().encode('hello')};
    fs.writeFileSync(path.join(dir, 'x.tar.gz'), gzipSync(tarOf(members)));
    fs.writeFileSync(path.join(dir, 'x.tar'), tarOf(members));
    for (const [name, gzip] of [['x.tar.gz', true], ['x.tar', false]] as const) {
      const files = await readArchiveMembers(path.join(dir, name), gzip, (e) => e.name.endsWith('.txt'));
      expect(files.map((f) => [f.name, Buffer.from(f.data).toString()])).toEqual([['d/b.txt', 'hello']]);
    }
  });

  it('reports a corrupt gzip stream, a cut archive and short reads as ParseError', async () => {
    const gz = gzipSync(tarOf({'a.bin': new Uint8Array(5000)}));
    fs.writeFileSync(path.join(dir, 'bad.tar.gz'), Buffer.concat([gz.subarray(0, 40), Buffer.alloc(40, 7), gz.subarray(80)]));
    const e = await readArchiveMembers(path.join(dir, 'bad.tar.gz'), true, () => true).catch((x) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toMatch(/is not a valid gzip stream/);
    fs.writeFileSync(path.join(dir, 'cut.tar'), tarOf({'a.bin': new Uint8Array(5000)}).subarray(0, 2000));
    await expect(readArchiveMembers(path.join(dir, 'cut.tar'), false, () => true)).rejects.toThrow(/ends inside a\.bin/);
    const fd = fs.openSync(path.join(dir, 'cut.tar'), 'r');
    try {
      expect(() => indexTarFile(fd, 'cut.tar')).toThrow(/cut\.tar ends inside a member \(header at byte 0\); got 2000 bytes/);
      const short = (() => {
        try {
          readAt(fd, 1900, 200, 'cut.tar');
        } catch (x) {
          return x as ParseError;
        }
        throw new Error('expected a short read');
      })();
      expect([short.offset, short.message]).toEqual([2000, expect.stringMatching(/cut\.tar ends at byte 2000; got a short read/)]);
    } finally {
      fs.closeSync(fd);
    }
  });
});
