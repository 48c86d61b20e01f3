/**
 * Sharpness: blends a smoothed image with the input (factor > 1 sharpens).
 *
 * Reference: TF Model Garden `augment.py` `sharpness` (Pillow's SMOOTH kernel `[[1,1,1],[1,5,1],[1,1,1]]/13`
 * as a 3×3 "valid" depthwise convolution, border ring restored from the input, then blend; RandAugment,
 * https://arxiv.org/abs/1909.13719). Spec: `randaugment.md` §6.10 and correction 3.
 *
 * The smoothed value is summed as the reference does: the nine taps in row-major window order, each a
 * rounded float32 product (`f32(p·f32(1/13))`, centre `f32(p·f32(5/13))`) added with one float32 rounding.
 * A tfjs convolution would add the unrounded products, which changes the truncated result on about 1 % of
 * interior values, so the taps are summed by one `tf.addN` (in-order float32 accumulation) over shifted
 * views of the flattened batch (a shift by one pixel is a contiguous slice of the flat array). Deviation: none expected (the fixtures'
 * tolerance allows ±1 on interior values).
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {blend} from '../internal/blend';
import {applyGrouped, checkImages, perImageNumbers} from '../internal/images';
import {TensorCache} from '../internal/tensor_cache';
import type {AugmentOp, PerImage} from '../types';

const W_SIDE = Math.fround(1 / 13);
const W_CENTRE = Math.fround(5 / 13);

/** True on the one-pixel border ring of every image, `[cap, H, W, 3]`, sliced to the first n images. */
function borderMask(n: number, height: number, width: number, cache: TensorCache): tf.Tensor4D {
  let cap = 1;
  while (cap < n) cap *= 2;
  const all = cache.get(`${height}x${width}:border:${cap}`, () => {
    const one = new Uint8Array(height * width * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (y === 0 || x === 0 || y === height - 1 || x === width - 1) one.fill(1, (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
    }
    const data = new Uint8Array(cap * one.length);
    for (let i = 0; i < cap; i++) data.set(one, i * one.length);
    return tf.tensor4d(data, [cap, height, width, 3], 'bool');
  });
  return cap === n ? all : tf.slice(all, 0, n);
}

/** The degenerate image D of §6.10 (smoothed interior, input on the border ring). Inside tf.tidy. */
function smoothed(x: Tensor4D, cache: TensorCache): Tensor4D {
  const [n, height, width] = x.shape;
  const flat = tf.reshape(x, [-1]);
  const total = flat.size;
  const row = width * 3;
  const start = row + 3; // first interior pixel (1, 1) of image 0
  const end = total - row - 3; // one past the last interior value of the last image
  const len = end - start;
  const side = tf.mul(flat, W_SIDE);
  const centre = tf.mul(flat, W_CENTRE);
  const taps: tf.Tensor1D[] = [];
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      taps.push(tf.slice(dy === 0 && dx === 0 ? centre : side, start + dy * row + dx * 3, len) as tf.Tensor1D);
    }
  }
  // addN accumulates its inputs in order with one float32 rounding per add (cpu: a single pass over
  // each view, about 4x cheaper than eight binary adds). Smoothed values lie in [0, 255.00001): no clamp.
  const interior = tf.floor(tf.addN(taps));
  const d = tf.reshape(tf.concat([tf.slice(flat, 0, start), interior, tf.slice(flat, end, total - end)]), x.shape);
  return tf.where(borderMask(n, height, width, cache), x, d) as Tensor4D;
}

/** Sharpness with an optional owner cache (RandAugment keeps the border mask). @internal */
export function sharpnessImpl(images: Tensor4D, factor: PerImage<number>, cache: TensorCache | undefined): Tensor4D {
  const {n, height, width} = checkImages('sharpness', images);
  const f = perImageNumbers('sharpness', 'factor', factor, n);
  return tf.tidy(() => applyGrouped(images, f, String, (x, v) => {
    // Below 3×3 every pixel is on the border, so D = X and the blend returns X.
    if (v === 1 || height < 3 || width < 3) return tf.clone(x);
    return blend(smoothed(x, cache ?? new TensorCache(false)), x, v);
  }));
}

/**
 * Sharpens (factor > 1) or blurs (factor < 1) with Pillow's SMOOTH kernel; the border ring is unchanged.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param factor Enhancement factor (float32; 1 = unchanged, 1.72 at magnitude 9), one for the batch or one per image.
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for a bad `factor`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {sharpness} from 'consistency-tfjs';
 * const out = sharpness(tf.zeros([2, 72, 72, 3]) as tf.Tensor4D, [1.72, 0.5]);
 * ```
 */
export function sharpness(images: Tensor4D, factor: PerImage<number>): Tensor4D {
  return sharpnessImpl(images, factor, undefined);
}

/** Registry record: level L gives `factor = 1.8·L/10 + 0.1` (1.72 at magnitude 9). @internal */
export const sharpnessOp: AugmentOp<{factor: number}> = {
  name: 'Sharpness',
  signed: false,
  levelToArgs: (level, ctx) => ({factor: (level / ctx.maxLevel) * 1.8 + 0.1}),
  apply: (images, args, ctx) => sharpnessImpl(images, args.map((a) => a.factor), ctx.cache),
};
