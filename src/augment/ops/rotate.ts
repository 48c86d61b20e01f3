/**
 * Rotate: turns the image about its pixel-grid centre ((W-1)/2, (H-1)/2); nearest-pixel sampling.
 *
 * Reference: TF Model Garden `augment.py` `wrapped_rotate` (RandAugment, Cubuk et al. 2019,
 * https://arxiv.org/abs/1909.13719), as run through TF >= 2.4's `ImageProjectiveTransformV3`.
 * Spec: `randaugment.md` §6.4 and §5.3. A positive angle turns the content counter-clockwise on screen
 * (the reference docstring says clockwise; its code does the opposite).
 * Deviation: none in `'reflect'` mode. The reference's wrap/unwrap pass is skipped: with reflection it
 * never changes a pixel (§5.3.3).
 * @module augment
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {warp, type WarpKind} from '../internal/geometry';
import {rotationAffine} from '../internal/warp_map';
import type {AugmentOp, GeometryOptions, PerImage} from '../types';

const KIND: WarpKind = {component: 'rotate', argument: 'degrees', tag: 'rot', affine: rotationAffine};

/**
 * Rotates every image by its angle.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param degrees Angle in degrees, one for the batch or one per image; positive = counter-clockwise.
 * @param options `fillMode` (default `'reflect'`, as the reference ran) and `fill` (default 128, for `'constant'`).
 * @returns A new float32 `[N, H, W, 3]` tensor; every value is copied from the input (or is `fill`).
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for bad arguments.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {rotate} from 'consistency-tfjs';
 * const images = tf.zeros([2, 72, 72, 3]) as tf.Tensor4D;
 * const out = rotate(images, [27, -27]);            // reflect fill, as the reference
 * const grey = rotate(images, 27, {fillMode: 'constant', fill: 128});
 * ```
 */
export function rotate(images: Tensor4D, degrees: PerImage<number>, options?: GeometryOptions): Tensor4D {
  return warp(KIND, images, degrees, options, undefined);
}

/** Registry record: level L gives `degrees = 30·L/10` (±27° at magnitude 9), sign drawn by the sampler. @internal */
export const rotateOp: AugmentOp<{degrees: number}> = {
  name: 'Rotate',
  signed: true,
  levelToArgs: (level, ctx) => ({degrees: (level / ctx.maxLevel) * 30}),
  apply: (images, args, ctx) => warp(KIND, images, args.map((a) => a.degrees), ctx, ctx.cache),
};
