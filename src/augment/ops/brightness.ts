/**
 * Brightness: blends a black image with the input, `trunc(clamp(f32(F·p), 0, 255))`.
 *
 * Reference: TF Model Garden `augment.py` `brightness` (Pillow `ImageEnhance.Brightness` semantics;
 * RandAugment, https://arxiv.org/abs/1909.13719). Spec: `randaugment.md` §6.9 and §5.1.
 * Deviation: none (bit-exact).
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {blend} from '../internal/blend';
import {applyGrouped, checkImages, perImageNumbers} from '../internal/images';
import type {AugmentOp, PerImage} from '../types';

function brightnessImpl(images: Tensor4D, factor: PerImage<number>): Tensor4D {
  const {n} = checkImages('brightness', images);
  const f = perImageNumbers('brightness', 'factor', factor, n);
  return tf.tidy(() => applyGrouped(images, f, String, (x, v) => blend(0, x, v)));
}

/**
 * Scales every value by `factor` (0 = black, 1 = unchanged, 1.72 at magnitude 9).
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param factor Enhancement factor (float32), one for the batch or one per image.
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for a bad `factor`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {brightness} from 'consistency-tfjs';
 * brightness(tf.fill([1, 1, 1, 3], 100) as tf.Tensor4D, 1.72).print(); // 172
 * ```
 */
export function brightness(images: Tensor4D, factor: PerImage<number>): Tensor4D {
  return brightnessImpl(images, factor);
}

/** Registry record: level L gives `factor = 1.8·L/10 + 0.1` (1.72 at magnitude 9). @internal */
export const brightnessOp: AugmentOp<{factor: number}> = {
  name: 'Brightness',
  signed: false,
  levelToArgs: (level, ctx) => ({factor: (level / ctx.maxLevel) * 1.8 + 0.1}),
  apply: (images, args) => brightnessImpl(images, args.map((a) => a.factor)),
};
