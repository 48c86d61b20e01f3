/**
 * Reader of NumPy `.npy` files, versions 1.0, 2.0 and 3.0 (the CIFAR-10-C / CIFAR-100-C arrays).
 *
 * Format: numpy `numpy/lib/format.py` (NEP 1), summarised in spec/datasets.md §5: magic `\x93NUMPY`, major and
 * minor version, header length (uint16 in 1.0, uint32 in 2.0/3.0), a header that is a Python literal dict with
 * the keys `descr`, `fortran_order` and `shape` (latin-1 in 1.0/2.0, UTF-8 in 3.0), then the raw data. The header
 * is parsed as a Python literal, never with `JSON.parse`, and the data offset is always computed from the header
 * length (no alignment assumed).
 *
 * Deviation: big-endian multi-byte data, Fortran order, structured/object/string/datetime/complex dtypes and
 * float16 are rejected by name with a {@link ParseError} instead of being converted.
 * Deviation: 64-bit integers become a range-checked `Int32Array` by default (`int64: 'bigint'` keeps them as
 * `BigInt64Array`/`BigUint64Array`); numpy keeps int64.
 *
 * @module data
 */
import {InvalidArgumentError, ParseError} from '../errors';
import {checkOneOf, describeValue} from '../internal/assert';
import {isPyDict, isPyTuple, parsePythonLiteral, type PyValue} from './python_literal';

/** Typed arrays {@link parseNpy} can return. */
export type NpyData =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** The parsed header of a `.npy` file. */
export interface NpyHeader {
  /** Format version, e.g. `[1, 0]`. */
  readonly version: readonly [number, number];
  /** The numpy `descr` string as written, e.g. `'|u1'`, `'<i8'`. */
  readonly dtype: string;
  /** Array shape (`[]` for a 0-d array). */
  readonly shape: number[];
  /** Always `false` (Fortran order is rejected). */
  readonly fortranOrder: boolean;
  /** Bytes per element. */
  readonly itemSize: number;
  /** Number of elements (product of `shape`). */
  readonly size: number;
  /** Byte offset of the first data byte (magic + version + length field + header). */
  readonly dataOffset: number;
}

/** A parsed `.npy` array. */
export interface NpyArray extends NpyHeader {
  /** The elements in C order. A view into the input bytes when no conversion is needed and they are aligned. */
  readonly data: NpyData;
}

/** Options of {@link parseNpy}. */
export interface ParseNpyOptions {
  /** How 8-byte integers are returned: `'int32'` (default, range-checked) or `'bigint'` (64-bit arrays). */
  readonly int64?: 'int32' | 'bigint';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const KINDS: Record<string, readonly number[]> = {b: [1], u: [1, 2, 4, 8], i: [1, 2, 4, 8], f: [4, 8]};
const REJECTED: Record<string, string> = {
  O: 'object arrays (Python pickles)', V: 'void/structured records', U: 'unicode strings', S: 'byte strings',
  a: 'byte strings', M: 'datetime64', m: 'timedelta64', c: 'complex numbers',
};

/**
 * Number of bytes a reader needs from the start of a file to parse its header (the data offset), read from the
 * first 12 bytes. Lets a caller read only the header of a large file.
 * @internal
 */
export function npyHeaderBytes(prefix: Uint8Array): number {
  checkPreamble(prefix);
  const major = prefix[6] as number;
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (major === 1) return 10 + view.getUint16(8, true);
  if (prefix.length < 12) truncated(prefix.length, 12, 'the header length');
  return 12 + view.getUint32(8, true);
}

function truncated(have: number, need: number, what: string): never {
  throw new ParseError(
    `parseNpy: the file is truncated; got ${have} bytes, ${what} needs ${need}. The file is incomplete: ` +
      'copy or download it again.', {offset: have});
}

function checkPreamble(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError(`parseNpy: \`bytes\` must be a Uint8Array (or Buffer); got ${describeValue(bytes)}.`,
      {argument: 'bytes'});
  }
  for (let k = 0; k < MAGIC.length; k++) {
    if (k >= bytes.length) truncated(bytes.length, 10, 'the magic string and version');
    if (bytes[k] !== MAGIC[k]) {
      throw new ParseError(
        `parseNpy: bad magic string; got byte 0x${(bytes[k] as number).toString(16)} at byte ${k}. ` +
          'A .npy file starts with \\x93NUMPY: this is not a .npy file (an .npz is a zip archive of them).', {offset: k});
    }
  }
  if (bytes.length < 10) truncated(bytes.length, 10, 'the version and header length');
  const major = bytes[6] as number;
  const minor = bytes[7] as number;
  if (major < 1 || major > 3) {
    throw new ParseError(`parseNpy: unsupported format version; got ${major}.${minor} at byte 6. Versions 1.0, 2.0 ` +
      'and 3.0 are supported.', {offset: 6});
  }
  if (minor !== 0) {
    throw new ParseError(`parseNpy: unsupported format version; got ${major}.${minor} at byte 7. Versions 1.0, 2.0 ` +
      'and 3.0 are supported.', {offset: 7});
  }
}

