// Helpers of the fused-kernel tests (not a test file): run one plan through both implementations, count
// differing values, and tell which implementation a call used (by the kernels it ran).
import * as tf from '@tensorflow/tfjs-core';
import {FUSED_KERNEL_NAME} from '../../../src/augment/fused/kernel';
import {RandAugment, type RandAugmentArgs} from '../../../src/augment/rand_augment';
import type {RandAugmentPlan} from '../../../src/augment/types';

/** Number of positions whose values differ (numerically: -0 equals 0), and the first few of them. */
export function differences(a: ArrayLike<number>, b: ArrayLike<number>): {count: number; first: string[]} {
  if (a.length !== b.length) return {count: Math.max(a.length, b.length), first: [`length ${a.length} vs ${b.length}`]};
  let count = 0;
  const first: string[] = [];
  for (let k = 0; k < a.length; k++) {
    if (a[k] !== b[k]) {
      count++;
      if (first.length < 5) first.push(`[${k}] ${a[k]} vs ${b[k]}`);
    }
  }
  return {count, first};
}

/** Applies `plan` with implementation 'fused' and with 'composite' (same other arguments); returns both outputs. */
export async function bothPaths(images: tf.Tensor, plan: RandAugmentPlan, args: RandAugmentArgs = {}):
  Promise<{fused: Float32Array; composite: Float32Array; shape: number[]; dtype: string}> {
  const fusedRa = new RandAugment({seed: 0, ...args, implementation: 'fused'});
  const compositeRa = new RandAugment({seed: 0, ...args, implementation: 'composite'});
  const x = images as tf.Tensor4D;
  const f = fusedRa.apply(x, plan);
  const c = compositeRa.apply(x, plan);
  const out = {fused: await f.data() as Float32Array, composite: await c.data() as Float32Array, shape: f.shape, dtype: f.dtype};
  expect(c.shape).toEqual(f.shape);
  expect(c.dtype).toBe(f.dtype);
  tf.dispose([f, c]);
  fusedRa.dispose();
  compositeRa.dispose();
  return out;
}

/** Runs `fn` under tf.profile and reports whether the fused kernel ran; disposes the result. */
export async function usedFusedKernel(fn: () => tf.Tensor): Promise<boolean> {
  const info = await tf.profile(() => fn());
  tf.dispose(info.result as tf.Tensor);
  return info.kernelNames.includes(FUSED_KERNEL_NAME);
}
