/**
 * Seeded shuffling and batching of a {@link CifarSplit} into the {@link BatchSource} shapes the trainers take.
 *
 * Reference: the `tf.data` pipelines of the Keras example "Consistency training with supervision"
 * (`shuffle(1280, seed=42)` → map `preprocess_train` → `batch(128)` → prefetch; spec/self-training.md §1.1).
 *
 * Deviation: the example builds two independent pipelines (clean and noisy) and zips them, which lets teacher
 * and student batches drift apart (self-training.md §1.2). Here both views are made from ONE source element:
 * every batch yields `{clean, noisy, label}` where `noisy = noisy(view)` of the same images in the same order
 * (self-training.md §1.3). With `sharedGeometry: false` (default, as the reference) the two views draw their
 * flips and crops independently; with `true` the noisy view is computed from the clean view itself.
 * Deviation: the shuffle is a full permutation of the split per pass (not a 1,280-image buffer), drawn from
 * `seed` and the pass number only, so pass p is the same whatever was consumed before.
 *
 * @module data
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../errors';
import {check, checkNumber, checkOneOf, describeValue} from '../internal/assert';
import {normalizeSeed, randomSeed, Rng} from '../random/rng';
import type {ImageBatch, ViewBatch} from './batch_source';
import {checkSplit, splitToBatch, type CifarSplit} from './cifar_split';
import {preprocessTest, preprocessTrain, sampleCropFlip, type CropFlipOptions, type CropFlipPlan} from './preprocess';

/** Makes the student's view from a batch of preprocessed images (e.g. RandAugment's `distort`). Never disposes its input. */
export type NoisyViewFn = (images: tf.Tensor4D) => tf.Tensor4D;

/** Options of {@link cifarBatches}. */
export interface CifarBatchesOptions extends CropFlipOptions {
  /** Images per batch. Default 128 (the reference). */
  readonly batchSize?: number;
  /** Shuffle each pass. Default `true`. */
  readonly shuffle?: boolean;
  /** Seed of the shuffles and crops (integer or string); default a fresh random seed, readable as `source.seed`. */
  readonly seed?: number | string;
  /**
   * `'train'` (default): random flip, resize to `resizeTo`, random `cropTo` crop; `'test'`: resize to
   * `testSize`; `'none'`: the 32×32 pixels as they are.
   */
  readonly preprocess?: 'train' | 'test' | 'none';
  /** Side of the test view. Default 72. */
  readonly testSize?: number;
  /** Makes the noisy view; when given, batches are `{clean, noisy, label}` instead of `{image, label}`. */
  readonly noisy?: NoisyViewFn;
  /** `true`: the noisy view is made from the clean view (same flip and crop). Default `false`: independent draws. */
  readonly sharedGeometry?: boolean;
  /** Drop the last batch when it is smaller than `batchSize`. Default `false`. */
  readonly dropRemainder?: boolean;
  /** CIFAR-100: `'coarse'` yields the coarse labels. Default `'fine'` (the split's `labels`). */
  readonly labels?: 'fine' | 'coarse';
}

/** A {@link BatchSource} over a split: call it (or `pass(p)`) for a fresh pass. */
export interface CifarBatchSource<B> {
  /** Starts the next pass (pass 0, 1, 2, … in call order). */
  (): Generator<B, void, undefined>;
  /** Starts pass `index` (its shuffle and crops depend only on `seed` and `index`). */
  pass(index: number): Generator<B, void, undefined>;
  /** The seed in use (print it to reproduce a run). */
  readonly seed: number;
  /** Batches in one pass. */
  readonly batchesPerPass: number;
  /** Images in one pass (after `dropRemainder`). */
  readonly imagesPerPass: number;
  /** The split's `name` (e.g. `'synthetic-shapes-10/train'`), or `'unnamed split'`: print it with results. */
  readonly splitName: string;
}

/**
 * Batches of a split, seeded, as a {@link BatchSource}: `{image, label}` without `noisy`, `{clean, noisy, label}`
 * with it. Every batch is made when it is pulled; the consumer disposes it.
 *
 * @param split The images (e.g. `(await loadCifar10()).train` or `syntheticShapes10().train`).
 * @param options Batch size, shuffling, seed, preprocessing and the noisy view.
 * @returns A function returning a fresh generator per pass, with `seed`, `batchesPerPass` and `pass(p)`.
 *   Images are float32 `[B,H,W,3]` in 0..255; labels int32 `[B]`.
 * @throws {@link InvalidArgumentError} for bad options (before any tensor exists); a pass throws
 *   {@link ShapeError} when `noisy` returns a tensor of another shape than its input.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {cifarBatches, disposeBatch, syntheticShapes10} from 'consistency-tfjs';
 * const data = syntheticShapes10({trainCount: 64, testCount: 10, seed: 3});
 * const source = cifarBatches(data.train, {
 *   batchSize: 16, seed: 42, resizeTo: 40, cropTo: 32,
 *   noisy: (images: tf.Tensor4D) => tf.clipByValue(tf.add(images, tf.randomNormal(images.shape, 0, 8)), 0, 255) as tf.Tensor4D,
 * });
 * for (const batch of source()) {
 *   console.log(batch.clean.shape, batch.noisy.shape, batch.label.shape); // [16,32,32,3] ×2, [16]
 *   disposeBatch(batch);
 * }
 * ```
 */
