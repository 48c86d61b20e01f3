/**
 * `Slice` on the CPU backend as contiguous runs: one flat `Slice` per run and one `Concat`.
 *
 * The CPU backend copies a slice with a fast `subarray` only when it is one contiguous block of the input;
 * otherwise it converts every output index to coordinates and back (`tfjs-backend-cpu/src/kernels/Slice.ts`),
 * about 1 µs per element. The gradient of `PadV2` (e.g. Keras's `ZeroPadding2D` in every ResNet block) is
 * such a slice: cropping rows and columns of `[N,H,W,C]`. Every slice is a set of contiguous runs of the
 * flattened input (along the last partially sliced axis, with everything inside it); when runs are long, it is
 * cheaper to copy each run with a contiguous `Slice` of the flat input and join them with one `Concat`.
 * The copy is exact. Short runs (fewer than 16 elements), many runs (more than 4096) and one-run slices go to the
 * stock kernel.
 *
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {KernelCalls, stockKernel} from './kernel_calls';

const MIN_RUN = 16;
const MAX_RUNS = 4096;

/**
 * The kernel function for `Slice` on `backendName`.
 * @internal
 */
export function contiguousSliceKernel(backendName: string): tf.KernelFunc {
  return (args) => {
    const stock = stockKernel('Slice', backendName);
    if (stock === undefined) throw new Error(`Slice: backend '${backendName}' has no stock kernel.`);
    const {x} = args.inputs as unknown as {x: tf.TensorInfo};
    const {begin, size} = args.attrs as unknown as {begin: number | number[]; size: number | number[]};
    if (x.dtype === 'string' || x.shape.length < 2) return stock.kernelFunc(args);
    const [b, s] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, begin, size) as [number[], number[]];
    const shape = x.shape;
    const rank = shape.length;
    let last = rank - 1; // the last axis that is not taken whole
    while (last >= 0 && s[last] === shape[last]) last--;
    if (last <= 0) return stock.kernelFunc(args); // nothing sliced, or one contiguous run
    const strides = tf.util.computeStrides(shape);
    const strideOf = (i: number) => (i < rank - 1 ? strides[i] as number : 1);
    const run = (s[last] as number) * strideOf(last);
    const outer = s.slice(0, last);
    const runs = outer.reduce((p, q) => p * q, 1);
    if (run < MIN_RUN || runs > MAX_RUNS || runs <= 1) return stock.kernelFunc(args);
    const calls = new KernelCalls(args.backend as tf.KernelBackend, backendName, 'Slice');
    try {
      const flat = calls.reshape(x, [tf.util.sizeFromShape(shape)]);
      const pieces: tf.TensorInfo[] = [];
      const index = new Array<number>(last).fill(0);
      for (let r = 0; r < runs; r++) {
        let offset = (b[last] as number) * strideOf(last);
        for (let i = 0; i < last; i++) offset += ((b[i] as number) + (index[i] as number)) * strideOf(i);
        pieces.push(calls.run('Slice', {x: flat}, {begin: [offset], size: [run]}));
        for (let i = last - 1; i >= 0; i--) { // odometer over the outer indices
          index[i] = (index[i] as number) + 1;
          if ((index[i] as number) < (outer[i] as number)) break;
          index[i] = 0;
        }
      }
      return calls.keep(calls.reshape(calls.run('Concat', pieces, {axis: 0}), s));
    } finally {
      calls.dispose();
    }
  };
}
