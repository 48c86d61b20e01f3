/**
 * Disposing tfjs optimizers completely.
 *
 * Deviation from tfjs: `MomentumOptimizer.dispose()` (tfjs-core 4.x) frees its accumulators and momentum
 * scalar but not the `-lr` scalar its parent `SGDOptimizer` keeps, so every disposed Momentum optimizer
 * leaks one tensor. {@link disposeOptimizer} frees that tensor too.
 *
 * @module optim
 */
import type {Optimizer, Tensor} from '@tensorflow/tfjs-core';

/**
 * Disposes an optimizer and any tensor its `dispose()` forgets (the Momentum `-lr` scalar).
 * @param optimizer The optimizer to free; do not use it afterwards.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {disposeOptimizer} from 'consistency-tfjs';
 * const opt = tf.train.momentum(0.1, 0.9);
 * disposeOptimizer(opt); // frees everything, including the scalar tfjs leaks
 * ```
 */
export function disposeOptimizer(optimizer: Optimizer): void {
  optimizer.dispose();
  const c = (optimizer as unknown as {c?: Tensor}).c;
  if (c != null && typeof c.dispose === 'function' && !c.isDisposed) c.dispose();
}
