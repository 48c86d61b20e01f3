/**
 * EarlyStopping: stop training when a monitored metric has stopped improving, optionally restoring the
 * weights of the best epoch.
 *
 * Reference: Keras 3 `keras/src/callbacks/early_stopping.py`; behaviour and version differences in
 * `spec/callbacks.md` §1 and §5.2. tfjs-layers' `tf.callbacks.earlyStopping` throws on
 * `restoreBestWeights: true`; this one implements it.
 *
 * Deviation: `restoreOn: 'stop'` reproduces Keras ≤ 2.15 (restore only when this callback stops training);
 * `baselineMode: 'seed'` reproduces Keras ≤ 2.4 / tfjs (the baseline initialises `best`). Defaults are Keras 3.
 * Deviation: in `'seed'` mode the first monitored epoch is still snapshotted, so a baseline that is never
 * beaten restores that epoch instead of failing as Keras 2.4 does (tensorflow#45187).
 *
 * @module train
 */
import * as tf from '@tensorflow/tfjs-core';
import {checkNumber, checkOneOf} from '../../internal/assert';
import {MonitorCallback, type EpochLogs, type MonitorCallbackArgs} from './monitor';

/** Arguments of {@link EarlyStopping}. */
export interface EarlyStoppingArgs extends MonitorCallbackArgs {
  /** Log key to watch; default `'val_loss'`. */
  monitor?: string;
  /** Epochs without improvement after which training stops; default 0. */
  patience?: number;
  /** Restore the weights of the best epoch (all weights of the trained model); default false. */
  restoreBestWeights?: boolean;
  /** `'trainEnd'` (default, Keras 3): restore whenever training ends; `'stop'`: only when this callback stops it. */
  restoreOn?: 'trainEnd' | 'stop';
  /**
   * `'gate'` (default, Keras ≥ 2.5): the baseline only gates the reset of the wait counter.
   * `'seed'` (Keras ≤ 2.4, tfjs): the baseline is the initial best value an epoch must beat.
   */
  baselineMode?: 'gate' | 'seed';
  /** Epochs at the start during which nothing is tracked (warm-up); default 0. */
  startFromEpoch?: number;
}

/**
 * Stops training when the monitored metric stops improving (Keras 3 semantics by default).
 *
 * Works in `SelfTrainer.fit` / `SupervisedTrainer.fit` (on the trained model: the student) and in tfjs
 * `model.fit`. Holds cloned weight tensors while `restoreBestWeights` is on; they are freed after the
 * restore, on the next `onTrainBegin`, or by {@link EarlyStopping.dispose}.
 *
 * @example
 * ```ts
 * import {EarlyStopping} from 'consistency-tfjs';
 * const early = new EarlyStopping({monitor: 'val_accuracy', patience: 10, restoreBestWeights: true});
 * // await trainer.fit(data, {epochs: 100, validationData, callbacks: [early]});
 * console.log(early.stoppedEpoch, early.bestEpoch, early.best);
 * ```
 */
export class EarlyStopping extends MonitorCallback {
  /** Patience in epochs. */
  readonly patience: number;
  /** Whether the best weights are restored. */
  readonly restoreBestWeights: boolean;
  /** When the best weights are restored. */
  readonly restoreOn: 'trainEnd' | 'stop';
  /** How the baseline is used. */
  readonly baselineMode: 'gate' | 'seed';
  /** First epoch that is tracked. */
  readonly startFromEpoch: number;
  /** Epoch (0-based) at which this callback stopped training; 0 when it did not. */
  stoppedEpoch = 0;
  /** Epoch (0-based) of the best value seen. */
  bestEpoch = 0;
  /** Best monitored value seen in the current run. */
  best: number | undefined;
  /** Epochs since the last reset of the counter. */
  wait = 0;
  private snapshot: tf.Tensor[] | undefined;

  /**
   * @param args {@link EarlyStoppingArgs}.
   * @throws {@link InvalidArgumentError} for a bad number or enum, or an unknown auto direction.
   */
  constructor(args: EarlyStoppingArgs = {}) {
    super('EarlyStopping', args, 'val_loss', 0);
    this.patience = checkNumber('EarlyStopping', 'patience', args.patience ?? 0, {min: 0, integer: true});
    this.restoreBestWeights = Boolean(args.restoreBestWeights);
    this.restoreOn = checkOneOf('EarlyStopping', 'restoreOn', args.restoreOn ?? 'trainEnd', ['trainEnd', 'stop'] as const);
    this.baselineMode = checkOneOf('EarlyStopping', 'baselineMode', args.baselineMode ?? 'gate', ['gate', 'seed'] as const);
    this.startFromEpoch = checkNumber('EarlyStopping', 'startFromEpoch', args.startFromEpoch ?? 0, {min: 0, integer: true});
  }

  /** Whether a best-weights snapshot is currently held. */
  get hasSnapshot(): boolean {
    return this.snapshot !== undefined;
  }

  override async onTrainBegin(): Promise<void> {
    this.resetMonitor();
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.baselineMode === 'seed' ? this.baseline : undefined;
    this.bestEpoch = 0;
    this.dispose();
  }

  override async onEpochEnd(epoch: number, logs?: EpochLogs): Promise<void> {
    const current = this.monitorValue(logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    const improved = this.isImprovement(current, this.best);
    if (this.restoreBestWeights && (improved || this.snapshot === undefined)) {
      // The first monitored epoch is snapshotted even when it does not improve (Keras 3).
      this.takeSnapshot();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (improved) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.baselineMode === 'seed' || this.baseline === undefined || this.isImprovement(current, this.baseline)) {
        this.wait = 0;
      }
      return; // an improving epoch never stops training
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.training.stopTraining = true;
      if (this.restoreOn === 'stop') this.restore();
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (this.stoppedEpoch > 0) this.say(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreOn === 'trainEnd') this.restore();
    else this.dispose();
  }

  /** Frees the held snapshot, if any (safe to call at any time). */
  dispose(): void {
    if (this.snapshot) tf.dispose(this.snapshot);
    this.snapshot = undefined;
  }

  private takeSnapshot(): void {
    const weights = this.training.model.getWeights(); // live variables: clone them
    const copy = weights.map((w) => tf.keep(tf.clone(w)));
    this.dispose();
    this.snapshot = copy;
  }

  private restore(): void {
    if (!this.restoreBestWeights || this.snapshot === undefined) return;
    this.say(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
    this.training.model.setWeights(this.snapshot);
    this.dispose();
  }
}
