// Helpers for the element-wise kernel tests: run a kernel with our replacement registered and without it.
import * as tf from '@tensorflow/tfjs-core';
import {registerTrainingKernels, unregisterTrainingKernels, type TrainingKernelName} from '../../src/kernels/register_training_kernels';

/** `f()` once with the stock kernels and once with `kernel` registered; returns both results as plain arrays. */
export function stockAndOurs(kernel: TrainingKernelName, f: () => tf.Tensor): {stock: tf.TypedArray; ours: tf.TypedArray; shapes: [number[], number[]]; dtypes: [string, string]} {
  unregisterTrainingKernels();
  const a = tf.tidy(f);
  const registered = registerTrainingKernels({kernels: [kernel]});
  if (registered.length !== 1) throw new Error(`${kernel} is not offered on ${tf.getBackend()}`);
  try {
    const b = tf.tidy(f);
    const out = {stock: a.dataSync(), ours: b.dataSync(), shapes: [a.shape, b.shape] as [number[], number[]], dtypes: [a.dtype, b.dtype] as [string, string]};
    tf.dispose([a, b]);
    return out;
  } finally {
    unregisterTrainingKernels();
  }
}

/** Bitwise equality of two float arrays (NaN equal to NaN, -0 different from +0). */
export function bitwiseEqual(a: tf.TypedArray, b: tf.TypedArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Deterministic values with negatives, zeros of both signs and (optionally) non-finite entries. */
export function values(shape: number[], salt: number, special = false): tf.Tensor {
  const size = shape.reduce((p, q) => p * q, 1);
  const v = Float32Array.from({length: size}, (_, i) => Math.sin(i * 0.37 + salt) * 3);
  if (special && size > 4) {
    v[0] = -0;
    v[1] = Infinity;
    v[2] = NaN;
    v[3] = -Infinity;
  }
  return tf.tensor(v, shape);
}
