/**
 * AutoContrast: stretches each channel of each image so that its minimum becomes 0 and its maximum 255.
 *
 * Reference: TF Model Garden `augment.py` `autocontrast` (Pillow `ImageOps.autocontrast` without cutoff;
 * RandAugment, https://arxiv.org/abs/1909.13719). Spec: `randaugment.md` §6.1. In float32, per channel:
 * `scale = f32(255 / (hi − lo))`, `offset = f32(−lo · scale)`, `p → trunc(clamp(f32(f32(p · scale) + offset), 0, 255))`;
 * a flat channel (hi = lo) is returned unchanged. The maximum maps to 254 instead of 255 for some (lo, hi)
 * pairs, as in the reference. Deviation: none (bit-exact); Pillow differs on about 0.5 % of values.
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {affine, affinePerChannel} from '../internal/affine';
import {checkImages} from '../internal/images';
import type {AugmentOp} from '../types';

/**
 * Maximises the contrast of every channel of every image independently.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {autoContrast} from 'consistency-tfjs';
 * const img = tf.tensor4d([50, 60, 70, 100, 110, 120], [1, 1, 2, 3]);
 * autoContrast(img).print(); // [0, 0, 0, 255, 255, 255]
 * ```
 */
export function autoContrast(images: Tensor4D): Tensor4D {
  const {n, height, width} = checkImages('autoContrast', images);
  if (n === 0 || height * width === 0) return tf.clone(images);
  return tf.tidy(() => {
    // Per image and channel extremes, [n, 1, 1, 3]: a max-pool over the whole image.
    const hi = tf.maxPool(images, [height, width], 1, 'valid');
    const lo = tf.neg(tf.maxPool(affine(images, {scale: -1}), [height, width], 1, 'valid'));
    const stretch = tf.greater(hi, lo);
    const scale = tf.where(stretch, tf.div(255, tf.where(stretch, tf.sub(hi, lo), tf.onesLike(hi))), tf.onesLike(hi)) as tf.Tensor4D;
    const offset = tf.where(stretch, tf.neg(tf.mul(lo, scale)), tf.zerosLike(lo)) as tf.Tensor4D;
    // Per image, two one-pass per-channel affines: f32(p · scale), then f32(· + offset), each one rounding
    // as in the reference (element-wise broadcasting of [n, 1, 1, 3] is slow on cpu).
    const scales = tf.unstack(tf.reshape(scale, [n, 3])) as tf.Tensor1D[];
    const offsets = tf.unstack(tf.reshape(offset, [n, 3])) as tf.Tensor1D[];
    const parts = n === 1 ? [images] : tf.split(images, n, 0) as tf.Tensor4D[];
    const stretched = parts.map((p, i) => affinePerChannel(affinePerChannel(p, scales[i], undefined), undefined, offsets[i]));
    const t = stretched.length === 1 ? stretched[0] as tf.Tensor4D : tf.concat(stretched, 0);
    return tf.floor(tf.clipByValue(t, 0, 255)) as tf.Tensor4D;
  });
}

/** Registry record: no argument. @internal */
export const autoContrastOp: AugmentOp<Record<string, never>> = {
  name: 'AutoContrast',
  signed: false,
  levelToArgs: () => ({}),
  apply: (images) => autoContrast(images),
};
