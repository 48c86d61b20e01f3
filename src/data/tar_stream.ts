/**
 * A push parser of uncompressed tar streams, for archives read chunk by chunk (e.g. through `node:zlib`'s gunzip)
 * without holding the whole archive in memory. Format and header decoding as {@link readTar} (`tar.ts`).
 *
 * @module data
 */
import {TarHeaderDecoder, tarCut, tarPadded, type ReadTarOptions, type TarEntry, type TarFile} from './tar';

/**
 * A push parser of an uncompressed tar stream: feed chunks in order, collect the selected members as they
 * complete. Only selected members are buffered; the others are skipped.
 *
 * @example
 * ```ts
 * import {TarStreamReader} from 'consistency-tfjs';
 * const reader = new TarStreamReader({select: (e) => e.name.endsWith('.bin')});
 * const files = reader.push(new Uint8Array(1024)); // chunks of any size, e.g. from a gunzip stream
 * reader.end();
 * console.log(files.length); // 0
 * ```
 */
export class TarStreamReader {
  private readonly decoder = new TarHeaderDecoder();
  private readonly select: (entry: TarEntry) => boolean;
  private readonly header = new Uint8Array(512);
  private headerFill = 0;
  private offset = 0; // archive bytes consumed so far
  private state: 'header' | 'data' | 'end' = 'header';
  private current: {entry?: TarEntry; meta: boolean; buf?: Uint8Array; fill: number; size: number; pad: number} | undefined;

  /** @param options `select` chooses the members to return (default: every file). */
  constructor(options: ReadTarOptions = {}) {
    this.select = options.select ?? ((e: TarEntry) => e.type === 'file');
  }

  /**
   * Consumes a chunk.
   * @param chunk The next bytes of the archive.
   * @returns The selected members completed by this chunk.
   */
  push(chunk: Uint8Array): TarFile[] {
    const done: TarFile[] = [];
    let i = 0;
    while (i < chunk.length && this.state !== 'end') {
      if (this.state === 'header') {
        const take = Math.min(512 - this.headerFill, chunk.length - i);
        this.header.set(chunk.subarray(i, i + take), this.headerFill);
        this.headerFill += take;
        i += take;
        if (this.headerFill < 512) break;
        this.headerFill = 0;
        const at = this.offset;
        this.offset += 512;
        const r = this.decoder.decode(this.header, at);
        if (r.kind === 'end') {
          this.state = 'end';
          break;
        }
        const size = r.kind === 'meta' ? r.size : r.entry.size;
        const keep = r.kind === 'meta' || this.select(r.entry);
        this.current = {
          ...(r.kind === 'entry' ? {entry: r.entry} : {}), meta: r.kind === 'meta',
          ...(keep ? {buf: new Uint8Array(size)} : {}), fill: 0, size, pad: tarPadded(size) - size,
        };
        this.state = 'data';
        this.finishIfComplete(done);
        continue;
      }
      const cur = this.current!;
      const remaining = cur.size - cur.fill + cur.pad;
      const take = Math.min(remaining, chunk.length - i);
      const dataTake = Math.max(0, Math.min(take, cur.size - cur.fill));
      if (cur.buf && dataTake > 0) cur.buf.set(chunk.subarray(i, i + dataTake), cur.fill);
      cur.fill += take;
      i += take;
      this.offset += take;
      this.finishIfComplete(done);
    }
    return done;
  }

  private finishIfComplete(done: TarFile[]): void {
    const cur = this.current;
    if (!cur || cur.fill < cur.size + cur.pad) return;
    if (cur.meta) this.decoder.meta(cur.buf!, this.offset - cur.fill);
    else if (cur.buf && cur.entry) done.push({...cur.entry, data: cur.buf});
    this.current = undefined;
    this.state = 'header';
  }

  /**
   * Declares the end of the stream.
   * @throws {@link ParseError} when the stream stopped inside a header or a member.
   */
  end(): void {
    if (this.state === 'end') return;
    if (this.headerFill > 0) tarCut(this.offset + this.headerFill, this.offset, 'a header');
    if (this.current) tarCut(this.offset, this.current.entry?.headerOffset ?? this.offset, this.current.entry?.name ?? 'an extended header');
  }
}
