/**
 * Equalize: histogram equalisation of each channel of each image (Pillow's algorithm, integer arithmetic).
 *
 * Reference: TF Model Garden `augment.py` `equalize` (Pillow `ImageOps.equalize`; RandAugment,
 * https://arxiv.org/abs/1909.13719). Spec: `randaugment.md` §6.2. Per channel: `h` = 256-bin histogram,
 * `step = floor((H·W − h[max value]) / 255)`; if `step = 0` the channel is unchanged, else
 * `lut[0] = 0`, `lut[v] = floor((C[v − 1] + floor(step / 2)) / step)` (C the inclusive cumulative histogram),
 * clamped to 0..255. Deviation: none (bit-exact).
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {checkImages} from '../internal/images';
import {TensorCache} from '../internal/tensor_cache';
import type {AugmentOp} from '../types';

/** `256·c + 768·i` for every value of image i, channel c: the bin of (image, channel, value) is value + offset. */
function binOffsets(n: number, height: number, width: number, cache: TensorCache): tf.Tensor4D {
  let cap = 1;
  while (cap < n) cap *= 2;
  const all = cache.get(`${height}x${width}:binoffsets:${cap}`, () => {
    const per = height * width * 3;
    const data = new Float32Array(cap * per);
    for (let i = 0; i < cap; i++) {
      for (let k = 0; k < per; k++) data[i * per + k] = 768 * i + 256 * (k % 3);
    }
    return tf.tensor4d(data, [cap, height, width, 3]);
  });
  return cap === n ? all : tf.slice(all, 0, n);
}

/** Equalize with an optional owner cache (RandAugment keeps the bin offsets). @internal */
export function equalizeImpl(images: Tensor4D, cache: TensorCache | undefined): Tensor4D {
  const {n, height, width} = checkImages('equalize', images);
  if (n === 0 || height * width === 0) return tf.clone(images);
  return tf.tidy(() => {
    const bins = tf.cast(tf.add(images, binOffsets(n, height, width, cache ?? new TensorCache(false))), 'int32');
    const flatBins = tf.reshape(bins, [-1]) as tf.Tensor1D;
    const hist = tf.reshape(tf.bincount(flatBins, tf.tensor1d([], 'float32'), n * 768), [n * 3, 256]);
    const values = tf.reshape(tf.range(0, 256, 1, 'float32'), [1, 256]);
    // Count of the largest value present: the last non-zero bin of each row.
    const top = tf.max(tf.where(tf.greater(hist, 0), values, -1), 1, true);
    const last = tf.sum(tf.where(tf.equal(values, top), hist, 0), 1, true);
    const step = tf.floor(tf.div(tf.sub(height * width, last), 255));
    const cum = tf.cumsum(hist, 1);
    const shifted = tf.floorDiv(tf.add(cum, tf.floor(tf.div(step, 2))), tf.maximum(step, 1));
    const lut = tf.clipByValue(tf.concat([tf.zeros([n * 3, 1]), tf.slice(shifted, [0, 0], [n * 3, 255])], 1), 0, 255);
    const table = tf.where(tf.equal(step, 0), values, lut);
    return tf.reshape(tf.gather(tf.reshape(table, [-1]), flatBins), images.shape);
  });
}

/**
 * Equalises the histogram of every channel of every image independently.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {equalize} from 'consistency-tfjs';
 * const out = equalize(tf.zeros([4, 72, 72, 3]) as tf.Tensor4D); // flat channels stay unchanged
 * ```
 */
export function equalize(images: Tensor4D): Tensor4D {
  return equalizeImpl(images, undefined);
}

/** Registry record: no argument. @internal */
export const equalizeOp: AugmentOp<Record<string, never>> = {
  name: 'Equalize',
  signed: false,
  levelToArgs: () => ({}),
  apply: (images, _args, ctx) => equalizeImpl(images, ctx.cache),
};
