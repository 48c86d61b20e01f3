/**
 * Posterize: keeps the top `bits` bits of every value (`p AND (0xFF << (8 − bits))`).
 *
 * Reference: TF Model Garden `augment.py` `posterize` (uint8 right then left shift by `8 − bits`;
 * RandAugment, https://arxiv.org/abs/1909.13719). Spec: `randaugment.md` §6.5 and correction 5.
 * `bits = 0` behaves like `bits = 1` (the reference's uint8 shift clamps the shift amount to 7), not like
 * Pillow's all-black image. Deviation: none (bit-exact).
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {applyGrouped, checkImages, perImageNumbers} from '../internal/images';
import type {AugmentOp, PerImage} from '../types';

function posterizeImpl(images: Tensor4D, bits: PerImage<number>): Tensor4D {
  const {n} = checkImages('posterize', images);
  const b = perImageNumbers('posterize', 'bits', bits, n, {integer: true, min: 0, max: 8});
  return tf.tidy(() => applyGrouped(images, b, String, (x, v) => {
    const shift = Math.min(8 - v, 7);
    return shift === 0 ? tf.clone(x) : tf.sub(x, tf.mod(x, 2 ** shift));
  }));
}

/**
 * Reduces every value to its top `bits` bits.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param bits Bits kept, integer 0..8 (8 = unchanged; 0 acts as 1), one for the batch or one per image.
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for bad `bits`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {posterize} from 'consistency-tfjs';
 * posterize(tf.fill([1, 1, 1, 3], 255) as tf.Tensor4D, 3).print(); // 224
 * ```
 */
export function posterize(images: Tensor4D, bits: PerImage<number>): Tensor4D {
  return posterizeImpl(images, bits);
}

/** Registry record: level L keeps `int(4·L/10)` bits (3 at magnitude 9). @internal */
export const posterizeOp: AugmentOp<{bits: number}> = {
  name: 'Posterize',
  signed: false,
  levelToArgs: (level, ctx) => ({bits: Math.trunc((level / ctx.maxLevel) * 4)}),
  apply: (images, args) => posterizeImpl(images, args.map((a) => a.bits)),
};
