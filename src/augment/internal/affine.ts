/**
 * `offset + (x − mean) · scale` in one pass over the data, through `tf.batchNorm` with unit variance and no
 * epsilon (every backend implements it; on the CPU backend it is one tight loop, where the equivalent
 * `sub`, `mul`, `add` are three passes with per-element index arithmetic).
 *
 * Rounding: float32 backends (wasm, tfjs-node) round after each operation, like the reference. The CPU
 * backend evaluates the expression in double and rounds once, which is identical when at most one
 * operation is inexact: a scale alone (`f32(x·F)`), `x − D` exact (integers) then a scale, or an offset
 * alone. Callers use it only in those forms, or after checking a fixed table on the host.
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Parameters of {@link affine}; `mean` may be a tensor shaped like `x` (one value per element). @internal */
export interface AffineParams {
  readonly mean?: number | tf.Tensor4D;
  readonly scale?: number;
  readonly offset?: number;
}

const param = (v: number): tf.Tensor4D => tf.tensor4d([v], [1, 1, 1, 1]);

/** Must run inside `tf.tidy`. @internal */
export function affine(x: tf.Tensor4D, p: AffineParams): tf.Tensor4D {
  const mean = p.mean === undefined ? param(0) : typeof p.mean === 'number' ? param(p.mean) : p.mean;
  return tf.batchNorm(x, mean, param(1), param(p.offset ?? 0), param(p.scale ?? 1), 0);
}

/** Per-channel variant for one image: `offset[c] + x · scale[c]` with `[3]`-shaped device tensors. @internal */
export function affinePerChannel(x: tf.Tensor4D, scale: tf.Tensor1D | undefined, offset: tf.Tensor1D | undefined): tf.Tensor4D {
  return tf.batchNorm(x, tf.zeros([3]), tf.ones([3]), offset, scale, 0) as tf.Tensor4D;
}
