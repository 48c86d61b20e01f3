/**
 * Reader of (uncompressed) tar archives: the CIFAR-10-C / CIFAR-100-C archives, and the CIFAR-10/100 archives
 * once gunzipped (the Node entry does that with `node:zlib`; this module never decompresses).
 *
 * Format (POSIX.1-1988 ustar, GNU and pax extensions, spec/datasets.md §5): 512-byte headers with the member
 * name in bytes 0–99, size as octal ASCII in 124–135 (or GNU base-256), checksum in 148–155, type flag at 156
 * (`0`/NUL file, `5` directory, `L` GNU long name, `x` pax header, `g` pax global header), the ustar `prefix` in
 * 345–499; data padded to 512 bytes; two zero blocks end the archive. The header checksum is verified.
 *
 * Three walkers share the header decoder of this file: {@link readTar} (bytes in memory, members as views), the push
 * parser `TarStreamReader` (chunks of a stream, e.g. a gunzip stream, in `tar_stream.ts`) and the Node entry's
 * seeking index of an archive file (reads only headers and the requested slices).
 *
 * Deviation: pax global headers (`g`) are read and ignored; only the pax keys `path`, `linkpath` and `size` are used.
 *
 * @module data
 */
import {ParseError} from '../errors';

/** Kinds of tar members. */
export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** A member of a tar archive (its header). */
export interface TarEntry {
  /** Path inside the archive, without a leading `./` or a trailing `/`. */
  readonly name: string;
  /** Member kind. */
  readonly type: TarEntryType;
  /** Data size in bytes. */
  readonly size: number;
  /** Byte offset of the member's (last) header block in the archive. */
  readonly headerOffset: number;
  /** Byte offset of the member's first data byte in the archive. */
  readonly dataOffset: number;
}

/** A member with its data. */
export interface TarFile extends TarEntry {
  /** The member's bytes. */
  readonly data: Uint8Array;
}

/** What {@link TarHeaderDecoder.decode} found in a header block. @internal */
export type TarHeaderResult =
  | {readonly kind: 'end'}
  | {readonly kind: 'meta'; readonly size: number; readonly dataOffset: number}
  | {readonly kind: 'entry'; readonly entry: TarEntry};

/** Rounds a data size up to whole 512-byte blocks. @internal */
export function tarPadded(size: number): number {
  return Math.ceil(size / 512) * 512;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function cString(block: Uint8Array, start: number, length: number, decoder = latin1): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  return decoder.decode(block.subarray(start, end));
}

function numberField(block: Uint8Array, start: number, length: number, what: string, offset: number): number {
  if (((block[start] as number) & 0x80) !== 0) {
    // GNU base-256: big-endian two's complement in the remaining bits.
    let v = (block[start] as number) & 0x7f;
    for (let k = start + 1; k < start + length; k++) v = v * 256 + (block[k] as number);
    return v;
  }
  const text = cString(block, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) {
    throw new ParseError(`readTar: the ${what} field of the header at byte ${offset} is not octal; got '${text}' at byte ` +
      `${offset + start}. The archive is corrupt or not a tar file.`, {offset: offset + start});
  }
  return parseInt(text, 8);
}

/**
 * Decodes header blocks one at a time, keeping the state that GNU long names and pax headers carry over to the
 * next member.
 * @internal
 */
export class TarHeaderDecoder {
  private pendingName: string | undefined;
  private pendingSize: number | undefined;
  private metaType: string | undefined;