/**
 * Parses the header of a `.npy` file (the data may be absent: pass at least the first `dataOffset` bytes).
 * @param bytes The file, or its beginning.
 * @returns Version, dtype, shape, item size, element count and data offset.
 * @throws {@link ParseError} with the byte offset of the problem (bad magic, version, header syntax, missing
 *   keys, unsupported dtype or order, truncation).
 * @example
 * ```ts
 * import {parseNpyHeader} from 'consistency-tfjs';
 * const header = "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }".padEnd(117) + '\n';
 * const bytes = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0,
 *   ...new TextEncoder().encode(header)]);
 * console.log(parseNpyHeader(bytes).dataOffset); // 128
 * ```
 */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  const dataOffset = npyHeaderBytes(bytes);
  const major = bytes[6] as number;
  const start = major === 1 ? 10 : 12;
  if (bytes.length < dataOffset) truncated(bytes.length, dataOffset, 'the header');
  const raw = bytes.subarray(start, dataOffset);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', {fatal: major === 3}).decode(raw);
  // Character index → byte offset (differs from the index only for UTF-8 text with non-ASCII characters).
  const offsetOf = (i: number): number => start + (major === 3 ? new TextEncoder().encode(text.slice(0, i)).length : i);
  const value = parsePythonLiteral(text, 'parseNpy', offsetOf);
  const fail = (what: string, at = start): never => {
    throw new ParseError(`parseNpy: ${what} (header at byte ${at}).`, {offset: at});
  };
  if (!isPyDict(value)) return fail(`the header is not a dict; got ${describeValue(text.trim().slice(0, 40))}`);
  const keys = [...value.entries.keys()].map(String).sort();
  if (keys.join(',') !== 'descr,fortran_order,shape') {
    fail(`the header must have exactly the keys 'descr', 'fortran_order', 'shape'; got ${keys.map((k) => `'${k}'`).join(', ')}`);
  }
  const descr = value.entries.get('descr') as PyValue;
  const fortran = value.entries.get('fortran_order') as PyValue;
  const shapeValue = value.entries.get('shape') as PyValue;
  const at = (key: string): number => offsetOf(Math.max(0, text.indexOf(`'${key}'`)));
  if (typeof descr !== 'string') {
    const kind = Array.isArray(descr) ? 'a structured dtype (a list of fields)' : describeValue(descr);
    return fail(`descr ${kind} is not supported; only plain numeric dtypes are`, at('descr'));
  }
  if (typeof fortran !== 'boolean') return fail(`fortran_order must be True or False; got ${describeValue(fortran)}`, at('fortran_order'));
  if (fortran) fail("fortran_order True (column-major data) is not supported; save the array with numpy.ascontiguousarray first", at('fortran_order'));
  if (!isPyTuple(shapeValue) || !shapeValue.items.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
    return fail(`shape must be a tuple of non-negative integers; got ${describeValue(shapeValue)}`, at('shape'));
  }
  const shape = shapeValue.items as number[];
  const m = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr);
  if (!m) {
    const kind = REJECTED[descr.replace(/^[<>|=]/, '').charAt(0)];
    return fail(`dtype '${descr}' is not supported${kind ? ` (${kind})` : ''}; supported: bool, (u)int8..64, float32, float64`, at('descr'));
  }
  const [, order, kind, sizeText] = m as unknown as [string, string, string, string];
  const itemSize = Number(sizeText);
  if (REJECTED[kind] !== undefined) fail(`dtype '${descr}' is not supported (${REJECTED[kind]}); supported: bool, (u)int8..64, float32, float64`, at('descr'));
  if (!(KINDS[kind] ?? []).includes(itemSize)) {
    fail(`dtype '${descr}' is not supported${kind === 'f' && itemSize === 2 ? ' (float16)' : ''}; supported: bool, ` +
      '(u)int8..64, float32, float64', at('descr'));
  }
  if (order === '>' && itemSize > 1) {
    fail(`dtype '${descr}' is big-endian, which is not supported; convert with array.astype(array.dtype.newbyteorder('<'))`, at('descr'));
  }
  const size = shape.reduce((a, b) => a * b, 1);
  return {version: [major, 0], dtype: descr, shape, fortranOrder: false, itemSize, size, dataOffset};
}

