/**
 * SolarizeAdd: `p → clamp(p + addition, 0, 255)` if `p < threshold`, else `p`.
 *
 * Reference: TF Model Garden `augment.py` `solarize_add` (RandAugment, https://arxiv.org/abs/1909.13719).
 * Spec: `randaugment.md` §6.16. In RandAugment's op order it comes after Cutout, not next to Solarize.
 * Deviation: none (bit-exact).
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {applyGrouped, checkImages, perImageNumbers} from '../internal/images';
import type {AugmentOp, PerImage} from '../types';

function solarizeAddImpl(images: Tensor4D, addition: PerImage<number>, threshold: PerImage<number>): Tensor4D {
  const {n} = checkImages('solarizeAdd', images);
  const a = perImageNumbers('solarizeAdd', 'addition', addition, n, {integer: true, min: -255, max: 255});
  const t = perImageNumbers('solarizeAdd', 'threshold', threshold, n, {integer: true, min: 0, max: 256});
  const keys = a.map((v, i) => [v, t[i] as number] as const);
  return tf.tidy(() => applyGrouped(images, keys, (k) => `${k[0]}/${k[1]}`, (x, [add, thr]) => {
    if (thr === 0 || add === 0) return tf.clone(x);
    let added = tf.add(x, add);
    // Only values below `thr` are kept, so the clamp is needed only if they can leave 0..255.
    if (add < 0 || thr - 1 + add > 255) added = tf.clipByValue(added, 0, 255);
    return tf.where(tf.less(x, thr), added, x) as Tensor4D;
  }));
}

/**
 * Adds `addition` to the values below `threshold`, clamped to 0..255.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param addition Integer −255..255, one for the batch or one per image (99 at magnitude 9).
 * @param threshold Integer 0..256, default 128, one for the batch or one per image.
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for bad arguments.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {solarizeAdd} from 'consistency-tfjs';
 * solarizeAdd(tf.fill([1, 1, 1, 3], 100) as tf.Tensor4D, 99).print(); // 199
 * ```
 */
export function solarizeAdd(images: Tensor4D, addition: PerImage<number>, threshold: PerImage<number> = 128): Tensor4D {
  return solarizeAddImpl(images, addition, threshold);
}

/** Registry record: level L gives `addition = int(110·L/10)` (99 at magnitude 9), threshold 128. @internal */
export const solarizeAddOp: AugmentOp<{addition: number; threshold: number}> = {
  name: 'SolarizeAdd',
  signed: false,
  levelToArgs: (level, ctx) => ({addition: Math.trunc((level / ctx.maxLevel) * 110), threshold: 128}),
  apply: (images, args) => solarizeAddImpl(images, args.map((a) => a.addition), args.map((a) => a.threshold)),
};
