/**
 * Stochastic Weight Averaging as a callback: the whole recipe of the paper applied at the end of training.
 *
 * Paper: Izmailov et al., "Averaging Weights Leads to Wider Optima and Better Generalization" (2018),
 * https://arxiv.org/abs/1803.05407. Reference: PyTorch `torch.optim.swa_utils` (`AveragedModel`, `SWALR`,
 * `update_bn`), whose documented loop this callback packages; spec `shared/spec/swa.md` §3.3.
 *
 * Two sources of averages:
 * - the callback's own (PyTorch style): give `startEpoch` to average at the end of every epoch from that epoch,
 *   or `frequency: {steps: p}` with `startStep: m` to average after steps `m, m+p, …` (0-based, TF-Addons'
 *   rule); the equal-weight mean of the trainable weights (plus BatchNorm statistics with `averageBuffers`);
 * - the model's averaging optimizer (`SWA`, `MovingAverage`) when no start is given: the callback only applies
 *   its averages at train end.
 *
 * At train end (after every user callback): back up the live weights, assign the averages, recompute BatchNorm
 * statistics over `bnData` (unless buffers are averaged), and with `selectBy` keep whichever weights score
 * better. `restoreTrainingWeights()` undoes the swap.
 *
 * Deviation: averages live in the callback (or optimizer), not in a deep copy of the model as PyTorch's
 * `AveragedModel`; the model itself receives them at train end. State resets at `onTrainBegin`, so a run resumed
 * with a new `fit` call starts a new average.
 *
 * @module optim
 */
import type {Logs} from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../errors';
import {checkNumber, describeValue} from '../internal/assert';
import {AveragingCallback, type AveragingCallbackArgs} from './averaging_callback';
import {SWALR, type AnnealStrategy} from './swa_schedule';

/** Options of {@link SwaCallback}. */
export interface SwaCallbackArgs extends AveragingCallbackArgs {
  /** 0-based first epoch whose end is averaged (epoch frequency). Omit both starts to use the optimizer's averages. */
  startEpoch?: number;
  /** 0-based index of the first averaged step (`{steps}` frequency, default 0), as `SWA`'s `startAveraging`. */
  startStep?: number;
  /** `'epoch'` (PyTorch style, default) or `{steps: p}` (TF-Addons style). */
  frequency?: 'epoch' | {steps: number};
  /** Average the BatchNorm moving statistics too (PyTorch `use_buffers=True`) and skip the refresh. Default false. */
  averageBuffers?: boolean;
  /** When set, anneal the learning rate to `swaLr` from `startEpoch` on (see {@link SWALR}). */
  swaLr?: number;
  /** Anneal length in epochs, default 10. */
  annealEpochs?: number;
  /** Anneal shape, default `'cos'`. */
  annealStrategy?: AnnealStrategy;
}

/**
 * Averages the model's weights during training and puts the average (with refreshed BatchNorm statistics) into
 * the model when training ends: SWA as in the paper and PyTorch. Without `startEpoch`/`frequency`, it applies
 * the averages of the model's `SWA` (or `MovingAverage`) optimizer instead.
 *
 * Works with tfjs `model.fit` (list it last) and with the library's `SelfTrainer` (which runs it after every
 * user callback). Call {@link AveragingCallback.dispose} when done to free the averages and the backup.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {SwaCallback} from 'consistency-tfjs';
 *
 * const model = tfl.sequential({layers: [
 *   tfl.layers.dense({units: 8, inputShape: [4], activation: 'relu'}),
 *   tfl.layers.batchNormalization(),
 *   tfl.layers.dense({units: 1}),
 * ]});
 * model.compile({optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError'});
 * const x = tf.randomNormal([32, 4]);
 * const y = tf.randomNormal([32, 1]);
 * const swa = new SwaCallback({
 *   startEpoch: 15, swaLr: 0.01, annealEpochs: 3,
 *   bnData: () => [tf.randomNormal([32, 4])][Symbol.iterator](), // a fresh pass each time
 * });
 * await model.fit(x, y, {epochs: 20, batchSize: 8, callbacks: [swa], verbose: 0});
 * console.log(swa.outcome);  // {kept: 'averaged', source: 'callback', snapshots: 5, …}
 * swa.dispose();
 * ```
 */
export class SwaCallback extends AveragingCallback {
  /** See {@link SwaCallbackArgs.startEpoch}. */
  readonly startEpoch: number | undefined;
  /** See {@link SwaCallbackArgs.startStep}. */
  readonly startStep: number;
  /** Steps between snapshots, or `'epoch'`. */
  readonly frequency: 'epoch' | {readonly steps: number};
  /** See {@link SwaCallbackArgs.averageBuffers}. */
  readonly averageBuffers: boolean;
  /** The learning-rate schedule run alongside, when `swaLr` is set. */
  readonly schedule: SWALR | undefined;
  private steps = 0;

