/**
 * ShearX: row y samples the input shifted horizontally by `level·y` (anchored at row 0).
 *
 * Reference: TF Model Garden `augment.py` `shear_x` (RandAugment, https://arxiv.org/abs/1909.13719),
 * transform `[1, level, 0, 0, 1, 0, 0, 0]` through TF >= 2.4's projective-transform kernel.
 * Spec: `randaugment.md` §6.11, §5.3 and correction 2 (float32 coefficient and float32 coordinate arithmetic).
 * Deviation: none in `'reflect'` mode.
 * @module augment
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {warp, type WarpKind} from '../internal/geometry';
import {shearXAffine} from '../internal/warp_map';
import type {AugmentOp, GeometryOptions, PerImage} from '../types';

const KIND: WarpKind = {component: 'shearX', argument: 'level', tag: 'shx', affine: (v) => shearXAffine(v)};

/**
 * Shears every image along x: output (x, y) copies input (x + level·y, y), nearest pixel.
 * @param images float32 `[N, H, W, 3]`, integer values in 0..255 (not disposed).
 * @param level Shear coefficient (e.g. 0.27 at magnitude 9), one for the batch or one per image; used as float32.
 * @param options `fillMode` (default `'reflect'`) and `fill` (default 128).
 * @returns A new float32 `[N, H, W, 3]` tensor.
 * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]`; {@link InvalidArgumentError} for bad arguments.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {shearX} from 'consistency-tfjs';
 * const out = shearX(tf.zeros([1, 72, 72, 3]) as tf.Tensor4D, -0.27);
 * ```
 */
export function shearX(images: Tensor4D, level: PerImage<number>, options?: GeometryOptions): Tensor4D {
  return warp(KIND, images, level, options, undefined);
}

/** Registry record: level L gives `level = 0.3·L/10` (±0.27 at magnitude 9), sign drawn by the sampler. @internal */
export const shearXOp: AugmentOp<{level: number}> = {
  name: 'ShearX',
  signed: true,
  levelToArgs: (level, ctx) => ({level: (level / ctx.maxLevel) * 0.3}),
  apply: (images, args, ctx) => warp(KIND, images, args.map((a) => a.level), ctx, ctx.cache),
};
