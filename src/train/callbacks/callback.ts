/**
 * The callback protocol shared by tfjs `model.fit` and the library's own training loops.
 *
 * Callbacks act on training only through a {@link TrainingPort} (stop training, read and set the
 * learning rate, reach the trained model), never on optimizer internals. Under tfjs `model.fit` the
 * port is built from `this.model`; the `SelfTrainer` hands its own port over with
 * {@link TrainingCallback.setTrainingPort} before `onTrainBegin`.
 *
 * @module train
 */
import type {Optimizer} from '@tensorflow/tfjs-core';
import {Callback, type LayersModel} from '@tensorflow/tfjs-layers';
import {UnsupportedError} from '../../errors';
import {getLearningRate, setLearningRate} from '../../optim/learning_rate';

/** What a callback may do to the training run it observes. */
export interface TrainingPort {
  /** The model being trained (for a self-training run: the student). */
  readonly model: LayersModel;
  /** The optimizer stepping `model`, when one is known. */
  readonly optimizer: Optimizer | undefined;
  /** Set to `true` to stop after the current batch or epoch. */
  stopTraining: boolean;
  /** The learning rate of the next step. */
  getLearningRate(): number;
  /** Changes the learning rate from the next step on. */
  setLearningRate(lr: number): void;
}

/**
 * A port over a plain tfjs `LayersModel`, as used by `model.fit`.
 * @param model A compiled model.
 * @returns A port whose learning-rate methods act on `model.optimizer`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {portFromModel} from 'consistency-tfjs';
 * const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [1]})]});
 * model.compile({optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError'});
 * portFromModel(model).setLearningRate(0.01);
 * ```
 */
export function portFromModel(model: LayersModel): TrainingPort {
  const optimizer = (): Optimizer => {
    const opt = model.optimizer;
    if (opt == null) {
      throw new UnsupportedError('Callback: the model has no optimizer; compile it before training.');
    }
    return opt;
  };
  return {
    model,
    get optimizer() {
      return model.optimizer ?? undefined;
    },
    get stopTraining() {
      return model.stopTraining;
    },
    set stopTraining(v: boolean) {
      model.stopTraining = v;
    },
    getLearningRate: () => getLearningRate(optimizer()),
    setLearningRate: (lr: number) => setLearningRate(optimizer(), lr),
  };
}

/**
 * Base class of the library's callbacks: a tfjs `Callback` (so it works in `model.fit`) that reaches
 * training through a {@link TrainingPort}.
 *
 * Subclasses override the async hooks of tfjs (`onTrainBegin`, `onEpochEnd`, …). State must be reset
 * in `onTrainBegin` so that an instance can be reused across `fit` calls.
 *
 * @example
 * ```ts
 * import {TrainingCallback} from 'consistency-tfjs';
 * class StopAfter extends TrainingCallback {
 *   constructor(private readonly epochs: number) { super(); }
 *   override async onEpochEnd(epoch: number) {
 *     if (epoch + 1 >= this.epochs) this.training.stopTraining = true;
 *   }
 * }
 * ```
 */
export abstract class TrainingCallback extends Callback {
  /**
   * Library-owned finalisers (such as the SWA swap) set this so that training loops run their
   * `onTrainEnd` after every user callback's.
   */
  readonly runsLast: boolean = false;
  private port: TrainingPort | undefined;

  /** Hands a training loop's port to the callback; `null` goes back to the model-based port. */
  setTrainingPort(port: TrainingPort | null): void {
    this.port = port ?? undefined;
  }

  /** The port of the current run: the one set by the loop, else one over `this.model`. */
  protected get training(): TrainingPort {
    if (this.port) return this.port;
    if (this.model == null) {
      throw new UnsupportedError(
        `${this.constructor.name}: no model or training loop is attached. Pass the callback to model.fit() or SelfTrainer.fit().`);
    }
    return portFromModel(this.model);
  }
}

/** True when `cb` is a {@link TrainingCallback} (by duck typing, across duplicate installs). @internal */
export function isTrainingCallback(cb: unknown): cb is TrainingCallback {
  return typeof cb === 'object' && cb !== null && typeof (cb as TrainingCallback).setTrainingPort === 'function';
}
