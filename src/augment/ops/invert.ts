/**
 * Invert: `p → 255 − p`.
 *
 * Reference: TF Model Garden `augment.py` `invert` (RandAugment, https://arxiv.org/abs/1909.13719).
 * Spec: `randaugment.md` §6.3. Deviation: none (bit-exact).
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {affine} from '../internal/affine';
import {checkImages} from '../internal/images';
import type {AugmentOp} from '../types';

/**
 * Inverts every value: `255 − p`.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {invert} from 'consistency-tfjs';
 * invert(tf.fill([1, 2, 2, 3], 10) as tf.Tensor4D).print(); // all 245
 * ```
 */
export function invert(images: Tensor4D): Tensor4D {
  checkImages('invert', images);
  return tf.tidy(() => affine(images, {mean: 255, scale: -1})); // 0 + (p - 255)·(-1), exact
}

/** Registry record: no argument. @internal */
export const invertOp: AugmentOp<Record<string, never>> = {
  name: 'Invert',
  signed: false,
  levelToArgs: () => ({}),
  apply: (images) => invert(images),
};
