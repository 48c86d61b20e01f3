/**
 * Solarize: `p → p` if `p < threshold`, else `255 − p`.
 *
 * Reference: TF Model Garden `augment.py` `solarize` (RandAugment, https://arxiv.org/abs/1909.13719).
 * Spec: `randaugment.md` §6.6 and correction 4. Deviation: a threshold of 256 (magnitude 10) leaves the
 * image unchanged, as Pillow does; inside `tf.data` the reference's uint8 conversion wraps 256 to 0 and
 * would invert every pixel, a numeric accident this library does not copy.
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {affine} from '../internal/affine';
import {applyGrouped, checkImages, perImageNumbers} from '../internal/images';
import type {AugmentOp, PerImage} from '../types';

function solarizeImpl(images: Tensor4D, threshold: PerImage<number>): Tensor4D {
  const {n} = checkImages('solarize', images);
  const t = perImageNumbers('solarize', 'threshold', threshold, n, {integer: true, min: 0, max: 256});
  return tf.tidy(() => applyGrouped(images, t, String, (x, v) =>
    v >= 256 ? tf.clone(x) : tf.where(tf.less(x, v), x, affine(x, {mean: 255, scale: -1})) as Tensor4D));
}

/**
 * Inverts the values at or above `threshold`.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param threshold Integer 0..256 (0 inverts everything, 256 nothing), one for the batch or one per image.
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for a bad `threshold`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {solarize} from 'consistency-tfjs';
 * solarize(tf.fill([1, 1, 1, 3], 240) as tf.Tensor4D, 230).print(); // 15
 * ```
 */
export function solarize(images: Tensor4D, threshold: PerImage<number>): Tensor4D {
  return solarizeImpl(images, threshold);
}

/** Registry record: level L gives `threshold = int(256·L/10)` (230 at magnitude 9). @internal */
export const solarizeOp: AugmentOp<{threshold: number}> = {
  name: 'Solarize',
  signed: false,
  levelToArgs: (level, ctx) => ({threshold: Math.min(256, Math.max(0, Math.trunc((level / ctx.maxLevel) * 256)))}),
  apply: (images, args) => solarizeImpl(images, args.map((a) => a.threshold)),
};
