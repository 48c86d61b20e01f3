/**
 * The image preprocessing of the Keras example "Consistency training with supervision" (keras-io
 * `examples/vision/consistency_training.py`, spec/self-training.md §1.1):
 *
 * - train: random horizontal flip → bilinear resize to 96×96 (half-pixel centres, as TF2's `tf.image.resize`)
 *   → random 72×72 crop, every image drawing its own flip and crop offset (the reference maps before batching);
 * - test: bilinear resize to 72×72.
 *
 * Pixel values stay in 0..255 (float32). The draws are made on the host by {@link sampleCropFlip} (a plain-data
 * plan that can be printed and replayed); {@link preprocessTrain} applies a plan with `resizeBilinear` and one
 * `gather` over a precomputed index map, ops every backend implements (never `tf.image.transform`).
 *
 * Deviation: the flip is applied after the resize, folded into the crop's index map. With half-pixel centres,
 * resizing commutes with a horizontal flip, so the result equals the reference order up to float rounding
 * (checked by a test); the draws have the same distribution (flip with probability ½, offsets uniform in
 * 0..resizeTo−cropTo inclusive, as `tf.image.random_crop`).
 *
 * @module data
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, ShapeError} from '../errors';
import {checkNumber, describeValue} from '../internal/assert';
import type {Rng} from '../random/rng';

/** Options of {@link sampleCropFlip}. */
export interface CropFlipOptions {
  /** Side the images are resized to before cropping, in pixels. Default 96 (the reference). */
  readonly resizeTo?: number;
  /** Side of the square crop, in pixels (<= `resizeTo`). Default 72 (the reference). */
  readonly cropTo?: number;
  /** Whether to flip half of the images horizontally. Default `true`. */
  readonly flip?: boolean;
}

/** One draw of flips and crop offsets for a batch: plain data. */
export interface CropFlipPlan {
  /** Side after resizing. */
  readonly resizeTo: number;
  /** Side of the crop. */
  readonly cropTo: number;
  /** Per image: flipped horizontally? */
  readonly flips: readonly boolean[];
  /** Per image: top-left corner `[y, x]` of the crop in the resized (and flipped) image, each in 0..resizeTo−cropTo. */
  readonly offsets: ReadonlyArray<readonly [number, number]>;
}

/**
 * Draws flips and crop offsets for `count` images (host only; no tensor is made).
 * @param rng The random stream (e.g. `new Rng(42).fork('geometry')`).
 * @param count Number of images.
 * @param options Sizes and whether to flip; defaults are the reference's 96 and 72.
 * @returns The plan, to pass to {@link preprocessTrain}.
 * @throws {@link InvalidArgumentError} for sizes that are not positive integers or a crop larger than the resize.
 * @example
 * ```ts
 * import {Rng, sampleCropFlip} from 'consistency-tfjs';
 * const plan = sampleCropFlip(new Rng(1), 2);
 * console.log(plan.flips, plan.offsets); // e.g. [true, false] [[3, 17], [24, 0]]
 * ```
 */
export function sampleCropFlip(rng: Rng, count: number, options: CropFlipOptions = {}): CropFlipPlan {
  const {resizeTo, cropTo} = checkSizes('sampleCropFlip', options);
  checkNumber('sampleCropFlip', 'count', count, {min: 0, integer: true});
  const flip = options.flip ?? true;
  const flips: boolean[] = [];
  const offsets: Array<readonly [number, number]> = [];
  for (let i = 0; i < count; i++) {
    flips.push(flip ? rng.bool() : false);
    offsets.push([rng.int(0, resizeTo - cropTo + 1), rng.int(0, resizeTo - cropTo + 1)]);
  }
  return {resizeTo, cropTo, flips, offsets};
}

function checkSizes(component: string, options: CropFlipOptions): {resizeTo: number; cropTo: number} {
  const resizeTo = checkNumber(component, 'resizeTo', options.resizeTo ?? 96, {min: 1, integer: true});
  const cropTo = checkNumber(component, 'cropTo', options.cropTo ?? 72, {min: 1, integer: true});
  if (cropTo > resizeTo) {
    throw new InvalidArgumentError(`${component}: \`cropTo\` must be <= \`resizeTo\`; got cropTo ${cropTo} and resizeTo ` +
      `${resizeTo}.`, {argument: 'cropTo'});
  }
  return {resizeTo, cropTo};
}