/**
 * Parses a whole `.npy` file.
 *
 * @param bytes The file's bytes (trailing bytes after the data are ignored, as numpy does).
 * @param options `int64` chooses how 8-byte integers are returned.
 * @returns `{shape, dtype, data, ...}`: `data` is `Uint8Array` for `|u1` and `|b1`, `Int32Array` for `<i4`,
 *   `Float32Array` for `<f4`, a range-checked `Int32Array` for `<i8`/`<u8` (or 64-bit arrays with
 *   `int64: 'bigint'`), and so on; `dtype` is the numpy `descr` string.
 * @throws {@link ParseError} with the byte offset for malformed input: truncated file or data, bad magic, unknown
 *   version, header syntax, Fortran order, big-endian, object/structured dtypes, int64 values beyond int32.
 * @example
 * ```ts
 * import {parseNpy} from 'consistency-tfjs';
 * const header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }".padEnd(117) + '\n';
 * const bytes = new Uint8Array(128 + 8);
 * bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]);
 * bytes.set(new TextEncoder().encode(header), 10);
 * new DataView(bytes.buffer).setInt32(128, 7, true);
 * const array = parseNpy(bytes);
 * console.log(array.shape, array.dtype, array.data); // [2] '<i4' Int32Array [7, 0]
 * ```
 */
export function parseNpy(bytes: Uint8Array, options: ParseNpyOptions = {}): NpyArray {
  const int64 = options.int64 === undefined ? 'int32' : checkOneOf('parseNpy', 'int64', options.int64, ['int32', 'bigint'] as const);
  const header = parseNpyHeader(bytes);
  const {dataOffset, itemSize, size} = header;
  const need = dataOffset + size * itemSize;
  if (bytes.length < need) {
    throw new ParseError(
      `parseNpy: the data are truncated; got ${bytes.length - dataOffset} data bytes at byte ${dataOffset}, shape ` +
        `[${header.shape.join(', ')}] of '${header.dtype}' needs ${size * itemSize}. The file is incomplete: copy or ` +
        'download it again.', {offset: bytes.length});
  }
  return {...header, data: decodeData(bytes, header, int64)};
}

/**
 * Decodes `h.size` elements of `h.dtype` starting at byte `h.dataOffset` of `bytes` (a whole file, or a slice with
 * `dataOffset` 0); the header must come from {@link parseNpyHeader}.
 * @internal
 */
export function decodeNpyData(bytes: Uint8Array, h: Pick<NpyHeader, 'dtype' | 'itemSize' | 'size' | 'dataOffset'>,
  int64: 'int32' | 'bigint' = 'int32'): NpyData {
  return decodeData(bytes, h, int64);
}

function decodeData(bytes: Uint8Array, h: Pick<NpyHeader, 'dtype' | 'itemSize' | 'size' | 'dataOffset'>, int64: 'int32' | 'bigint'): NpyData {
  const kind = h.dtype.replace(/^[<>|=]/, '').charAt(0);
  const start = bytes.byteOffset + h.dataOffset;
  const byteLength = h.size * h.itemSize;
  // A view when aligned, else a copy into a fresh (aligned) buffer.
  const buffer = start % h.itemSize === 0 ? bytes.buffer : bytes.slice(h.dataOffset, h.dataOffset + byteLength).buffer;
  const offset = start % h.itemSize === 0 ? start : 0;
  if (h.itemSize === 1) return kind === 'i' ? new Int8Array(buffer, offset, h.size) : new Uint8Array(buffer, offset, h.size);
  if (h.itemSize === 2) return kind === 'i' ? new Int16Array(buffer, offset, h.size) : new Uint16Array(buffer, offset, h.size);
  if (h.itemSize === 4) {
    if (kind === 'f') return new Float32Array(buffer, offset, h.size);
    return kind === 'i' ? new Int32Array(buffer, offset, h.size) : new Uint32Array(buffer, offset, h.size);
  }
  if (kind === 'f') return new Float64Array(buffer, offset, h.size);
  const wide = kind === 'i' ? new BigInt64Array(buffer, offset, h.size) : new BigUint64Array(buffer, offset, h.size);
  if (int64 === 'bigint') return wide;
  const out = new Int32Array(h.size);
  for (let i = 0; i < h.size; i++) {
    const v = wide[i] as bigint;
    if (v > 2147483647n || v < -2147483648n) {
      const at = h.dataOffset + i * 8;
      throw new ParseError(
        `parseNpy: element ${i} of the '${h.dtype}' array does not fit in int32; got ${v} at byte ${at}. ` +
          "Pass {int64: 'bigint'} to read 64-bit values.", {offset: at});
    }
    out[i] = Number(v);
  }
  return out;
}
