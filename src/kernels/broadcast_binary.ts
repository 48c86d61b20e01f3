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
