/**
 * The compact in-memory form of a split of 32×32 colour images, and helpers that turn parts of it into tensors.
 *
 * A split stores pixels as one `Uint8Array` in NHWC order (`count × 32 × 32 × 3` bytes: 3 KiB an image, so the
 * 50,000 CIFAR-10 training images take 150 MiB) and labels as an `Int32Array`. Tensors are made per batch
 * ({@link splitToBatch}), never one giant float tensor for the whole split (which would take 600 MiB).
 *
 * @module data
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, ShapeError} from '../errors';
import {describeValue} from '../internal/assert';
import type {ImageBatch} from './batch_source';

/** Side of a CIFAR image in pixels. */
export const CIFAR_IMAGE_SIZE = 32;
/** Bytes of one image (`32 × 32 × 3`). */
export const CIFAR_IMAGE_BYTES = CIFAR_IMAGE_SIZE * CIFAR_IMAGE_SIZE * 3;

/** A split of images: pixels NHWC uint8, one integer label per image. */
export interface CifarSplit {
  /** `count × 32 × 32 × 3` bytes, HWC per image (R, G, B interleaved), rows top to bottom. */
  readonly images: Uint8Array;
  /** One label per image (CIFAR-100: the fine label, or the coarse one when loaded with `label: 'coarse'`). */
  readonly labels: Int32Array;
  /** Number of images. */
  readonly count: number;
  /** CIFAR-100 only: the coarse (superclass) label of every image. */
  readonly coarseLabels?: Int32Array;
  /** What the images are, e.g. `'cifar10/train'` or `'synthetic-shapes-10/test'`; print it with results. */
  readonly name?: string;
}

/** A dataset as the loaders return it: named, with train and test splits and class names. */
export interface CifarDataset {
  /** What the data are, e.g. `'cifar10'`, `'cifar100'` or `'synthetic-shapes-10'`; print it with every result. */
  readonly name: string;
  /** Training split. */
  readonly train: CifarSplit;
  /** Test split. */
  readonly test: CifarSplit;
  /** Class names, index = label (a fresh array: changing it changes nothing else). */
  readonly classes: string[];
}

/**
 * Checks that `split` is a consistent {@link CifarSplit}.
 * @internal
 */
export function checkSplit(split: CifarSplit, component: string, argument = 'split'): void {
  const ok = typeof split === 'object' && split !== null && split.images instanceof Uint8Array &&
    split.labels instanceof Int32Array && Number.isInteger(split.count) && split.count >= 0;
  if (!ok) {
    throw new InvalidArgumentError(
      `${component}: \`${argument}\` must be a CifarSplit {images: Uint8Array, labels: Int32Array, count}; ` +
        `got ${describeValue(split)}.`, {argument});
  }
  if (split.images.length !== split.count * CIFAR_IMAGE_BYTES || split.labels.length !== split.count ||
      (split.coarseLabels !== undefined && split.coarseLabels.length !== split.count)) {
    throw new ShapeError(
      `${component}: \`${argument}\` is inconsistent; got count ${split.count}, ${split.images.length} image bytes ` +
        `and ${split.labels.length} labels. Expected count × ${CIFAR_IMAGE_BYTES} image bytes and count labels.`);
  }
}

/**
 * A new split holding the images at `indices`, in that order (a copy).
 * @param split The source split.
 * @param indices Image indices (repeats allowed).
 * @returns A compact copy.
 * @throws {@link InvalidArgumentError} when an index is out of range.
 * @example
 * ```ts
 * import {subsetSplit, type CifarSplit} from 'consistency-tfjs';
 * const split: CifarSplit = {images: new Uint8Array(3 * 3072), labels: Int32Array.from([0, 1, 2]), count: 3};
 * console.log(subsetSplit(split, [2, 0]).labels); // Int32Array [2, 0]
 * ```
 */
export function subsetSplit(split: CifarSplit, indices: ArrayLike<number>): CifarSplit {
  checkSplit(split, 'subsetSplit');
  const n = indices.length;
  const images = new Uint8Array(n * CIFAR_IMAGE_BYTES);
  const labels = new Int32Array(n);
  const coarse = split.coarseLabels ? new Int32Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const j = indices[i] as number;
    if (!Number.isInteger(j) || j < 0 || j >= split.count) {
      throw new InvalidArgumentError(
        `subsetSplit: index ${i} is ${j}, outside 0..${split.count - 1}. Pass indices of images in the split.`,
        {argument: 'indices'});
    }
    images.set(split.images.subarray(j * CIFAR_IMAGE_BYTES, (j + 1) * CIFAR_IMAGE_BYTES), i * CIFAR_IMAGE_BYTES);
    labels[i] = split.labels[j] as number;
    if (coarse) coarse[i] = split.coarseLabels![j] as number;
  }
  return withMeta({images, labels, count: n}, coarse, split.name);
}

