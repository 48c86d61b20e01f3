/**
 * Color: blends the image's grey version with the image (saturation change).
 *
 * Reference: TF Model Garden `augment.py` `color` (`rgb_to_grayscale` then `grayscale_to_rgb`, then blend;
 * RandAugment, https://arxiv.org/abs/1909.13719). Spec: `randaugment.md` §6.7, §5.2 and correction 6.
 * The luma is TF's uint8 recipe in float32: `r = f32(R·f32(1/255))` (likewise g, b), then
 * `q = f32(f32(f32(r·0.2989) + f32(g·0.587)) + f32(b·0.114))`, `Y = trunc(f32(q·255.5))`.
 * The per-channel products and the ordered sum are 1×1 convolutions, whose float32 accumulation rounds
 * exactly as this recipe does (one product per output channel, then one rounded add per term).
 * Deviation: none (bit-exact); not Pillow's integer luma.
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {blend} from '../internal/blend';
import {applyGrouped, checkImages, perImageNumbers} from '../internal/images';
import type {AugmentOp, PerImage} from '../types';

const f32 = Math.fround;
const INV255 = f32(1 / 255);
const WEIGHTS = [f32(0.2989), f32(0.587), f32(0.114)] as const;

/** The grey image Y of §5.2, replicated into three channels. Inside tf.tidy. */
function grayscale3(x: Tensor4D): Tensor4D {
  const scaled = tf.mul(x, INV255);
  const [wr, wg, wb] = WEIGHTS;
  const weighted = tf.conv2d(scaled as Tensor4D, tf.tensor4d([wr, 0, 0, 0, wg, 0, 0, 0, wb], [1, 1, 3, 3]), 1, 'valid');
  const q = tf.conv2d(weighted, tf.ones([1, 1, 3, 1]) as tf.Tensor4D, 1, 'valid');
  const y = tf.floor(tf.mul(q, 255.5)) as Tensor4D;
  return tf.conv2d(y, tf.ones([1, 1, 1, 3]) as tf.Tensor4D, 1, 'valid');
}

function colorImpl(images: Tensor4D, factor: PerImage<number>): Tensor4D {
  const {n} = checkImages('color', images);
  const f = perImageNumbers('color', 'factor', factor, n);
  return tf.tidy(() => applyGrouped(images, f, String, (x, v) => (v === 1 ? tf.clone(x) : blend(grayscale3(x), x, v))));
}

/**
 * Changes saturation: 0 gives the grey image, 1 the input, 1.72 (magnitude 9) a more colourful one.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param factor Enhancement factor (float32), one for the batch or one per image.
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for a bad `factor`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {color} from 'consistency-tfjs';
 * const px = tf.tensor4d([100, 150, 200], [1, 1, 1, 3]);
 * color(px, 1.72).print(); // [70, 156, 242]
 * ```
 */
export function color(images: Tensor4D, factor: PerImage<number>): Tensor4D {
  return colorImpl(images, factor);
}

/** Registry record: level L gives `factor = 1.8·L/10 + 0.1` (1.72 at magnitude 9). @internal */
export const colorOp: AugmentOp<{factor: number}> = {
  name: 'Color',
  signed: false,
  levelToArgs: (level, ctx) => ({factor: (level / ctx.maxLevel) * 1.8 + 0.1}),
  apply: (images, args) => colorImpl(images, args.map((a) => a.factor)),
};