export function cifarBatches<O extends CifarBatchesOptions = CifarBatchesOptions>(
  split: CifarSplit, options?: O,
): CifarBatchSource<CifarBatchOf<O>> {
  return makeBatches(split, options ?? {}) as CifarBatchSource<CifarBatchOf<O>>;
}

/** The batch type of {@link cifarBatches}: a {@link ViewBatch} when `noisy` is given, else an {@link ImageBatch}. */
export type CifarBatchOf<O extends CifarBatchesOptions> = O extends {noisy: NoisyViewFn}
  ? ViewBatch & {readonly label: tf.Tensor1D}
  : ImageBatch & {readonly label: tf.Tensor1D};

function makeBatches(split: CifarSplit, options: CifarBatchesOptions): CifarBatchSource<ImageBatch | ViewBatch> {
  const C = 'cifarBatches';
  checkSplit(split, C);
  const batchSize = checkNumber(C, 'batchSize', options.batchSize ?? 128, {min: 1, integer: true});
  const mode = checkOneOf(C, 'preprocess', options.preprocess ?? 'train', ['train', 'test', 'none'] as const);
  const labels = checkOneOf(C, 'labels', options.labels ?? 'fine', ['fine', 'coarse'] as const);
  check(labels === 'fine' || split.coarseLabels !== undefined, 'labels',
    () => `${C}: \`labels: 'coarse'\` needs a split with coarseLabels (CIFAR-100); got a split without.`);
  const testSize = checkNumber(C, 'testSize', options.testSize ?? 72, {min: 1, integer: true});
  const noisy = options.noisy;
  check(noisy === undefined || typeof noisy === 'function', 'noisy',
    () => `${C}: \`noisy\` must be a function (images: Tensor4D) => Tensor4D; got ${describeValue(noisy)}.`);
  const geometry: CropFlipOptions = {resizeTo: options.resizeTo ?? 96, cropTo: options.cropTo ?? 72, flip: options.flip ?? true};
  sampleCropFlip(new Rng(0), 0, geometry); // validates the sizes now, before any tensor exists
  const seed = options.seed === undefined ? randomSeed() : normalizeSeed(options.seed);
  const shuffle = options.shuffle ?? true;
  const shared = options.sharedGeometry ?? false;
  const imagesPerPass = options.dropRemainder ? Math.floor(split.count / batchSize) * batchSize : split.count;
  const batchesPerPass = Math.ceil(imagesPerPass / batchSize);
  const root = new Rng(seed);

  // Host draws happen here, outside any tidy; `view` only applies a plan.
  const plan = (rng: Rng, n: number): CropFlipPlan | undefined => (mode === 'train' ? sampleCropFlip(rng, n, geometry) : undefined);
  const view = (images: tf.Tensor4D, drawn: CropFlipPlan | undefined): tf.Tensor4D => {
    if (drawn) return preprocessTrain(images, drawn);
    if (mode === 'test') return preprocessTest(images, {size: testSize});
    return tf.clone(images);
  };

  function* pass(index: number): Generator<ImageBatch | ViewBatch, void, undefined> {
    checkNumber(C, 'pass index', index, {min: 0, integer: true});
    const order = shuffle ? root.fork(`shuffle/${index}`).permutation(split.count) : Int32Array.from({length: split.count}, (_, i) => i);
    const cleanRng = root.fork(`geometry/${index}`);
    const noisyRng = root.fork(`geometry-noisy/${index}`);
    for (let start = 0; start < imagesPerPass; start += batchSize) {
      const indices = order.subarray(start, Math.min(start + batchSize, imagesPerPass));
      const cleanPlan = plan(cleanRng, indices.length);
      const noisyPlan = noisy && !shared ? plan(noisyRng, indices.length) : cleanPlan;
      const raw = splitToBatch(split, indices, {labels});
      // Everything is computed and the raw images freed before the yield: a consumer that abandons the generator
      // (never calling return()) then leaks nothing.
      let batch: ImageBatch | ViewBatch;
      try {
        batch = noisy
          ? {...makeViews(raw.image, noisy, cleanPlan, noisyPlan), label: raw.label}
          : {image: tf.tidy(() => view(raw.image, cleanPlan)), label: raw.label};
      } catch (e) {
        raw.label.dispose();
        throw e;
      } finally {
        raw.image.dispose();
      }
      yield batch;
    }

    function makeViews(image: tf.Tensor4D, noisy: NoisyViewFn, cleanPlan: CropFlipPlan | undefined,
      noisyPlan: CropFlipPlan | undefined): {clean: tf.Tensor4D; noisy: tf.Tensor4D} {
      return tf.tidy(() => {
        const clean = view(image, cleanPlan);
        const base = shared ? clean : view(image, noisyPlan);
        let out = noisy(base);
        if (!(out instanceof tf.Tensor) || out.shape.join(',') !== base.shape.join(',')) {
          throw new ShapeError(`${C}: \`noisy\` must return a tensor of its input's shape [${base.shape.join(',')}]; ` +
            `got ${out instanceof tf.Tensor ? `[${out.shape.join(',')}]` : describeValue(out)}.`);
        }
        if (out === base || out === clean) out = tf.clone(out); // the two views must be separate tensors
        return {clean, noisy: out as tf.Tensor4D};
      });
    }
  }

  let next = 0;
  const source = () => pass(next++);
  return Object.assign(source, {pass, seed, batchesPerPass, imagesPerPass, splitName: split.name ?? 'unnamed split'});
}
