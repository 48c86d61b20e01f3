/**
 * `Tile` of a tensor whose tiled dimensions are leading unit dimensions (a broadcast), as
 * `Fill(ones) · Multiply`, on the CPU and wasm backends.
 *
 * tfjs-core's BatchNorm gradient (`gradients/FusedBatchNorm_grad.ts`) tiles the per-channel `1/√(var+ε)` from
 * `[1,1,1,C]` to `[N,H,W,C]`. Both backends' `Tile` kernels map every output index back to an input index
 * (`tfjs-backend-cpu/src/kernels/Tile_impl.ts`; the wasm C kernel likewise), 3–12× slower than multiplying a
 * tensor of ones by the `[C]` vector, which takes the backends' fast broadcasting loop. `1 · v` is `v` exactly
 * (also for `-0`, infinities and NaN), so the result is bit for bit the stock one. Any other tiling, and
 * non-float32 tensors, go to the stock kernel.
 *
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {KernelCalls, stockKernel} from './kernel_calls';

/**
 * The kernel function for `Tile` on `backendName`.
 * @internal
 */
export function broadcastTileKernel(backendName: string): tf.KernelFunc {
  return (args) => {
    const stock = stockKernel('Tile', backendName);
    if (stock === undefined) throw new Error(`Tile: backend '${backendName}' has no stock kernel.`);
    const {x} = args.inputs as unknown as {x: tf.TensorInfo};
    const {reps} = args.attrs as unknown as {reps: number[]};
    const rank = x.shape.length;
    // Tiled dimensions (reps > 1) must be unit dimensions of x, all before its first non-unit dimension.
    const firstReal = x.shape.findIndex((d) => d !== 1);
    const broadcast = Array.isArray(reps) && reps.length === rank && rank > 0 &&
      reps.every((r, i) => r === 1 || (x.shape[i] === 1 && (firstReal === -1 || i < firstReal)));
    if (x.dtype !== 'float32' || !broadcast || reps.every((r) => r === 1)) return stock.kernelFunc(args);
    const outShape = x.shape.map((d, i) => d * (reps[i] as number));
    const calls = new KernelCalls(args.backend as tf.KernelBackend, backendName, 'Tile');
    try {
      const ones = calls.run('Fill', {}, {shape: outShape, value: 1, dtype: 'float32'});
      const tail = firstReal === -1 ? [1] : x.shape.slice(firstReal);
      return calls.keep(calls.run('Multiply', {a: ones, b: calls.reshape(x, tail)}));
    } finally {
      calls.dispose();
    }
  };
}
