import {gunzipSync} from 'node:zlib';
import {readTar, type TarFile} from '../../src/data/tar';
import {ParseError} from '../../src/errors';
import {concatBytes as tar, padded, PYTHON_TARS, tarHeader} from '../helpers/archives';
import {parseError} from '../helpers/errors';

const text = (s: string) => new TextEncoder().encode(s);
const END = new Uint8Array(1024);

function pax(records: Record<string, string>): Uint8Array {
  let body = '';
  for (const [k, v] of Object.entries(records)) {
    const core = ` ${k}=${v}\n`;
    let len = core.length + 1;
    while (String(len).length + new TextEncoder().encode(core).length !== len) len++;
    body += `${len}${core}`;
  }
  return text(body);
}

const summary = (files: TarFile[]) => files.map((f) => [f.name, f.type, f.size, Buffer.from(f.data).toString('latin1')]);

describe('readTar', () => {
  it.each(Object.keys(PYTHON_TARS))('reads archives written by Python tarfile (%s format)', (format) => {
    const bytes = new Uint8Array(gunzipSync(Buffer.from(PYTHON_TARS[format]!, 'base64')));
    const all = readTar(bytes, {select: () => true});
    const longName = `CIFAR-10-C/${'deep/'.repeat(22)}long_name_file.bin`;
    expect(all.map((f) => [f.name, f.type, f.size])).toEqual([
      ['CIFAR-10-C', 'directory', 0],
      ['CIFAR-10-C/labels.npy', 'file', 12],
      [longName, 'file', 768],
      ['CIFAR-10-C/empty.txt', 'file', 0],
      ...(format === 'pax' ? [['CIFAR-10-C/ünïcode.txt', 'file', 1]] : []),
    ]);
    expect(Buffer.from(all[1]!.data).toString()).toBe('hello labels');
    expect(Array.from(all[2]!.data.subarray(250, 260))).toEqual([250, 251, 252, 253, 254, 255, 0, 1, 2, 3]);
    // Default selection: files only; data are views at dataOffset.
    const files = readTar(bytes);
    expect(files.map((f) => f.name)).not.toContain('CIFAR-10-C');
    for (const f of files) expect(f.data.byteOffset - bytes.byteOffset).toBe(f.dataOffset);
  });

  it('joins the ustar prefix, applies GNU long names and pax paths/sizes to the next member', () => {
    const long = `${'x'.repeat(120)}/data.bin`;
    const paxBody = pax({path: 'from/pax.txt', size: '5'});
    const archive = tar(
      tarHeader('labels.npy', 3, '0', {prefix: 'CIFAR-10-C'}), padded(text('abc')),
      tarHeader('././@LongLink', long.length + 1, 'L'), padded(text(`${long}\0`)), tarHeader('short', 2), padded(text('hi')),
      tarHeader('PaxHeader/x', paxBody.length, 'x'), padded(paxBody), tarHeader('truncated-name', 0), padded(text('hello')),
      END,
    );
    const files = readTar(archive);
    expect(summary(files)).toEqual([
      ['CIFAR-10-C/labels.npy', 'file', 3, 'abc'],
      [long, 'file', 2, 'hi'],
      ['from/pax.txt', 'file', 5, 'hello'],
    ]);
  });

  it('reads GNU base-256 sizes, skips unselected members, accepts a missing end marker', () => {
    const archive = tar(tarHeader('a.bin', 4, '0', {base256: true}), padded(text('wxyz')), tarHeader('b.txt', 1), padded(text('q')));
    expect(summary(readTar(archive))).toEqual([['a.bin', 'file', 4, 'wxyz'], ['b.txt', 'file', 1, 'q']]);
    expect(readTar(archive, {select: (e) => e.name.endsWith('.txt')}).map((f) => f.name)).toEqual(['b.txt']);
    expect(readTar(new Uint8Array(0))).toEqual([]);
  });

  it('rejects corrupt archives with the byte offset', () => {
    const good = tar(tarHeader('a.bin', 600), padded(new Uint8Array(600)), END);
    const badSum = good.slice();
    badSum[10] = 65;
    const e1 = parseError(() => readTar(badSum));
    expect(e1.message).toMatch(/^readTar: header checksum mismatch at byte 0; got \d+, computed \d+\. .*still gzip-compressed/);
    expect(e1.offset).toBe(148);
    const cut = parseError(() => readTar(good.subarray(0, 900)));
    expect([cut.offset, cut.message]).toEqual([900, expect.stringMatching(/ends inside a\.bin \(header at byte 0\); got 900 bytes/)]);
    const cutHeader = parseError(() => readTar(good.subarray(0, 512 + 1024 + 100)));
    expect(cutHeader.offset).toBe(512 + 1024 + 100);
    const notOctal = tarHeader('a.bin', 1);
    notOctal.set(text('00000000z09\0'), 124);
    notOctal.set(text('        '), 148);
    notOctal.set(text(`${notOctal.reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')}\0 `), 148);
    expect(parseError(() => readTar(tar(notOctal, new Uint8Array(512)))).offset).toBe(124);
    // gzip bytes are not a tar archive
    expect(parseError(() => readTar(new Uint8Array(Buffer.from(PYTHON_TARS['ustar']!, 'base64'))))).toBeInstanceOf(ParseError);
  });
});
