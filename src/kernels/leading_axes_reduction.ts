/**
 * `Sum` and `Mean` over leading axes on the CPU backend, as one matrix product with a vector of ones.
 *
 * The CPU backend reduces only innermost axes: for any other axes its `Sum` first transposes the input (index
 * arithmetic per element, `tfjs-backend-cpu/src/kernels/Sum.ts`), about 30× slower than the reduction itself.
 * BatchNorm statistics and gradients reduce `[N,H,W,C]` tensors over the leading axes `[0,1,2]`. Viewed as a
 * `[P, Q]` matrix (`P` = product of the reduced axes), that reduction is `ones[1,P] · x[P,Q]`: one
 * `BatchMatMul`, which reads the input in order. `Mean` first divides by `P` with the stock `RealDiv`, as the
 * stock `Mean` does. Other axes, dtypes other than float32 and empty tensors go to the stock kernel.
 *
 * Deviation: the matrix product adds in blocks, so sums can differ from the stock kernel's in the last bits
 * (float32 rounding); results are not bit for bit identical.
 *
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {KernelCalls, stockKernel} from './kernel_calls';

/** `axis` attribute → sorted unique non-negative axes. */
function normalizeAxes(axis: unknown, rank: number): number[] {
  const list = axis === undefined || axis === null ? [...Array(rank).keys()] : Array.isArray(axis) ? axis : [axis];
  return [...new Set(list.map((a) => (Number(a) + rank) % rank))].sort((p, q) => p - q);
}

/**
 * The kernel function for `Sum` or `Mean` on `backendName`.
 * @internal
 */
export function leadingAxesReductionKernel(kernelName: 'Sum' | 'Mean', backendName: string): tf.KernelFunc {
  return (args) => {
    const stock = stockKernel(kernelName, backendName);
    if (stock === undefined) throw new Error(`${kernelName}: backend '${backendName}' has no stock kernel.`);
    const {x} = args.inputs as unknown as {x: tf.TensorInfo};
    const {axis, keepDims} = args.attrs as unknown as {axis: number | number[]; keepDims: boolean};
    const rank = x.shape.length;
    const axes = normalizeAxes(axis, rank);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    const size = x.shape.reduce((p, q) => p * q, 1);
    if (x.dtype !== 'float32' || !leading || size === 0) return stock.kernelFunc(args);
    const p = x.shape.slice(0, axes.length).reduce((s, v) => s * v, 1);
    const rest = x.shape.slice(axes.length);
    const q = size / p;
    const calls = new KernelCalls(args.backend as tf.KernelBackend, backendName, kernelName);
    try {
      let source = x;
      if (kernelName === 'Mean') {
        source = calls.run('RealDiv', {a: x, b: calls.run('Fill', {}, {shape: [], value: p, dtype: 'float32'})});
      }
      const ones = calls.run('Fill', {}, {shape: [1, 1, p], value: 1, dtype: 'float32'});
      const summed = calls.run('BatchMatMul', {a: ones, b: calls.reshape(source, [1, p, q])},
        {transposeA: false, transposeB: false});
      const shape = keepDims ? [...axes.map(() => 1), ...rest] : rest;
      return calls.keep(calls.reshape(summed, shape));
    } finally {
      calls.dispose();
    }
  };
}