/**
 * One split made of several, in order (e.g. the five CIFAR-10 training batches).
 * @param splits Splits to join; all or none carry `coarseLabels`.
 * @returns A new compact split.
 * @example
 * ```ts
 * import {concatSplits, type CifarSplit} from 'consistency-tfjs';
 * const a: CifarSplit = {images: new Uint8Array(3072), labels: Int32Array.from([1]), count: 1};
 * console.log(concatSplits([a, a]).count); // 2
 * ```
 */
export function concatSplits(splits: readonly CifarSplit[]): CifarSplit {
  splits.forEach((s, i) => checkSplit(s, 'concatSplits', `splits[${i}]`));
  const withCoarse = splits.filter((s) => s.coarseLabels !== undefined).length;
  if (withCoarse !== 0 && withCoarse !== splits.length) {
    throw new InvalidArgumentError(
      `concatSplits: ${withCoarse} of ${splits.length} splits carry coarseLabels; got a mix. Join splits of one dataset.`,
      {argument: 'splits'});
  }
  const count = splits.reduce((n, s) => n + s.count, 0);
  const images = new Uint8Array(count * CIFAR_IMAGE_BYTES);
  const labels = new Int32Array(count);
  const coarse = withCoarse ? new Int32Array(count) : undefined;
  let at = 0;
  for (const s of splits) {
    images.set(s.images, at * CIFAR_IMAGE_BYTES);
    labels.set(s.labels, at);
    if (coarse) coarse.set(s.coarseLabels!, at);
    at += s.count;
  }
  const names = new Set(splits.map((s) => s.name));
  return withMeta({images, labels, count}, coarse, names.size === 1 ? splits[0]?.name : undefined);
}

/** Adds the optional fields that are defined (so that absent ones stay absent). @internal */
export function withMeta(split: CifarSplit, coarseLabels: Int32Array | undefined, name: string | undefined): CifarSplit {
  return {...split, ...(coarseLabels ? {coarseLabels} : {}), ...(name !== undefined ? {name} : {})};
}

/**
 * Tensors for some images of a split: `image` float32 `[B,32,32,3]` holding 0..255, `label` int32 `[B]`.
 *
 * The bytes are converted on the host and uploaded once, so a batch costs one tensor per field.
 * @param split The split.
 * @param indices Image indices, or `{start, end}` (end exclusive) for a contiguous range.
 * @param options `labels: 'coarse'` takes CIFAR-100's coarse labels instead of `labels`.
 * @returns A new {@link ImageBatch}; the caller disposes it.
 * @throws {@link InvalidArgumentError} for an index outside the split or a missing `coarseLabels`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {splitToBatch, syntheticShapes10} from 'consistency-tfjs';
 * const data = syntheticShapes10({trainCount: 20, testCount: 10, seed: 1});
 * const batch = splitToBatch(data.test, {start: 0, end: 4});
 * console.log(batch.image.shape); // [4, 32, 32, 3]
 * tf.dispose([batch.image, batch.label!]);
 * ```
 */
export function splitToBatch(
  split: CifarSplit, indices: ArrayLike<number> | {start: number; end: number}, options: {labels?: 'fine' | 'coarse'} = {},
): ImageBatch & {label: tf.Tensor1D} {
  checkSplit(split, 'splitToBatch');
  const range = indices as {start?: unknown; end?: unknown};
  const isRange = typeof range.start === 'number' && typeof range.end === 'number' && !('length' in indices);
  const start = isRange ? (range.start as number) : 0;
  const n = isRange ? (range.end as number) - start : (indices as ArrayLike<number>).length;
  const at = (i: number): number => (isRange ? start + i : ((indices as ArrayLike<number>)[i] as number));
  if (isRange && (!Number.isInteger(start) || !Number.isInteger(range.end) || start < 0 || n < 0 || start + n > split.count)) {
    throw new InvalidArgumentError(
      `splitToBatch: range [${String(range.start)}, ${String(range.end)}) is not inside 0..${split.count}. ` +
        'Pass integers with 0 <= start <= end <= split.count.', {argument: 'indices'});
  }
  const useCoarse = options.labels === 'coarse';
  if (useCoarse && !split.coarseLabels) {
    throw new InvalidArgumentError("splitToBatch: `labels: 'coarse'` needs a split with coarseLabels (CIFAR-100); got none.",
      {argument: 'labels'});
  }
  const source = useCoarse ? split.coarseLabels! : split.labels;
  const pixels = new Float32Array(n * CIFAR_IMAGE_BYTES);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = at(i);
    if (!Number.isInteger(j) || j < 0 || j >= split.count) {
      throw new InvalidArgumentError(`splitToBatch: index ${i} is ${j}, outside 0..${split.count - 1}.`, {argument: 'indices'});
    }
    const src = j * CIFAR_IMAGE_BYTES;
    const dst = i * CIFAR_IMAGE_BYTES;
    for (let k = 0; k < CIFAR_IMAGE_BYTES; k++) pixels[dst + k] = split.images[src + k] as number;
    labels[i] = source[j] as number;
  }
  return {
    image: tf.tensor4d(pixels, [n, CIFAR_IMAGE_SIZE, CIFAR_IMAGE_SIZE, 3], 'float32'),
    label: tf.tensor1d(labels, 'int32'),
  };
}
