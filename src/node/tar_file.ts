/**
 * Reading members of tar archives on disk without loading the archive: a streaming pass through `node:zlib`'s
 * gunzip for `.tar.gz` (CIFAR-10/100), and a seeking index of plain `.tar` files (CIFAR-10-C/100-C, 2.9 GB) that
 * reads only the 512-byte headers, so any slice of a member can then be read at its offset.
 *
 * @internal
 * @module
 */
import * as fs from 'node:fs';
import {pipeline} from 'node:stream/promises';
import {createGunzip} from 'node:zlib';
import {ParseError} from '../errors';
import {TarHeaderDecoder, tarPadded, type TarEntry, type TarFile} from '../data/tar';
import {TarStreamReader} from '../data/tar_stream';

/**
 * Streams an archive (gunzipping when `gzip`) and returns the selected members' bytes.
 * @internal
 */
export async function readArchiveMembers(file: string, gzip: boolean, select: (entry: TarEntry) => boolean): Promise<TarFile[]> {
  const reader = new TarStreamReader({select: (e) => e.type === 'file' && select(e)});
  const out: TarFile[] = [];
  const consume = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) out.push(...reader.push(chunk));
  };
  try {
    const input = fs.createReadStream(file, {highWaterMark: 1 << 20});
    if (gzip) await pipeline(input, createGunzip(), consume);
    else await pipeline(input, consume);
  } catch (e) {
    if ((e as {code?: string}).code?.startsWith('Z_')) {
      throw new ParseError(`readArchive: ${file} is not a valid gzip stream; got ${(e as Error).message}. The archive is ` +
        'corrupt or cut short: download it again.', {offset: 0}, {cause: e});
    }
    throw e;
  }
  reader.end();
  return out;
}

/** Reads `length` bytes at `position` of an open file, failing on a short read. @internal */
export function readAt(fd: number, position: number, length: number, file: string): Uint8Array {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) {
      throw new ParseError(`readArchive: ${file} ends at byte ${position + done}; got a short read, ${length} bytes were ` +
        `needed at byte ${position}. The file is cut short: copy or download it again.`, {offset: position + done});
    }
    done += n;
  }
  return buf;
}

/**
 * Lists the members of a plain tar file by seeking from header to header (reads 512 bytes per member).
 * @internal
 */
export function indexTarFile(fd: number, file: string): TarEntry[] {
  const size = fs.fstatSync(fd).size;
  const decoder = new TarHeaderDecoder();
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + 512 <= size) {
    const r = decoder.decode(readAt(fd, at, 512, file), at);
    if (r.kind === 'end') break;
    const memberSize = r.kind === 'meta' ? r.size : r.entry.size;
    if (at + 512 + memberSize > size) {
      throw new ParseError(`readArchive: ${file} ends inside a member (header at byte ${at}); got ${size} bytes. The file ` +
        'is cut short: copy or download it again.', {offset: size});
    }
    if (r.kind === 'meta') decoder.meta(readAt(fd, at + 512, memberSize, file), at + 512);
    else entries.push(r.entry);
    at += 512 + tarPadded(memberSize);
  }
  return entries;
}
