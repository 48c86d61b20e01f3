/**
 * Host memory that a {@link RandAugment} keeps for its fused CPU kernel across calls: value tables, Blend
 * tables, source-index maps and step objects (keyed, bounded), and the two per-image scratch buffers the
 * kernel ping-pongs between. Plain JavaScript memory, no tensors; `clear()` drops it.
 * @internal
 * @module
 */

/** Beyond this many entries (at most 16 MB of Blend tables) the store is emptied before the next insertion. */
const ENTRY_LIMIT = 256;

/** @internal */
export class HostCache {
  private readonly entries = new Map<string, unknown>();
  private scratch: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];

  /** The value stored under `key`, built by `build` on first use. */
  get<T>(key: string, build: () => T): T {
    if (this.entries.has(key)) return this.entries.get(key) as T;
    if (this.entries.size >= ENTRY_LIMIT) this.entries.clear();
    const value = build();
    this.entries.set(key, value);
    return value;
  }

  /** Two distinct buffers of at least `size` values (reused across calls, grown when needed). */
  buffers(size: number): [Uint8Array, Uint8Array] {
    if (this.scratch[0].length < size) this.scratch = [new Uint8Array(size), new Uint8Array(size)];
    return this.scratch;
  }

  /** Number of stored entries (scratch buffers excluded). */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every entry and the scratch buffers. */
  clear(): void {
    this.entries.clear();
    this.scratch = [new Uint8Array(0), new Uint8Array(0)];
  }
}
