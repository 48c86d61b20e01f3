/**
 * Contrast: blends a constant grey image with the input. The grey level is the reference's (buggy)
 * "mean": the histogram's total count divided by 256, i.e. `trunc(H·W / 256)` (20 at 72×72),
 * independent of the pixels.
 *
 * Reference: TF Model Garden `augment.py` `contrast` (RandAugment, https://arxiv.org/abs/1909.13719).
 * Spec: `randaugment.md` §6.8 (the bug is reproduced on purpose) and §5.1. The grayscale conversion the
 * reference computes is skipped: it cannot change the result. Deviation: none (bit-exact); unlike Pillow,
 * torchvision and timm, the true image mean is not used.
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {blend} from '../internal/blend';
import {applyGrouped, checkImages, perImageNumbers} from '../internal/images';
import type {AugmentOp, PerImage} from '../types';

function contrastImpl(images: Tensor4D, factor: PerImage<number>): Tensor4D {
  const {n, height, width} = checkImages('contrast', images);
  const f = perImageNumbers('contrast', 'factor', factor, n);
  const degenerate = Math.min(255, Math.floor(Math.fround(height * width) / 256));
  return tf.tidy(() => applyGrouped(images, f, String, (x, v) => blend(degenerate, x, v)));
}

/**
 * Changes contrast about the reference's constant grey level `trunc(H·W/256)`.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param factor Enhancement factor (float32; 1 = unchanged, 1.72 at magnitude 9), one for the batch or one per image.
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for a bad `factor`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {contrast} from 'consistency-tfjs';
 * contrast(tf.fill([1, 72, 72, 3], 100) as tf.Tensor4D, 1.72); // every value 157
 * ```
 */
export function contrast(images: Tensor4D, factor: PerImage<number>): Tensor4D {
  return contrastImpl(images, factor);
}

/** Registry record: level L gives `factor = 1.8·L/10 + 0.1` (1.72 at magnitude 9). @internal */
export const contrastOp: AugmentOp<{factor: number}> = {
  name: 'Contrast',
  signed: false,
  levelToArgs: (level, ctx) => ({factor: (level / ctx.maxLevel) * 1.8 + 0.1}),
  apply: (images, args) => contrastImpl(images, args.map((a) => a.factor)),
};
