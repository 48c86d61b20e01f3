/**
 * Cutout: paints a square patch of side up to `2·padSize`, centred on a given pixel and clipped at the
 * borders, with a constant (128 by default) in all three channels.
 *
 * Reference: TF Model Garden `augment.py` `cutout` (DeVries & Taylor 2017, https://arxiv.org/abs/1708.04552;
 * RandAugment, https://arxiv.org/abs/1909.13719). Spec: `randaugment.md` §6.15: rows
 * `[max(0, cy − pad), min(H, cy + pad))` × columns `[max(0, cx − pad), min(W, cx + pad))`.
 * Deviation: the centre is an argument (RandAugment draws it in `sample`, uniformly over the image, as the
 * reference draws it inside the op), so that the op is deterministic and testable.
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {checkFill, checkImages, perImageNumbers, perImageValues} from '../internal/images';
import type {AugmentOp, CutoutOptions, PerImage} from '../types';

type Centre = readonly [y: number, x: number];

/** Whether `v` is one `[y, x]` pair of integers. @internal */
export function isCentre(v: unknown): v is Centre {
  return Array.isArray(v) && v.length === 2 && v.every((c) => typeof c === 'number' && Number.isInteger(c));
}

/**
 * Paints one patch per image.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param padSize Half side of the patch in pixels, integer >= 0 (36 at magnitude 9), one for the batch or one per image.
 * @param centers Patch centre `[y, x]` (integers; row, column), one for the batch or one per image.
 * @param options `fill`: the painted value, 0..255, default 128.
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for bad arguments.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {cutout} from 'consistency-tfjs';
 * const images = tf.zeros([2, 72, 72, 3]) as tf.Tensor4D;
 * const out = cutout(images, 36, [[0, 0], [40, 12]]);
 * ```
 */
export function cutout(images: Tensor4D, padSize: PerImage<number>, centers: PerImage<readonly [y: number, x: number]>,
  options?: CutoutOptions): Tensor4D {
  const {n, height, width} = checkImages('cutout', images);
  const pads = perImageNumbers('cutout', 'padSize', padSize, n, {integer: true, min: 0});
  const cs = perImageValues<Centre>('cutout', 'centers', centers as PerImage<Centre>, n, isCentre);
  const fill = options?.fill === undefined ? 128 : checkFill('cutout', options.fill);
  if (n === 0) return tf.clone(images);
  return tf.tidy(() => {
    const per = height * width * 3;
    const mask = new Uint8Array(n * per);
    let any = false;
    for (let i = 0; i < n; i++) {
      const [cy, cx] = cs[i] as Centre;
      const pad = pads[i] as number;
      const r0 = Math.max(0, cy - pad);
      const r1 = Math.min(height, cy + pad);
      const c0 = Math.max(0, cx - pad);
      const c1 = Math.min(width, cx + pad);
      for (let r = r0; r < r1 && c0 < c1; r++) {
        mask.fill(1, i * per + (r * width + c0) * 3, i * per + (r * width + c1) * 3);
        any = true;
      }
    }
    if (!any) return tf.clone(images);
    return tf.where(tf.tensor4d(mask, images.shape, 'bool'), tf.fill(images.shape, fill), images);
  });
}

/**
 * Registry record: level L gives `padSize = int(cutoutConst·L/10)` (36 at magnitude 9) and a centre drawn
 * uniformly over the image. @internal
 */
export const cutoutOp: AugmentOp<{padSize: number; center: [number, number]}> = {
  name: 'Cutout',
  signed: false,
  levelToArgs: (level, ctx, rng) => ({
    padSize: Math.trunc((level / ctx.maxLevel) * ctx.cutoutConst),
    center: [rng.int(0, ctx.height), rng.int(0, ctx.width)],
  }),
  apply: (images, args, ctx) => cutout(images, args.map((a) => a.padSize), args.map((a) => a.center), {fill: ctx.fill}),
};
