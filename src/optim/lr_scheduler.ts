/**
 * A per-epoch learning-rate schedule given as a function, as Keras `LearningRateScheduler`
 * (keras `callbacks/learning_rate_scheduler.py`): at the start of every epoch,
 * `lr = schedule(epoch, currentLr)`.
 *
 * tfjs has no learning-rate scheduler (see `shared/spec/callbacks.md` §4.2); this one acts through the training
 * port, so it works on every tfjs optimizer and through the `SWA` / `MovingAverage` wrappers.
 *
 * As Keras (and the library's `ReduceLROnPlateau`), the rate is written into the epoch logs as `lr` and
 * `learning_rate`, so it appears in tfjs's `History`.
 *
 * @module optim
 */
import type {Logs} from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../errors';
import {describeValue} from '../internal/assert';
import {TrainingCallback} from '../train/callbacks/callback';

/** `(epoch, lr) => newLr`: 0-based epoch and the rate in force; returns the rate for that epoch (>= 0). */
export type LearningRateSchedule = (epoch: number, lr: number) => number;

/** Options of {@link LearningRateScheduler}. */
export interface LearningRateSchedulerArgs {
  /** Print each change (`Epoch 3: LearningRateScheduler setting learning rate to 0.01.`). Default false. */
  verbose?: boolean;
}

/**
 * Sets the learning rate at the start of every epoch from a function of the epoch and the current rate
 * (Keras `LearningRateScheduler`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {LearningRateScheduler} from 'consistency-tfjs';
 * const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [1]})]});
 * model.compile({optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError'});
 * const decay = new LearningRateScheduler((epoch, lr) => (epoch < 5 ? lr : lr * 0.9));
 * await model.fit(tf.ones([4, 1]), tf.ones([4, 1]), {epochs: 10, callbacks: [decay], verbose: 0});
 * console.log(decay.history); // the rate of every epoch
 * ```
 */
export class LearningRateScheduler extends TrainingCallback {
  /** The schedule function. */
  readonly schedule: LearningRateSchedule;
  /** Whether changes are printed. */
  readonly verbose: boolean;
  /** The rate set for each epoch of the current run, in order (reset at train begin). */
  history: number[] = [];

  /**
   * @param schedule `(epoch, lr) => newLr`.
   * @param args `verbose`.
   * @throws {@link InvalidArgumentError} when `schedule` is not a function.
   */
  constructor(schedule: LearningRateSchedule, args: LearningRateSchedulerArgs = {}) {
    super();
    if (typeof schedule !== 'function') {
      throw new InvalidArgumentError(
        `LearningRateScheduler: \`schedule\` must be a function (epoch, lr) => lr; got ${describeValue(schedule)}.`,
        {argument: 'schedule'});
    }
    this.schedule = schedule;
    this.verbose = args.verbose ?? false;
  }

  /** Resets {@link LearningRateScheduler.history}. */
  override async onTrainBegin(_logs?: Logs): Promise<void> {
    this.history = [];
  }

  /**
   * Sets the rate of epoch `epoch`.
   * @throws {@link InvalidArgumentError} when the schedule returns something other than a finite number >= 0.
   */
  override async onEpochBegin(epoch: number, _logs?: Logs): Promise<void> {
    const port = this.training;
    const lr = this.schedule(epoch, port.getLearningRate());
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new InvalidArgumentError(
        `LearningRateScheduler: the schedule must return a finite number >= 0; got ${describeValue(lr)} at epoch ${epoch}. ` +
          'Fix the schedule function.', {argument: 'schedule'});
    }
    port.setLearningRate(lr);
    this.history.push(lr);
    if (this.verbose) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  /** Writes the rate in force into the epoch logs (`lr`, `learning_rate`). */
  override async onEpochEnd(_epoch: number, logs?: Logs): Promise<void> {
    if (logs) {
      const lr = this.training.getLearningRate();
      logs['lr'] = lr;
      logs['learning_rate'] = lr;
    }
  }
}