function checkImages(component: string, images: tf.Tensor4D): void {
  if (!(images instanceof tf.Tensor) || images.rank !== 4) {
    throw new ShapeError(`${component}: \`images\` must be a rank-4 tensor [N,H,W,C]; got ${
      images instanceof tf.Tensor ? `shape [${images.shape.join(',')}]` : describeValue(images)}.`);
  }
}

/**
 * The training view of the reference: resize to `plan.resizeTo` (bilinear, half-pixel centres), then flip and
 * crop every image as the plan says.
 * @param images `[N,H,W,C]` pixels in 0..255 (float32 or int32); not disposed.
 * @param plan A plan for N images from {@link sampleCropFlip}.
 * @returns float32 `[N, cropTo, cropTo, C]`, values in 0..255; the caller disposes it.
 * @throws {@link ShapeError} when `images` is not rank 4 or the plan is for another number of images.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {Rng, preprocessTrain, sampleCropFlip} from 'consistency-tfjs';
 * const images = tf.zeros([2, 32, 32, 3]) as tf.Tensor4D;
 * const out = preprocessTrain(images, sampleCropFlip(new Rng(7), 2));
 * console.log(out.shape); // [2, 72, 72, 3]
 * tf.dispose([images, out]);
 * ```
 */
export function preprocessTrain(images: tf.Tensor4D, plan: CropFlipPlan): tf.Tensor4D {
  checkImages('preprocessTrain', images);
  const {resizeTo, cropTo} = checkSizes('preprocessTrain', plan);
  const [n, , , channels] = images.shape;
  if (!Array.isArray(plan.flips) || !Array.isArray(plan.offsets) || plan.flips.length !== n || plan.offsets.length !== n) {
    throw new ShapeError(`preprocessTrain: the plan is for ${plan.flips?.length} images; got ${n} images. ` +
      'Draw the plan with sampleCropFlip(rng, images.shape[0]).');
  }
  const index = new Int32Array(n * cropTo * cropTo);
  const maxOffset = resizeTo - cropTo;
  let k = 0;
  for (let b = 0; b < n; b++) {
    const [oy, ox] = plan.offsets[b] as readonly [number, number];
    if (!(Number.isInteger(oy) && Number.isInteger(ox) && oy >= 0 && ox >= 0 && oy <= maxOffset && ox <= maxOffset)) {
      throw new InvalidArgumentError(`preprocessTrain: offset of image ${b} must be integers in 0..${maxOffset}; got ` +
        `[${oy}, ${ox}].`, {argument: 'plan'});
    }
    const base = b * resizeTo * resizeTo;
    const flip = plan.flips[b] === true;
    for (let y = 0; y < cropTo; y++) {
      const row = base + (oy + y) * resizeTo;
      // Crop column x of the flipped image is column resizeTo-1-(ox+x) of the unflipped one.
      if (flip) for (let x = 0; x < cropTo; x++) index[k++] = row + resizeTo - 1 - ox - x;
      else for (let x = 0; x < cropTo; x++) index[k++] = row + ox + x;
    }
  }
  return tf.tidy(() => {
    const resized = tf.image.resizeBilinear(images, [resizeTo, resizeTo], false, true);
    const rows = tf.reshape(resized, [n * resizeTo * resizeTo, channels]);
    const picked = tf.gather(rows, tf.tensor1d(index, 'int32'));
    return tf.reshape(picked, [n, cropTo, cropTo, channels]) as tf.Tensor4D;
  });
}

/**
 * The test view of the reference: bilinear resize (half-pixel centres) to `size`×`size`.
 * @param images `[N,H,W,C]` pixels in 0..255; not disposed.
 * @param options `size` in pixels, default 72.
 * @returns float32 `[N, size, size, C]`; the caller disposes it.
 * @throws {@link ShapeError} when `images` is not rank 4; {@link InvalidArgumentError} for a bad size.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {preprocessTest} from 'consistency-tfjs';
 * const images = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
 * const out = preprocessTest(images);
 * console.log(out.shape); // [1, 72, 72, 3]
 * tf.dispose([images, out]);
 * ```
 */
export function preprocessTest(images: tf.Tensor4D, options: {size?: number} = {}): tf.Tensor4D {
  checkImages('preprocessTest', images);
  const size = checkNumber('preprocessTest', 'size', options.size ?? 72, {min: 1, integer: true});
  return tf.tidy(() => tf.cast(tf.image.resizeBilinear(images, [size, size], false, true), 'float32'));
}
