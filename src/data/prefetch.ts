/**
 * Prefetching of a {@link BatchSource}: batch k+1 is requested from the source before batch k is handed to the
 * consumer, so the source's work for k+1 is under way (or done) while the consumer trains on k.
 *
 * Reference: `tf.data.Dataset.prefetch` in the Keras example. `tf.data` runs the producer on its own threads;
 * JavaScript has one thread, so what actually overlaps depends on the backend:
 *
 * - Asynchronous work of the source (file or network reads, `await`s) proceeds while the consumer works, on
 *   every backend.
 * - WebGL / WebGPU: kernels are queued to the GPU and return at once, so the host-side work for batch k+1
 *   (index maps, typed-array fills, uploads) overlaps with the device executing batch k.
 * - CPU (and WASM without threads), and tfjs-node: kernels run synchronously on the calling thread, so the
 *   preprocessing of batch k+1 runs before (not during) the training step of batch k. Prefetching then reorders
 *   work without saving time, and keeps `bufferSize` extra batches in memory.
 *
 * @module data
 */
import {checkNumber} from '../internal/assert';
import {disposeBatch, iterateBatches, type BatchSource} from './batch_source';

/** Options of {@link prefetch}. */
export interface PrefetchOptions {
  /** Batches requested ahead of the one being consumed. Default 1. */
  readonly bufferSize?: number;
}

/**
 * Wraps a source so that up to `bufferSize` batches are requested ahead of the consumer.
 *
 * Batches come out in the source's order. When the consumer stops early (`break`, an error), the batches
 * fetched ahead are disposed (with {@link disposeBatch}) and the source's iterator is closed.
 * @param source Any {@link BatchSource}.
 * @param options `bufferSize`, default 1.
 * @returns A source giving a fresh async generator per pass.
 * @throws {@link InvalidArgumentError} when `bufferSize` is not an integer >= 1.
 * @example
 * ```ts
 * import {cifarBatches, disposeBatch, prefetch, syntheticShapes10} from 'consistency-tfjs';
 * const data = syntheticShapes10({trainCount: 32, testCount: 8, seed: 1});
 * const source = prefetch(cifarBatches(data.train, {batchSize: 8, seed: 1, preprocess: 'none'}));
 * for await (const batch of source()) {
 *   disposeBatch(batch); // a training step would go here while the next batch is prepared
 * }
 * ```
 */
export function prefetch<B extends object>(
  source: BatchSource<B>, options: PrefetchOptions = {},
): () => AsyncGenerator<B, void, undefined> {
  const bufferSize = checkNumber('prefetch', 'bufferSize', options.bufferSize ?? 1, {min: 1, integer: true});
  return async function* prefetched(): AsyncGenerator<B, void, undefined> {
    const upstream = iterateBatches(source, 'prefetch');
    const queue: Array<Promise<IteratorResult<B, void>>> = [];
    let exhausted = false;
    // Keeps batch k (awaited next) and batches k+1..k+bufferSize requested.
    const fill = (): void => {
      while (!exhausted && queue.length < bufferSize + 1) queue.push(upstream.next());
    };
    try {
      for (;;) {
        fill();
        const r = await queue.shift()!;
        if (r.done) {
          exhausted = true;
          return;
        }
        yield r.value; // batches k+1..k+bufferSize were requested by fill() before this point
      }
    } finally {
      // Dispose what was fetched ahead and never handed over, then close the source.
      const pending = queue.splice(0);
      const settled = await Promise.allSettled(pending);
      for (const s of settled) if (s.status === 'fulfilled' && !s.value.done) disposeBatch(s.value.value);
      await upstream.return(undefined);
    }
  };
}
