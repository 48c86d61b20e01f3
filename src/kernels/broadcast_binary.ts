/**
 * Element-wise binary kernels (`Multiply`, `Add`, `Sub`, `RealDiv`, `SquaredDifference`) on the CPU backend,
 * without its slow broadcasting path for operands with leading unit dimensions.
 *
 * The CPU backend's binary kernels (`tfjs-backend-cpu/src/utils/binary_impl.ts`) take a fast loop
 * (`b[i % b.length]`) whenever no operand has a unit dimension that the output broadcasts, and otherwise convert
 * every output index to coordinates and back, about 15× slower. A BatchNorm layer and its gradient multiply
 * `[N,H,W,C]` tensors by per-channel statistics kept as `[1,1,1,C]` (`keepDims`), which takes the slow path.
 * Dropping the leading unit dimensions (a free `Reshape` to `[C]`) gives the same broadcast and the same
 * output, through the fast loop: results are bit for bit those of the stock kernel. Any other case is passed
 * to the stock kernel unchanged.
 *
 * On the CPU backend, float32 operands where one has the output's shape and the other is a trailing block of it
 * (the same shape, a per-channel `[C]` or `[1,1,1,C]` vector, a scalar) skip the stock loop altogether: that loop
 * calls the operation through a closure shared by every binary kernel and takes two remainders per element,
 * 3–10× slower than a loop written for one operation. The arithmetic is the stock kernel's (in double precision,
 * rounded to float32 on store), so results stay bit for bit identical.
 *
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {KernelCalls, stockKernel} from './kernel_calls';

/** Binary kernels this applies to. @internal */
export const BROADCAST_BINARY_KERNELS = ['Multiply', 'Add', 'Sub', 'RealDiv', 'SquaredDifference'] as const;

/** `[1, 1, 7, 3]` → `[7, 3]`. */
function withoutLeadingOnes(shape: readonly number[]): number[] {
  let i = 0;
  while (i < shape.length && shape[i] === 1) i++;
  return shape.slice(i);
}

/**
 * The kernel function for `kernelName` on `backendName`.
 * @internal
 */
export function broadcastBinaryKernel(kernelName: string, backendName: string): tf.KernelFunc {
  return (args) => {
    const stock = stockKernel(kernelName, backendName);
    if (stock === undefined) throw new Error(`${kernelName}: backend '${backendName}' has no stock kernel.`);
    const {a, b} = args.inputs as unknown as {a: tf.TensorInfo; b: tf.TensorInfo};
    const out = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const sameAsOut = (t: tf.TensorInfo) => t.shape.length === out.length && t.shape.every((v, i) => v === out[i]);
    if (backendName === 'cpu') {
      const direct = directCpu(kernelName as BroadcastBinaryKernelName, a, b, out, sameAsOut, args.backend);
      if (direct !== undefined) return direct;
    }
    // Only when the other operand already has the output's shape, so that the output shape cannot change.
    const squeezeA = sameAsOut(b) && !sameAsOut(a) && a.shape[0] === 1;
    const squeezeB = sameAsOut(a) && !sameAsOut(b) && b.shape[0] === 1;
    if (!squeezeA && !squeezeB) return stock.kernelFunc(args);
    const backend = args.backend as tf.KernelBackend;
    const calls = new KernelCalls(backend, backendName, kernelName);
    try {
      const inputs = {
        a: squeezeA ? calls.reshape(a, withoutLeadingOnes(a.shape)) : a,
        b: squeezeB ? calls.reshape(b, withoutLeadingOnes(b.shape)) : b,
      };
      return calls.keep(calls.run(kernelName, inputs, args.attrs as Record<string, unknown>));
    } finally {
      calls.dispose();
    }
  };
}

type BroadcastBinaryKernelName = typeof BROADCAST_BINARY_KERNELS[number];

/** What the CPU backend (`tfjs-backend-cpu`'s `MathBackendCPU`) exposes of its storage. */
interface CpuStorage {
  data?: {get(dataId: tf.DataId): {values?: unknown} | undefined};
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/**
 * The direct loop when it applies (see the module comment), else undefined. `part` is tiled over `full` with
 * period `part.length`: its shape without leading unit dimensions is a suffix of the output's.
 */
function directCpu(
  kernelName: BroadcastBinaryKernelName, a: tf.TensorInfo, b: tf.TensorInfo, out: number[],
  sameAsOut: (t: tf.TensorInfo) => boolean, backend: unknown,
): tf.TensorInfo | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const partIsB = sameAsOut(a);
  if (!partIsB && !sameAsOut(b)) return undefined;
  const part = partIsB ? b : a;
  const tail = withoutLeadingOnes(part.shape);
  if (tail.some((d, i) => d !== out[out.length - tail.length + i])) return undefined;
  const storage = backend as CpuStorage;
  const fullValues = storage.data?.get((partIsB ? a : b).dataId)?.values;
  const partValues = storage.data?.get(part.dataId)?.values;
  const size = out.reduce((p, q) => p * q, 1);
  if (!(fullValues instanceof Float32Array) || !(partValues instanceof Float32Array) || size === 0 ||
    fullValues.length !== size || partValues.length === 0 || typeof storage.makeTensorInfo !== 'function') {
    return undefined;
  }
  const result = new Float32Array(size);
  binaryLoop(kernelName, fullValues, partValues, result, partIsB);
  return storage.makeTensorInfo(out, 'float32', result);
}

/**
 * `result[i] = op(full[i], part[i mod k])` (operands swapped when `part` is the first input), one loop per
 * operation so that each stays monomorphic. Multiply, Add and SquaredDifference give the same bits in either
 * operand order (IEEE addition and multiplication commute; `x − y` is exactly `−(y − x)`).
 */
function binaryLoop(op: BroadcastBinaryKernelName, full: Float32Array, part: Float32Array, result: Float32Array, partIsB: boolean): void {
  const n = result.length;
  const k = part.length;
  switch (op) {
    case 'Multiply':
      for (let i = 0, j = 0; i < n; i++) {
        result[i] = full[i]! * part[j]!;
        if (++j === k) j = 0;
      }
      return;
    case 'Add':
      for (let i = 0, j = 0; i < n; i++) {
        result[i] = full[i]! + part[j]!;
        if (++j === k) j = 0;
      }
      return;
    case 'SquaredDifference':
      for (let i = 0, j = 0; i < n; i++) {
        const d = full[i]! - part[j]!;
        result[i] = d * d;
        if (++j === k) j = 0;
      }
      return;
    case 'Sub':
      if (partIsB) {
        for (let i = 0, j = 0; i < n; i++) {
          result[i] = full[i]! - part[j]!;
          if (++j === k) j = 0;
        }
      } else {
        for (let i = 0, j = 0; i < n; i++) {
          result[i] = part[j]! - full[i]!;
          if (++j === k) j = 0;
        }
      }
      return;
    case 'RealDiv':
      if (partIsB) {
        for (let i = 0, j = 0; i < n; i++) {
          result[i] = full[i]! / part[j]!;
          if (++j === k) j = 0;
        }
      } else {
        for (let i = 0, j = 0; i < n; i++) {
          result[i] = part[j]! / full[i]!;
          if (++j === k) j = 0;
        }
      }
      return;
  }
}
