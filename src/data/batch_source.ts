/**
 * The one shape of training and evaluation data every loop of the library accepts.
 *
 * A {@link BatchSource} makes a fresh pass over the data each time it is asked: a function returning an
 * iterator (sync or async), an object with `iterator()` (the tfjs-data `Dataset` shape, whose iterator's
 * `next()` returns a promise), or a plain array of batches. Whoever pulls a batch from a source owns its
 * tensors and disposes them (the trainers, `updateBatchNormStatistics`, the evaluators), so a function or
 * Dataset source must create new tensors for every pass. An array source stays the caller's: `iterateBatches`
 * yields clones of its tensors (`tf.clone` shares the data, so this costs no copy), which consumers dispose like
 * any other batch, and the array can be iterated again; the caller disposes the array's tensors when done.
 *
 * @module data
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor, Tensor1D, Tensor2D, Tensor4D} from '@tensorflow/tfjs-core';
import {InvalidArgumentError} from '../errors';

/** A batch of images and (optional) labels: images `[B,H,W,C]` float32, labels `[B]` or `[B,1]` integer-valued. */
export interface ImageBatch {
  /** Images `[B,H,W,C]`, float32, pixel range as the consumer expects (0..255 in this library). */
  readonly image: Tensor4D;
  /** Integer class labels `[B]` or `[B,1]` (int32 or integer-valued float32). */
  readonly label?: Tensor1D | Tensor2D;
}

/** Two views of the same images for consistency training: `clean` for the teacher, `noisy` for the student. */
export interface ViewBatch {
  /** Teacher view `[B,H,W,C]`. */
  readonly clean: Tensor4D;
  /** Student view `[B,H,W,C]`, same images in the same order. */
  readonly noisy: Tensor4D;
  /** Integer class labels `[B]` or `[B,1]`. */
  readonly label: Tensor1D | Tensor2D;
}

/** A sync or async iterator, or a tfjs-data `LazyIterator` (whose `next()` returns a promise). */
export type AnyIterator<B> = Iterator<B> | AsyncIterator<B> | {next(): Promise<IteratorResult<B>>};

/**
 * Data for one or more passes: a function returning a fresh iterator per pass, an object with `iterator()`
 * (tfjs-data `Dataset`), or an array of batches.
 */
export type BatchSource<B> =
  | (() => AnyIterator<B> | Iterable<B> | AsyncIterable<B> | Promise<AnyIterator<B>>)
  | {iterator(): AnyIterator<B> | Promise<AnyIterator<B>>}
  | readonly B[];

function isIterator<B>(v: unknown): v is AnyIterator<B> {
  return typeof v === 'object' && v !== null && typeof (v as {next?: unknown}).next === 'function';
}

/**
 * Iterates one pass of a {@link BatchSource} as an async generator.
 *
 * @param source The data.
 * @param component Name used in error messages (e.g. `'SelfTrainer.fit'`).
 * @returns An async generator of batches; stopping early calls the underlying iterator's `return()`.
 * @throws {@link InvalidArgumentError} when `source` has none of the accepted shapes.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {iterateBatches, type ImageBatch} from 'consistency-tfjs';
 * function* batches(): Generator<ImageBatch> {
 *   for (let i = 0; i < 3; i++) yield {image: tf.zeros([2, 8, 8, 3]), label: tf.tensor1d([0, 1], 'int32')};
 * }
 * for await (const b of iterateBatches(batches, 'example')) {
 *   tf.dispose([b.image, b.label!]); // the consumer owns what it pulls
 * }
 * ```
 */
export async function* iterateBatches<B>(source: BatchSource<B>, component = 'iterateBatches'): AsyncGenerator<B> {
  let it: unknown;
  if (Array.isArray(source)) {
    for (const b of source as readonly B[]) yield cloneBatch(b);
    return;
  }
  if (typeof source === 'function') {
    it = await (source as () => unknown)();
  } else if (typeof source === 'object' && source !== null && typeof (source as {iterator?: unknown}).iterator === 'function') {
    it = await (source as {iterator(): unknown}).iterator();
  } else {
    throw new InvalidArgumentError(
      `${component}: data must be a function returning an iterator, an object with iterator() (a tfjs-data Dataset) ` +
        `or an array of batches; got ${source === null ? 'null' : typeof source}.`, {argument: 'data'});
  }
  if (!isIterator<B>(it)) {
    const maybeIterable = it as {[Symbol.asyncIterator]?: () => AsyncIterator<B>; [Symbol.iterator]?: () => Iterator<B>};
    if (maybeIterable && typeof maybeIterable[Symbol.asyncIterator] === 'function') it = maybeIterable[Symbol.asyncIterator]!();
    else if (maybeIterable && typeof maybeIterable[Symbol.iterator] === 'function') it = maybeIterable[Symbol.iterator]!();
    else {
      throw new InvalidArgumentError(
        `${component}: the data function must return an iterator or iterable; got ${it === null ? 'null' : typeof it}.`,
        {argument: 'data'});
    }
  }
  const iterator = it as AnyIterator<B> & {return?: () => unknown};
  let finished = false;
  try {
    for (;;) {
      const r = await iterator.next();
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (!finished && typeof iterator.return === 'function') await iterator.return();
  }
}

function isTensorLike(v: unknown): v is Tensor {
  return v != null && typeof (v as Tensor).dispose === 'function' && typeof (v as Tensor).dataId === 'object';
}

function isPlainContainer(v: unknown): v is object {
  return Array.isArray(v) || (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) &&
    Object.getPrototypeOf(v) === Object.prototype);
}

/** A batch with every tensor (at any depth of arrays and plain objects) replaced by a `tf.clone`. */
function cloneBatch<B>(b: B): B {
  if (isTensorLike(b)) return tf.clone(b) as B;
  if (Array.isArray(b)) return b.map((x) => cloneBatch(x)) as B;
  if (isPlainContainer(b)) return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, cloneBatch(v)])) as B;
  return b;
}

/**
 * Disposes every tensor in a batch: a tensor, an array of batches (zipped views) or an object's values, recursively.
 * @param batch A batch as pulled from a {@link BatchSource}.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {disposeBatch} from 'consistency-tfjs';
 * disposeBatch({image: tf.zeros([1, 2, 2, 3]), label: tf.tensor1d([0], 'int32')});
 * ```
 */
export function disposeBatch(batch: object): void {
  if (isTensorLike(batch)) {
    batch.dispose();
    return;
  }
  for (const v of Array.isArray(batch) ? batch : Object.values(batch)) {
    if (isTensorLike(v)) v.dispose();
    else if (isPlainContainer(v)) disposeBatch(v);
  }
}
