/**
 * Chooses between the fused CPU kernel and the composite tensor path for one `RandAugment.apply` call,
 * and runs the fused kernel when it is chosen.
 *
 * The fused kernel runs when the active backend is `'cpu'` and the plan compiles to a host program
 * (every op a built-in record, integer fill, float32-finite factors). Under `'auto'` anything else falls
 * back to the composite path; under `'fused'` it throws an `UnsupportedError` that says why.
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {UnsupportedError} from '../../errors';
import type {AugmentOp, RandAugmentPlan} from '../types';
import type {HostEnv} from './host_ops';
import {runFusedKernel} from './kernel';
import {compileFused, runProgram} from './program';

/**
 * Applies `plan` with the fused kernel and returns the result, or returns `undefined` when the composite
 * path must run (`mode: 'auto'` only). Throws the ops' argument errors, and `UnsupportedError` under
 * `mode: 'fused'` when the kernel cannot run. @internal
 */
export function applyFused<T extends tf.Tensor3D | tf.Tensor4D>(images: T, plan: RandAugmentPlan, layers: number,
  lookup: (name: string) => AugmentOp, env: HostEnv, mode: 'auto' | 'fused'): T | undefined {
  const backend = tf.getBackend();
  if (backend !== 'cpu') {
    if (mode === 'auto') return undefined;
    throw new UnsupportedError(`RandAugment: implementation 'fused' runs only on the 'cpu' backend; got backend '${backend}'. ` +
      "Use implementation 'auto' (fused on cpu, composite elsewhere) or 'composite'.");
  }
  const program = compileFused(plan, layers, lookup, env);
  if (typeof program === 'string') {
    if (mode === 'auto') return undefined;
    throw new UnsupportedError(`RandAugment: implementation 'fused' cannot run this plan; got ${program}. ` +
      "Use implementation 'auto' to fall back to the composite path for such plans.");
  }
  return runFusedKernel(images, (values) => runProgram(program, values));
}
