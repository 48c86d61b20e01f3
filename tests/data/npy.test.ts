import {parseNpy, parseNpyHeader, npyHeaderBytes} from '../../src/data/npy';
import {InvalidArgumentError} from '../../src/errors';
import {parseError} from '../helpers/errors';
import {concatBytes as concat} from '../helpers/archives';

/** Builds a .npy file the way numpy.lib.format writes it (header padded with spaces to `align`, ending in \n). */
function npy(header: string, data: Uint8Array, opts: {version?: 1 | 2 | 3; align?: number; rawHeader?: boolean} = {}): Uint8Array {
  const version = opts.version ?? 1;
  const pre = version === 1 ? 10 : 12;
  const align = opts.align ?? 64;
  let text = header;
  if (!opts.rawHeader) {
    const total = pre + new TextEncoder().encode(text).length + 1;
    text = text + ' '.repeat((align - (total % align)) % align) + '\n';
  }
  const h = new TextEncoder().encode(text);
  const out = new Uint8Array(pre + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, h.length, true);
  else view.setUint32(8, h.length, true);
  out.set(h, pre);
  out.set(data, pre + h.length);
  return out;
}
const dict = (descr: string, shape: string, fortran = 'False') => `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('parseNpy', () => {
  it('reads version 1.0, 2.0 and 3.0 files', () => {
    const data = Uint8Array.from({length: 2 * 2 * 2 * 3}, (_, i) => i * 7 % 256);
    for (const version of [1, 2, 3] as const) {
      const file = npy(dict('|u1', '(2, 2, 2, 3)'), data, {version});
      const a = parseNpy(file);
      expect(a.version).toEqual([version, 0]);
      expect(a.shape).toEqual([2, 2, 2, 3]);
      expect(a.dtype).toBe('|u1');
      expect(a.data).toBeInstanceOf(Uint8Array);
      expect(Array.from(a.data as Uint8Array)).toEqual(Array.from(data));
      expect(a.dataOffset % 64).toBe(0);
    }
  });

  it('computes the data offset from the header length (old 16-byte alignment) and ignores trailing bytes', () => {
    const file = npy(dict('<i4', '(3,)'), concat(bytesOf(Int32Array.from([-1, 2, 300000])), new Uint8Array(5)), {align: 16});
    const a = parseNpy(file);
    expect(a.dataOffset % 16).toBe(0);
    expect(a.dataOffset % 64).not.toBe(0);
    expect(Array.from(a.data as Int32Array)).toEqual([-1, 2, 300000]);
  });

  it('reads every supported dtype into the matching typed array', () => {
    const cases: Array<[string, ArrayBufferView, string]> = [
      ['<i4', Int32Array.from([-5, 7]), 'Int32Array'],
      ['<u4', Uint32Array.from([4000000000, 1]), 'Uint32Array'],
      ['<i2', Int16Array.from([-300, 2]), 'Int16Array'],
      ['<u2', Uint16Array.from([65535, 2]), 'Uint16Array'],
      ['|i1', Int8Array.from([-128, 127]), 'Int8Array'],
      ['|b1', Uint8Array.from([1, 0]), 'Uint8Array'],
      ['<f4', Float32Array.from([1.5, -2.25]), 'Float32Array'],
      ['<f8', Float64Array.from([Math.PI, -1e300]), 'Float64Array'],
      ['u1', Uint8Array.from([9, 8]), 'Uint8Array'],
      ['>u1', Uint8Array.from([9, 8]), 'Uint8Array'],
    ];
    for (const [descr, values, kind] of cases) {
      const a = parseNpy(npy(dict(descr, '(2,)'), bytesOf(values)));
      expect(a.data.constructor.name).toBe(kind);
      expect(Array.from(a.data as ArrayLike<number>)).toEqual(Array.from(values as unknown as ArrayLike<number>));
      expect(a.dtype).toBe(descr);
    }
  });

  it('turns int64 labels into a checked Int32Array, or BigInt64Array on request', () => {
    const file = npy(dict('<i8', '(3,)'), bytesOf(BigInt64Array.from([0n, 9n, -3n])));
    const a = parseNpy(file);
    expect(a.data).toBeInstanceOf(Int32Array);
    expect(Array.from(a.data as Int32Array)).toEqual([0, 9, -3]);
    const b = parseNpy(file, {int64: 'bigint'});
    expect(b.data).toBeInstanceOf(BigInt64Array);
    expect(Array.from(b.data as BigInt64Array)).toEqual([0n, 9n, -3n]);
    const big = npy(dict('<i8', '(3,)'), bytesOf(BigInt64Array.from([1n, 2147483648n, 3n])));
    const e = parseError(() => parseNpy(big));
    expect(e.offset).toBe(parseNpyHeader(big).dataOffset + 8);
    expect(e.message).toMatch(/element 1 of the '<i8' array does not fit in int32; got 2147483648 at byte \d+\. Pass \{int64: 'bigint'\}/);
    expect(Array.from(parseNpy(npy(dict('<u8', '(1,)'), bytesOf(BigUint64Array.from([5n])))).data as Int32Array)).toEqual([5]);
    expect(() => parseNpy(file, {int64: 'long' as never})).toThrow(InvalidArgumentError);
  });

  it('parses the header as a Python literal: any key order, double quotes, Python 2 longs, 0-d shapes', () => {
    const data = Uint8Array.from([1, 2]);
    expect(parseNpy(npy(`{"shape": (2,), "fortran_order": False, "descr": "|u1"}`, data)).shape).toEqual([2]);
    expect(parseNpy(npy(`{'descr': '|u1', 'fortran_order': False, 'shape': (2L,), }`, data)).shape).toEqual([2]);
    expect(parseNpy(npy(`{'descr':'|u1','fortran_order':False,'shape':(1,2)}`, data)).shape).toEqual([1, 2]);
    const scalar = parseNpy(npy(dict('<f8', '()'), bytesOf(Float64Array.from([2.5]))));
    expect(scalar.shape).toEqual([]);
    expect(scalar.size).toBe(1);
    expect(Array.from(scalar.data as Float64Array)).toEqual([2.5]);
    const empty = parseNpy(npy(dict('<f4', '(0, 3)'), new Uint8Array(0)));
    expect([empty.size, empty.data.length]).toEqual([0, 0]);
  });

  it('copies data that are not aligned for their typed array', () => {
    const file = npy(dict('<i4', '(2,)'), bytesOf(Int32Array.from([123456, -7])));
    const holder = new Uint8Array(file.length + 1);
    holder.set(file, 1);
    const a = parseNpy(holder.subarray(1));
    expect(Array.from(a.data as Int32Array)).toEqual([123456, -7]);
  });

  it('reads a header from a prefix of the file', () => {
    const file = npy(dict('|u1', '(50000, 32, 32, 3)'), new Uint8Array(0));
    expect(npyHeaderBytes(file.subarray(0, 12))).toBe(128);
    const h = parseNpyHeader(file.subarray(0, 128));
    expect([h.dataOffset, h.size, h.itemSize]).toEqual([128, 50000 * 3072, 1]);
  });

  describe('malformed input gives a ParseError with the byte offset', () => {
    const good = npy(dict('<i4', '(2,)'), bytesOf(Int32Array.from([1, 2])));
    const cases: Array<[string, Uint8Array, number, RegExp]> = [
      ['empty file', new Uint8Array(0), 0, /truncated/],
      ['truncated preamble', good.subarray(0, 8), 8, /truncated; got 8 bytes/],
      ['truncated header', good.subarray(0, 40), 40, /truncated; got 40 bytes, the header needs 128/],
      ['truncated data', good.subarray(0, good.length - 1), good.length - 1, /data are truncated; got 7 data bytes at byte 128.*needs 8/],
      ['bad magic', Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x5a, 1, 0, 0, 0]), 5, /bad magic string; got byte 0x5a at byte 5/],
      ['a zip archive', Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0]), 0, /not a \.npy file/],
      ['unknown major version', (() => { const f = good.slice(); f[6] = 4; return f; })(), 6, /unsupported format version; got 4\.0/],
      ['unknown minor version', (() => { const f = good.slice(); f[7] = 1; return f; })(), 7, /got 1\.1 at byte 7/],
      ['Fortran order', npy(dict('<i4', '(2,)', 'True'), new Uint8Array(8)), 27, /fortran_order True \(column-major data\) is not supported/],
      ['big-endian', npy(dict('>i4', '(2,)'), new Uint8Array(8)), 11, /'>i4' is big-endian, which is not supported/],
      ['object array', npy(dict('|O', '(2,)'), new Uint8Array(16)), 11, /'\|O' is not supported \(object arrays/],
      ['structured dtype', npy(`{'descr': [('a', '<i4'), ('b', '<f4')], 'fortran_order': False, 'shape': (2,), }`, new Uint8Array(16)), 11,
        /structured dtype \(a list of fields\) is not supported/],
      ['unicode strings', npy(dict('<U5', '(2,)'), new Uint8Array(40)), 11, /'<U5' is not supported \(unicode strings\)/],
      ['float16', npy(dict('<f2', '(2,)'), new Uint8Array(4)), 11, /'<f2' is not supported \(float16\)/],
      ['complex', npy(dict('<c8', '(2,)'), new Uint8Array(16)), 11, /complex numbers/],
      ['missing key', npy(`{'descr': '<i4', 'shape': (2,), }`, new Uint8Array(8)), 10, /exactly the keys 'descr', 'fortran_order', 'shape'; got 'descr', 'shape'/],
      ['extra key', npy(`{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'x': 1}`, new Uint8Array(8)), 10, /got 'descr', 'fortran_order', 'shape', 'x'/],
      ['syntax error', npy(`{'descr': '<i4' 'fortran_order': False, 'shape': (2,), }`, new Uint8Array(8)), 26, /expected ',' or '\}' in the header; got ''fortran_ord' at byte 26/],
      ['unbalanced quotes', npy(`{'descr': '<i4, 'fortran_order': False}`, new Uint8Array(0)), 27, /expected ',' or '\}' in the header; got 'fortran_orde' at byte 27/],
      ['unterminated string', npy(`{'descr': '<i4`, new Uint8Array(0), {rawHeader: true}), 20, /unterminated string in the header; got ''<i4' at byte 20/],
      ['JSON booleans', npy(`{'descr': '<i4', 'fortran_order': false, 'shape': (2,), }`, new Uint8Array(8)), 44, /expected a value in the header; got 'false/],
      ['shape not a tuple', npy(dict('<i4', '2'), new Uint8Array(8)), 51, /shape must be a tuple of non-negative integers; got 2/],
      ['negative dimension', npy(dict('<i4', '(-2,)'), new Uint8Array(8)), 51, /shape must be a tuple/],
      ['not a dict', npy(`[1, 2]`, new Uint8Array(0)), 10, /the header is not a dict/],
    ];
    it.each(cases)('%s', (_name, bytes, offset, message) => {
      const e = parseError(() => parseNpy(bytes));
      expect(e.message).toMatch(/^parseNpy: /);
      expect(e.message).toMatch(message);
      expect(e.offset).toBe(offset);
    });
  });

  // Written by numpy 2.4.6 (np.save, or numpy.lib.format.write_array with an explicit version), base64.
  const numpyFile = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
  it('reads files written by numpy itself', () => {
    const u1 = parseNpy(numpyFile('k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAKFB4oMg='));
    expect([u1.version, u1.dtype, u1.shape, u1.dataOffset, Array.from(u1.data as Uint8Array)])
      .toEqual([[1, 0], '|u1', [2, 3], 128, [0, 40, 80, 120, 160, 200]]);
    const i8 = parseNpy(numpyFile('k05VTVBZAgB0AAAAeydkZXNjcic6ICc8aTgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoDAAAAAAAAAP//////////BwAAAAAAAAA='));
    expect([i8.version, i8.dtype, i8.shape, Array.from(i8.data as Int32Array)]).toEqual([[2, 0], '<i8', [3], [3, -1, 7]]);
    const f4 = parseNpy(numpyFile('k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AACgvwAAQEAAAIBA'));
    expect([f4.version, f4.dtype, f4.shape, Array.from(f4.data as Float32Array)]).toEqual([[3, 0], '<f4', [2, 2], [0.5, -1.25, 3, 4]]);
    const b1 = parseNpy(numpyFile('k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE='));
    expect(Array.from(b1.data as Uint8Array)).toEqual([1, 0, 1]);
    expect(() => parseNpy(numpyFile('k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAwAAAAEAAAAEAAAAAgAAAAUAAAA=')))
      .toThrow(/fortran_order True/);
    expect(() => parseNpy(numpyFile('k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAABAAAAAg==')))
      .toThrow(/big-endian/);
    expect(() => parseNpy(numpyFile('k05VTVBZAQB2AHsnZGVzY3InOiAnfE8nLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqABJWQAAAAAAAAAIwWbnVtcHkuX2NvcmUubXVsdGlhcnJheZSMDF9yZWNvbnN0cnVjdJSTlIwFbnVtcHmUjAduZGFycmF5lJOUSwCFlEMBYpSHlFKUKEsBSwKFlGgDjAVkdHlwZZSTlIwCTziUiYiHlFKUKEsDjAF8lE5OTkr/////Sv////9LP3SUYoldlChLAYwBYZRldJRiLg==')))
      .toThrow(/object arrays/);
  });

  it('rejects input that is not bytes', () => {
    expect(() => parseNpy('abc' as never)).toThrow(InvalidArgumentError);
  });
});

