/**
 * The fused RandAugment kernel of the CPU backend: a custom tfjs kernel, `'ConsistencyRandAugment'`, that
 * reads the input's values straight from the CPU backend, runs a compiled plan per image in plain
 * JavaScript (`./program`), and hands the float32 result back to the backend as the output tensor.
 *
 * Why: every tfjs-cpu kernel is a JavaScript loop that allocates its output, so the composite path pays
 * one full pass over the batch (about 3–20 ms for 128 × 72×72×3) per tensor op, and RandAugment needs
 * dozens. One pass per op per image over a 15 KB uint8 buffer costs microseconds.
 *
 * Registration is lazy (first use, never at import: the package is `"sideEffects": false`) and idempotent:
 * an existing registration, for example by a second copy of this package, is used as it is. The contract
 * between caller and kernel is therefore kept minimal and stable: input `images` (any shape, float32 or
 * int32), attribute `run(values) → Float32Array` of the same length; the kernel owns the backend I/O, the
 * caller owns the computation. The library never imports `@tensorflow/tfjs-backend-cpu`; the backend is
 * reached through the small structural interface below.
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {UnsupportedError} from '../../errors';

/** Name under which the kernel is registered for the `'cpu'` backend. @internal */
export const FUSED_KERNEL_NAME = 'ConsistencyRandAugment';

/** What the kernel needs of the CPU backend (`MathBackendCPU` has both members). */
interface CpuBackendLike {
  readonly data: {get(dataId: tf.DataId): {values?: unknown}};
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/** The kernel's attribute: the compiled computation. */
interface FusedAttrs {
  readonly run: (values: ArrayLike<number>) => Float32Array;
}

function fusedKernel(params: {inputs: tf.NamedTensorInfoMap; backend: {}; attrs?: tf.NamedAttrMap}): tf.TensorInfo {
  const images = params.inputs['images'];
  const run = (params.attrs as unknown as FusedAttrs | undefined)?.run;
  const backend = params.backend as Partial<CpuBackendLike>;
  const values = images && backend.data ? backend.data.get(images.dataId).values : undefined;
  const problem = !images ? 'no `images` input'
    : typeof run !== 'function' ? 'no compiled plan (attribute `run`)'
      : typeof backend.makeTensorInfo !== 'function' || !ArrayBuffer.isView(values) ||
        (values as unknown as ArrayLike<number>).length !== tf.util.sizeFromShape(images.shape)
        ? `a backend without the cpu backend's typed-array storage for a ${images.dtype} input` : undefined;
  if (problem !== undefined || !images || !run || !backend.makeTensorInfo) {
    throw new UnsupportedError(`RandAugment: the '${FUSED_KERNEL_NAME}' kernel needs the cpu backend's storage, an ` +
      `\`images\` input and a compiled plan; got ${problem}. Use implementation: 'composite' on this backend.`);
  }
  const out = run(values as unknown as ArrayLike<number>);
  return backend.makeTensorInfo(images.shape, 'float32', out);
}

/** Registers the kernel for `'cpu'` unless some copy of this package already did. @internal */
export function ensureFusedKernel(): void {
  if (tf.getKernel(FUSED_KERNEL_NAME, 'cpu') == null) {
    tf.registerKernel({kernelName: FUSED_KERNEL_NAME, backendName: 'cpu', kernelFunc: fusedKernel as unknown as tf.KernelFunc});
  }
}

/**
 * Runs `run` on the values of `images` through the kernel; returns a new float32 tensor of the input's
 * shape. The active backend must be `'cpu'`. @internal
 */
export function runFusedKernel<T extends tf.Tensor>(images: T, run: (values: ArrayLike<number>) => Float32Array): T {
  ensureFusedKernel();
  const attrs: FusedAttrs = {run};
  return tf.engine().runKernel(FUSED_KERNEL_NAME, {images}, attrs as unknown as tf.NamedAttrMap) as T;
}
