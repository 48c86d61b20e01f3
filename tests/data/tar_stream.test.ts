import {gunzipSync} from 'node:zlib';
import {readTar, type TarFile} from '../../src/data/tar';
import {TarStreamReader} from '../../src/data/tar_stream';
import {concatBytes as tar, padded, PYTHON_TARS, tarHeader} from '../helpers/archives';
import {parseError} from '../helpers/errors';

const text = (s: string) => new TextEncoder().encode(s);
const END = new Uint8Array(1024);
const summary = (files: TarFile[]) => files.map((f) => [f.name, f.type, f.size, Buffer.from(f.data).toString('latin1')]);

describe('TarStreamReader', () => {
  it('gives the same members as readTar for any chunking', () => {
    const bytes = new Uint8Array(gunzipSync(Buffer.from(PYTHON_TARS['pax']!, 'base64')));
    const expected = summary(readTar(bytes));
    for (const size of [1, 7, 511, 512, 513, 4096, bytes.length]) {
      const reader = new TarStreamReader();
      const got: TarFile[] = [];
      for (let at = 0; at < bytes.length; at += size) got.push(...reader.push(bytes.subarray(at, at + size)));
      reader.end();
      expect(summary(got)).toEqual(expected);
    }
  });

  it('buffers only selected members and fails on a stream that stops inside a member', () => {
    const bytes = tar(tarHeader('big.bin', 5000), padded(new Uint8Array(5000).fill(1)), tarHeader('small.txt', 2), padded(text('ok')), END);
    const reader = new TarStreamReader({select: (e) => e.name === 'small.txt'});
    expect(summary(reader.push(bytes))).toEqual([['small.txt', 'file', 2, 'ok']]);
    reader.end();
    const cut = new TarStreamReader();
    cut.push(bytes.subarray(0, 2000));
    const e = parseError(() => cut.end());
    expect(e.message).toMatch(/ends inside big\.bin \(header at byte 0\); got 2000 bytes/);
    const cutHeader = new TarStreamReader();
    cutHeader.push(bytes.subarray(0, 100));
    expect(parseError(() => cutHeader.end()).offset).toBe(100);
  });
});
