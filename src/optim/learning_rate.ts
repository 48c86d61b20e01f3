/**
 * Reading and writing the learning rate of any tfjs optimizer.
 *
 * tfjs optimizers share no learning-rate setter: every `tf.train.*` optimizer keeps it in a
 * TypeScript-protected field `learningRate` and reports it through `getConfig().learningRate`;
 * `SGDOptimizer` and `MomentumOptimizer` cache `-lr` as a tensor and must be changed through their
 * public `setLearningRate`; Adam, Adamax, RMSProp, Adagrad and Adadelta read the field on every step.
 * Wrappers (such as the SWA optimizer) implement {@link LearningRateControl} and are used as is.
 *
 * @module optim
 */
import type {Optimizer} from '@tensorflow/tfjs-core';
import {InvalidArgumentError, UnsupportedError} from '../errors';

/** An optimizer (or wrapper) that exposes its learning rate explicitly. */
export interface LearningRateControl {
  /** Current learning rate. */
  getLearningRate(): number;
  /** Sets the learning rate used from the next step on. */
  setLearningRate(lr: number): void;
}

function isControl(o: unknown): o is LearningRateControl {
  return typeof o === 'object' && o !== null &&
    typeof (o as Partial<LearningRateControl>).getLearningRate === 'function' &&
    typeof (o as Partial<LearningRateControl>).setLearningRate === 'function';
}

/**
 * The learning rate an optimizer will use at its next step.
 * @param optimizer Any tfjs optimizer, or an object implementing {@link LearningRateControl}.
 * @returns The learning rate.
 * @throws {@link UnsupportedError} when the optimizer exposes no numeric learning rate.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {getLearningRate} from 'consistency-tfjs';
 * console.log(getLearningRate(tf.train.adam(1e-3))); // 0.001
 * ```
 */
export function getLearningRate(optimizer: Optimizer | LearningRateControl): number {
  if (isControl(optimizer)) return optimizer.getLearningRate();
  const field = (optimizer as unknown as {learningRate?: unknown}).learningRate;
  if (typeof field === 'number') return field;
  const config = (optimizer as Optimizer).getConfig?.() as {learningRate?: unknown} | undefined;
  if (config && typeof config.learningRate === 'number') return config.learningRate;
  throw new UnsupportedError(
    `getLearningRate: ${optimizerName(optimizer)} exposes no numeric learning rate. ` +
      'Implement getLearningRate()/setLearningRate() on it (see LearningRateControl).');
}

/**
 * Sets the learning rate an optimizer uses from its next step on, whatever its class.
 * @param optimizer Any tfjs optimizer, or an object implementing {@link LearningRateControl}.
 * @param lr New learning rate, a finite number >= 0.
 * @throws {@link InvalidArgumentError} when `lr` is negative or not finite.
 * @throws {@link UnsupportedError} when the change cannot be verified through `getConfig()`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {setLearningRate} from 'consistency-tfjs';
 * const opt = tf.train.sgd(0.1);
 * setLearningRate(opt, 0.01); // uses SGD's own setter, so the cached step tensor changes too
 * ```
 */
export function setLearningRate(optimizer: Optimizer | LearningRateControl, lr: number): void {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new InvalidArgumentError(`setLearningRate: \`lr\` must be a finite number >= 0; got ${String(lr)}.`, {argument: 'lr'});
  }
  if (isControl(optimizer)) {
    optimizer.setLearningRate(lr);
    return;
  }
  const withSetter = optimizer as unknown as {setLearningRate?: (v: number) => void};
  if (typeof withSetter.setLearningRate === 'function') {
    withSetter.setLearningRate(lr);
  } else {
    (optimizer as unknown as {learningRate: number}).learningRate = lr;
  }
  const config = (optimizer as Optimizer).getConfig?.() as {learningRate?: unknown} | undefined;
  if (!config || config.learningRate !== lr) {
    throw new UnsupportedError(
      `setLearningRate: could not verify the new learning rate on ${optimizerName(optimizer)} ` +
        `(getConfig().learningRate is ${String(config?.learningRate)}, expected ${lr}). ` +
        'Implement getLearningRate()/setLearningRate() on the optimizer (see LearningRateControl).');
  }
}

function optimizerName(o: unknown): string {
  const ctor = (o as {constructor?: {className?: string; name?: string}})?.constructor;
  return ctor?.className ?? ctor?.name ?? 'this optimizer';
}
