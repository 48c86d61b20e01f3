/**
 * TranslateY: output (x, y) copies input (x, y + pixels); positive `pixels` moves the content up.
 *
 * Reference: TF Model Garden `augment.py` `translate_y` (RandAugment, https://arxiv.org/abs/1909.13719),
 * through TF >= 2.4's projective-transform kernel. Spec: `randaugment.md` §6.14 and §5.3. At 72×72 the
 * reference's 90-pixel shift exceeds the height, so the result is a mirrored, shifted copy, never grey.
 * Deviation: none in `'reflect'` mode.
 * @module augment
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {warp, type WarpKind} from '../internal/geometry';
import {translateYAffine} from '../internal/warp_map';
import type {AugmentOp, GeometryOptions, PerImage} from '../types';

const KIND: WarpKind = {component: 'translateY', argument: 'pixels', tag: 'ty', affine: (v) => translateYAffine(v)};

/**
 * Translates every image vertically.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param pixels Shift in pixels (float32; fractional shifts round per spec §5.3.2), one for the batch or one per image.
 * @param options `fillMode` (default `'reflect'`) and `fill` (default 128).
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for bad arguments.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {translateY} from 'consistency-tfjs';
 * const out = translateY(tf.zeros([2, 72, 72, 3]) as tf.Tensor4D, [90, -90]);
 * ```
 */
export function translateY(images: Tensor4D, pixels: PerImage<number>, options?: GeometryOptions): Tensor4D {
  return warp(KIND, images, pixels, options, undefined);
}

/** Registry record: level L gives `pixels = translateConst·L/10` (±90 at magnitude 9), sign drawn by the sampler. @internal */
export const translateYOp: AugmentOp<{pixels: number}> = {
  name: 'TranslateY',
  signed: true,
  levelToArgs: (level, ctx) => ({pixels: (level / ctx.maxLevel) * ctx.translateConst}),
  apply: (images, args, ctx) => warp(KIND, images, args.map((a) => a.pixels), ctx, ctx.cache),
};
