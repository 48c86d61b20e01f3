/**
 * `corrupt` and `corruptPixels`: apply any CIFAR-10-C corruption by name at a CIFAR severity.
 *
 * Paper: D. Hendrycks and T. Dietterich, "Benchmarking Neural Network Robustness to Common Corruptions and
 * Perturbations", ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference implementation: `make_cifar_c.py`
 * of hendrycks/robustness, as documented in spec/datasets.md §6 (settings per severity in §6.1).
 *
 * The generator is an approximation of the published CIFAR-10-C files: the reference set no random seed
 * (the files cannot be regenerated bit for bit) and relies on NumPy, SciPy, scikit-image, OpenCV, Pillow and
 * ImageMagick, whose behaviour is ported here from their documentation and sources. Each corruption's module
 * lists its `Deviation:`s; docs/robustness.md has the full table.
 *
 * Images are handled on the host (evaluation-time work): the tensor form reads the batch with
 * `await images.data()`, corrupts each image, and builds a new tensor. Results are `np.uint8(result)` of the
 * reference: integers 0..255, truncated.
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {InvalidArgumentError} from '../errors';
import {describeValue} from '../internal/assert';
import {checkPixelRange, checkShape, corruptTensor, planCorruption, runPlan} from './apply';
import {lookupCorruption} from './registry';
import type {CorruptOptions, CorruptionParams} from './types';

/**
 * Corrupts a batch of images with a CIFAR-10-C corruption.
 * @param images `[N, H, W, 3]` float32 or int32 tensor with values 0..255 (the uint8 range); not disposed.
 *   32×32 is the reference size; see each corruption's `sizeNote` for other sizes.
 * @param name File-stem name (`'glass_blur'`) or TFDS name (`'frosted_glass_blur'`); see {@link corruptionNames}.
 * @param severity 0 (returns the input values unchanged) … 5 (strongest), or an explicit settings object of
 *   that corruption (e.g. `{sigma: 0.05}` for `gaussian_noise`; field names in {@link CORRUPTIONS}).
 * @param options Seed, per-image stream offset and frost photographs ({@link CorruptOptions}).
 * @returns A new tensor with the shape and dtype of `images` holding integers 0..255; the caller disposes it.
 * @throws {@link UnknownOpError} for an unknown name; {@link InvalidArgumentError} for a bad severity, settings,
 *   options or pixel values; {@link ShapeError} for a bad shape; {@link UnsupportedError} for `frost` without
 *   `frostImages`. Arguments are checked before the images are read.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corrupt} from 'consistency-tfjs';
 * const images: tf.Tensor4D = tf.randomUniform([8, 32, 32, 3], 0, 256, 'int32');
 * const foggy = await corrupt(images, 'fog', 5, {seed: 42});
 * const glass = await corrupt(images, 'frosted_glass_blur', 3, {seed: 42});
 * tf.dispose([images, foggy, glass]);
 * ```
 */
export function corrupt(
  images: Tensor4D, name: string, severity: number | CorruptionParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  let def;
  try {
    def = lookupCorruption(name, 'corrupt');
  } catch (e) {
    return Promise.reject(e);
  }
  return corruptTensor('corrupt', def, images, severity, options);
}

/**
 * Corrupts images held in a plain byte array (for example a `CifarSplit`'s `images`), synchronously.
 * @param pixels `N·H·W·3` values 0..255, NHWC, RGB interleaved (a `Uint8Array`, or any numeric array).
 * @param shape `[N, H, W, 3]`; a CIFAR split is `[count, 32, 32, 3]`.
 * @param name File-stem or TFDS name of the corruption.
 * @param severity 0 … 5, or an explicit settings object (see {@link corrupt}).
 * @param options Seed, per-image stream offset and frost photographs ({@link CorruptOptions}).
 * @returns A new `Uint8Array` of the same length.
 * @throws The same errors as {@link corrupt}; {@link InvalidArgumentError} when `pixels` has the wrong length.
 * @example
 * ```ts
 * import {corruptPixels} from 'consistency-tfjs';
 * const pixels = new Uint8Array(2 * 32 * 32 * 3).fill(128);
 * const out = corruptPixels(pixels, [2, 32, 32, 3], 'contrast', 5);
 * console.log(out[0]); // 128: contrast keeps a flat image's mean
 * ```
 */
export function corruptPixels(
  pixels: ArrayLike<number>, shape: readonly [number, number, number, number], name: string,
  severity: number | CorruptionParams, options?: CorruptOptions,
): Uint8Array {
  const def = lookupCorruption(name, 'corruptPixels');
  const checked = checkShape('corruptPixels', shape);
  const expected = checked[0] * checked[1] * checked[2] * 3;
  if (pixels == null || typeof (pixels as {length?: unknown}).length !== 'number' || pixels.length !== expected) {
    throw new InvalidArgumentError(
      `corruptPixels: \`pixels\` must hold N·H·W·3 = ${expected} values for shape [${checked.join(', ')}]; ` +
        `got ${describeValue(pixels)}. Pass the images of exactly this shape.`, {argument: 'pixels'});
  }
  const plan = planCorruption('corruptPixels', def, severity, options, checked[1], checked[2]);
  if (!(pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray)) {
    checkPixelRange('corruptPixels', pixels);
  }
  return runPlan(plan, pixels, checked);
}
