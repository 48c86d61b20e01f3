import {gunzipSync} from 'node:zlib';
import {readTar, TarStreamReader, type TarFile} from '../../src/data/tar';
import {ParseError} from '../../src/errors';
import {concatBytes as tar, padded, tarHeader} from '../helpers/archives';

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

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return e;
  }
  throw new Error('expected a ParseError');
}

const summary = (files: TarFile[]) => files.map((f) => [f.name, f.type, f.size, Buffer.from(f.data).toString('latin1')]);

// Written by Python 3 tarfile (USTAR, GNU and PAX formats), gzip-compressed, base64. Each holds a directory
// CIFAR-10-C/, CIFAR-10-C/labels.npy ('hello labels'), a 139-byte path holding bytes 0..255 three times, and an
// empty file; the PAX one also CIFAR-10-C/ünïcode.txt ('x').
const PYTHON_TARS: Record<string, string> = {
  ustar: 'H4sIAAAAAAACA3P2dHMM0jU00HXWZ6AVMAACc1NTMA0E6DQWtrmhmTmDgikDHUBpcUliEdBKhpEJnBHxn5OYlJpTrJdXUEmD+DczMcEd/4YmDIYmpkYm5uYGJiBxQ0MjQzMGBYPR+Kc5yEjNyclXgEQ9wygYcSAlNbVAn4pETn5eenxeYm5qfFpmTqpeUmYewfxvCMrzKPnf2MzE2HiI53+kghVviA10AmBkYmZhZWPn4OTi5uHl4xcQFBIWERUTl5CUkpaRlZNXUFRSVlFVU9fQ1NLW0dXTNzA0MjYxNTO3sLSytrG1s3dwdHJ2cXVz9/D08vbx9fMPCAwKDgkNC4+IjIqOiY2LT0hMSk5JTUvPyMzKzsnNyy8oLCouKS0rr6isqq6pratvaGxqbmlta+/o7Oru6e3rnzBx0uQpU6dNnzFz1uw5c+fNX7Bw0eIlS5ctX7Fy1eo1a9et37Bx0+YtW7dt37Fz1+49e/ftP3Dw0OEjR48dP3Hy1OkzZ8+dv3Dx0uUrV69dv3Hz1u07d+/df/Dw0eMnT589f/Hy1es3b9+9//Dx0+cvX799//Hz1+8/f//9H/X/CPf/CAdIxVRqbkFJpV5JRQkt2v9423/o5b8hEIy2/0bBKBgFo2AUjIJRMApGwSgYBaNgFIyCUTAKRsEoGAWjYBSMglEwCkbBKCAZAAC2YLRMACgAAA==',
  gnu: 'H4sIAAAAAAACA3P2dHMM0jU00HXWZ6AVMAACc1NTMA0E6DQWtrmhkTmDgikDHUBpcUlikYICwwgFzoj4z0lMSs0p1ssrqKRB/JuZmOCOf0MTBkMTUyMTc3MDE5C4oaGhqRmDgsFo/NMcZKTm5OQrQKKeYRSMOKCnr6fv4JOfl+6TmZdNw/IfS76H538jQxP08t/c1IhBwWc0/9Oz/E9JTS2gH5EDTHPxeYm5qfFpmTmpekmZeaOZcZjGP4H63xBU56PU/0bmRmaGo/U/XQAjEzMLKxs7BycXNw8vH7+AoJCwiKiYuISklLSMrJy8gqKSsoqqmrqGppa2jq6evoGhkbGJqZm5haWVtY2tnb2Do5Ozi6ubu4enl7ePr59/QGBQcEhoWHhEZFR0TGxcfEJiUnJKalp6RmZWdk5uXn5BYVFxSWlZeUVlVXVNbV19Q2NTc0trW3tHZ1d3T29f/4SJkyZPmTpt+oyZs2bPmTtv/oKFixYvWbps+YqVq1avWbtu/YaNmzZv2bpt+46du3bv2btv/4GDhw4fOXrs+ImTp06fOXvu/IWLly5fuXrt+o2bt27fuXvv/oOHjx4/efrs+YuXr16/efvu/YePnz5/+frt+4+fv37/+fvv/6j/R7j/R8t/WPmfmltQUqlXUlFCi/Yf3v4fevlvaGgw2v8bBaNgFIyCUTAKRsEoGAWjYBSMglEwCkbBKBgFo2AUjIJRMArIBwBq6iUUACgAAA==',
  pax: 'H4sIAAAAAAACA3P2dHMM0jU00HXWZ6AVMAACc1NTMA0E6DQWtrmhmTmDgikDHUBpcUliEdBKhpEJnBHxn5OYlJpTrJdXUEmD+DczMcEd/4YmDIYmpkYm5uYGJiBxQ0MjQzMGBYPR+Kc5yEjNyclXgEQ9wygYcUBPX0/fISCxwiM1MSW1iHblP5Z8D8//RkamqOW/oYERsEhQqBjN/zQHhiaWCgWJJRm2SBVBSmpqAf2InPy89Pi8xNzU+LTMnFS9pMw8rtFsORD1P82imED9bwiq81HqfyNzYyPD0fqfLoCRiZmFlY2dg5OLm4eXj19AUEhYRFRMXEJSSlpGVk5eQVFJWUVVTV1DU0tbR1dP38DQyNjE1MzcwtLK2sbWzt7B0cnZxdXN3cPTy9vH188/IDAoOCQ0LDwiMio6JjYuPiExKTklNS09IzMrOyc3L7+gsKi4pLSsvKKyqrqmtq6+obGpuaW1rb2js6u7p7evf8LESZOnTJ02fcbMWbPnzJ03f8HCRYuXLF22fMXKVavXrF23fsPGTZu3bN22fcfOXbv37N23/8DBQ4ePHD12/MTJU6fPnD13/sLFS5evXL12/cbNW7fv3L13/8HDR4+fPH32/MXLV6/fvH33/sPHT5+/fP32/cfPX7///P33f9T/I9z/o+U/rPxPzS0oqdQrqSihRfsPb/8Pvfw3BILR/t+Iaf8bmBhitv8NRtv/9ADGxhjN/8N78g6vT85PSQWVBaNt8RFT/tvn2cNind7lP3r+NzQyMB0t/+kBKkazwCgYBaNgFIyCUTAKRsEoGAWjYBSMglEw7AEAZm+Z4AAoAAA=',
};

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
