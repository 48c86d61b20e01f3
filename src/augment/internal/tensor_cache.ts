/**
 * A keyed store of constant tensors (index maps, masks, offsets) that an owner keeps across calls and
 * frees with `dispose()`. A non-persistent cache only deduplicates within one op call: it does not
 * `tf.keep` what it builds, so the enclosing `tf.tidy` frees it, and op code has a single path with or
 * without an owner.
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** @internal */
export class TensorCache {
  private readonly entries = new Map<string, tf.Tensor>();

  /** @param persistent Keep built tensors (`tf.keep`) until {@link TensorCache.dispose}. */
  constructor(readonly persistent: boolean) {}

  /** The tensor stored under `key`, built by `build` on first use. */
  get<T extends tf.Tensor>(key: string, build: () => T): T {
    const hit = this.entries.get(key);
    if (hit && !hit.isDisposed) return hit as T;
    const t = this.persistent ? tf.keep(build()) : build();
    this.entries.set(key, t);
    return t;
  }

  /** Number of stored tensors. */
  get size(): number {
    return this.entries.size;
  }

  /** Frees every stored tensor. */
  dispose(): void {
    for (const t of this.entries.values()) t.dispose();
    this.entries.clear();
  }
}