  /**
   * @param args Options; `{}` applies the model's averaging optimizer at train end.
   * @throws {@link InvalidArgumentError} for invalid or conflicting options.
   */
  constructor(args: SwaCallbackArgs = {}) {
    super('SwaCallback', 'swa_average', args);
    const freq = args.frequency ?? 'epoch';
    let steps: number | undefined;
    if (freq !== 'epoch') {
      if (typeof freq !== 'object' || freq === null) {
        throw new InvalidArgumentError(`SwaCallback: \`frequency\` must be 'epoch' or {steps: p}; got ${describeValue(freq)}.`,
          {argument: 'frequency'});
      }
      steps = checkNumber('SwaCallback', 'frequency.steps', freq.steps, {integer: true, min: 1});
    }
    if (steps === undefined && args.startStep !== undefined) {
      throw new InvalidArgumentError(`SwaCallback: \`startStep\` needs \`frequency: {steps: p}\`; got startStep = ${args.startStep} ` +
        "with frequency 'epoch'. Use `startEpoch` to average at epoch ends.", {argument: 'startStep'});
    }
    if (steps !== undefined && args.startEpoch !== undefined) {
      throw new InvalidArgumentError(`SwaCallback: \`startEpoch\` applies to frequency 'epoch'; got startEpoch = ` +
        `${args.startEpoch} with {steps: ${steps}}. Use \`startStep\` (a 0-based step index).`, {argument: 'startEpoch'});
    }
    this.startEpoch = args.startEpoch === undefined ? undefined
      : checkNumber('SwaCallback', 'startEpoch', args.startEpoch, {integer: true, min: 0});
    this.startStep = checkNumber('SwaCallback', 'startStep', args.startStep ?? 0, {integer: true, min: 0});
    this.frequency = steps === undefined ? 'epoch' : {steps};
    this.averageBuffers = args.averageBuffers ?? false;
    if (typeof this.averageBuffers !== 'boolean') {
      throw new InvalidArgumentError(`SwaCallback: \`averageBuffers\` must be a boolean; got ${describeValue(args.averageBuffers)}.`,
        {argument: 'averageBuffers'});
    }
    if (this.averageBuffers && args.bnData !== undefined) {
      throw new InvalidArgumentError('SwaCallback: `averageBuffers` and `bnData` exclude each other; got both. Averaged ' +
        'BatchNorm statistics are used as they are; drop one of the two.', {argument: 'bnData'});
    }
    if (args.swaLr !== undefined && this.startEpoch === undefined) {
      throw new InvalidArgumentError(`SwaCallback: \`swaLr\` needs \`startEpoch\` (the anneal starts there); got swaLr = ` +
        `${describeValue(args.swaLr)} without it. Add startEpoch, or use the SWALR callback alongside.`, {argument: 'swaLr'});
    }
    this.schedule = args.swaLr === undefined ? undefined : new SWALR({
      swaLr: args.swaLr, startEpoch: this.startEpoch!,
      ...(args.annealEpochs !== undefined ? {annealEpochs: args.annealEpochs} : {}),
      ...(args.annealStrategy !== undefined ? {annealStrategy: args.annealStrategy} : {}),
    });
  }

  /** @internal */
  protected override get averagesBuffers(): boolean {
    return this.averageBuffers;
  }

  /** Whether this callback averages itself (a start was given) rather than applying the optimizer's averages. */
  get ownsAveraging(): boolean {
    return this.startEpoch !== undefined || this.frequency !== 'epoch';
  }

  /** Resets the averages, the step counter and the schedule's port. */
  override async onTrainBegin(_logs?: Logs): Promise<void> {
    await super.onTrainBegin();
    this.steps = 0;
    this.schedule?.setTrainingPort(this.training);
  }

  /** Runs the learning-rate schedule, if any. */
  override async onEpochBegin(epoch: number, _logs?: Logs): Promise<void> {
    await this.schedule?.onEpochBegin(epoch);
  }

  /** Folds after steps `startStep + i·p` in `{steps}` mode. */
  override async onBatchEnd(_batch?: number, _logs?: Logs): Promise<void> {
    this.recordStep();
    if (this.frequency === 'epoch') return;
    const k = this.steps++;
    if (k >= this.startStep && (k - this.startStep) % this.frequency.steps === 0) this.fold();
  }

  /** Folds at the end of every epoch from `startEpoch` in epoch mode. */
  override async onEpochEnd(epoch: number, _logs?: Logs): Promise<void> {
    this.recordStep();
    if (this.frequency === 'epoch' && this.startEpoch !== undefined && epoch >= this.startEpoch) this.fold();
  }

  /** Applies the recipe (see {@link AveragingCallback}) and detaches the schedule. */
  override async onTrainEnd(_logs?: Logs): Promise<void> {
    try {
      await super.onTrainEnd();
    } finally {
      this.schedule?.setTrainingPort(null);
    }
  }

  private fold(): void {
    const n = this.folds;
    this.store.fold(this.averagedVariables(), 1 / (n + 1));
    this.folds = n + 1;
  }
}