  /** Decodes the 512-byte `block` found at archive byte `offset`. */
  decode(block: Uint8Array, offset: number): TarHeaderResult {
    if (block.every((b) => b === 0)) return {kind: 'end'};
    const stored = numberField(block, 148, 8, 'checksum', offset);
    let sum = 0;
    for (let k = 0; k < 512; k++) sum += k >= 148 && k < 156 ? 32 : (block[k] as number);
    if (sum !== stored) {
      throw new ParseError(`readTar: header checksum mismatch at byte ${offset}; got ${stored}, computed ${sum}. ` +
        'The archive is corrupt, cut short, or not a tar file (is it still gzip-compressed?).', {offset: offset + 148});
    }
    const size = numberField(block, 124, 12, 'size', offset);
    const flag = String.fromCharCode(block[156] as number);
    if (flag === 'L' || flag === 'x' || flag === 'g' || flag === 'K') {
      this.metaType = flag;
      return {kind: 'meta', size, dataOffset: offset + 512};
    }
    let name = cString(block, 0, 100);
    const magic = cString(block, 257, 6);
    if (magic === 'ustar' && block[262] === 0) {
      const prefix = cString(block, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    if (this.pendingName !== undefined) name = this.pendingName;
    const realSize = this.pendingSize ?? size;
    this.pendingName = undefined;
    this.pendingSize = undefined;
    const type: TarEntryType = flag === '0' || flag === '\0' || flag === '7' ? 'file'
      : flag === '5' ? 'directory' : flag === '2' ? 'symlink' : flag === '1' ? 'hardlink' : 'other';
    // Hard links, symlinks and directories carry no data even when a size is set.
    const dataSize = type === 'file' || type === 'other' ? realSize : 0;
    return {kind: 'entry', entry: {name: name.replace(/^(\.\/)+/, '').replace(/\/+$/, ''), type, size: dataSize, headerOffset: offset, dataOffset: offset + 512}};
  }

  /** Takes the data of the meta member announced by the last `decode`. */
  meta(data: Uint8Array, offset: number): void {
    const type = this.metaType;
    this.metaType = undefined;
    if (type === 'L') this.pendingName = cString(data, 0, data.length, utf8);
    if (type !== 'x') return;
    // pax records: "<length> <key>=<value>\n", length counting the whole record in bytes.
    let at = 0;
    while (at < data.length && data[at] !== 0) {
      let sp = at;
      while (sp < data.length && data[sp] !== 0x20) sp++;
      const len = Number(latin1.decode(data.subarray(at, sp)));
      if (!Number.isInteger(len) || len <= 0 || at + len > data.length) {
        throw new ParseError(`readTar: malformed pax record at byte ${offset + at}; got length '${latin1.decode(data.subarray(at, sp))}'.`,
          {offset: offset + at});
      }
      const record = utf8.decode(data.subarray(sp + 1, at + len - 1));
      const eq = record.indexOf('=');
      const key = record.slice(0, eq);
      const value = record.slice(eq + 1);
      if (key === 'path') this.pendingName = value;
      if (key === 'size') this.pendingSize = Number(value);
      at += len;
    }
  }
}

/** Options of {@link readTar} and `TarStreamReader`. */
export interface ReadTarOptions {
  /** Which members to return (default: every file). Members not selected are skipped without copying. */
  readonly select?: (entry: TarEntry) => boolean;
}

/**
 * Lists and extracts the members of an uncompressed tar archive held in memory.
 *
 * @param bytes The archive (decompress `.tar.gz` first, e.g. with `zlib.gunzipSync` in Node).
 * @param options `select` keeps only some members.
 * @returns The selected members (files only, by default), their `data` being views into `bytes`.
 * @throws {@link ParseError} with the byte offset for a bad header checksum, a non-octal field, malformed pax
 *   records or an archive cut inside a header or member.
 * @example
 * ```ts
 * import {readTar} from 'consistency-tfjs';
 * const archive = new Uint8Array(1024); // an empty archive: two zero blocks
 * console.log(readTar(archive).length); // 0
 * ```
 */
export function readTar(bytes: Uint8Array, options: ReadTarOptions = {}): TarFile[] {
  const decoder = new TarHeaderDecoder();
  const select = options.select ?? ((e: TarEntry) => e.type === 'file');
  const out: TarFile[] = [];
  let at = 0;
  while (at + 512 <= bytes.length) {
    const r = decoder.decode(bytes.subarray(at, at + 512), at);
    if (r.kind === 'end') return out;
    const size = r.kind === 'meta' ? r.size : r.entry.size;
    const dataOffset = at + 512;
    if (dataOffset + size > bytes.length) tarCut(bytes.length, at, r.kind === 'entry' ? r.entry.name : 'extended header');
    if (r.kind === 'meta') decoder.meta(bytes.subarray(dataOffset, dataOffset + size), dataOffset);
    else if (select(r.entry)) out.push({...r.entry, data: bytes.subarray(dataOffset, dataOffset + size)});
    at = dataOffset + tarPadded(size);
  }
  if (at < bytes.length) tarCut(bytes.length, at, 'a header');
  return out; // no end-of-archive marker: accepted, as GNU tar does
}

/** Throws the error for an archive that ends inside `what`. @internal */
export function tarCut(length: number, headerAt: number, what: string): never {
  throw new ParseError(`readTar: the archive ends inside ${what} (header at byte ${headerAt}); got ${length} bytes. ` +
    'The file is cut short: copy or download it again.', {offset: length});
}
