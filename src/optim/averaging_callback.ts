/**
 * The end-of-training half of weight averaging, shared by {@link SwaCallback} and {@link EmaCallback}: at the end
 * of training, back up the live weights, copy the averages into the model, refresh the BatchNorm statistics, and
 * optionally keep whichever of averaged and live weights scores better.
 *
 * Spec: `shared/spec/swa.md` §3.3 and `shared/spec/callbacks.md` §5.4 (library finalisers run after every user
 * `onTrainEnd`; warn when EarlyStopping restores and an SWA swap is configured, the later one wins). The recipe is
 * PyTorch's (`AveragedModel` + `update_bn`); TF-Addons never applies the averages by itself (swa.md §1.4).
 *
 * Deviation: tfjs `model.fit` runs callbacks strictly in list order and shows no callback the others, so under
 * `fit` this callback must be listed last, and it detects a competing weight restore (EarlyStopping with
 * `restoreBestWeights`, …) from its effect: the model's trainable variables replaced after the last training
 * step. A training port that exposes its callback list (`port.callbacks`) is also searched for
 * `restoreBestWeights`.
 * Deviation: swa.md §3.3 sketches `selectBy: {monitor, data}`; here `selectBy` is `{score(model), mode}`, because
 * `model.evaluate` and the `SelfTrainer`'s `evaluate` take different data and report different metric names; a
 * score function covers both (e.g. `(m) => accuracyOn(m, valData)`).
 *
 * @module optim
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../errors';
import {checkOneOf, describeValue} from '../internal/assert';
import type {BatchSource} from '../data/batch_source';
import {TrainingCallback} from '../train/callbacks/callback';
import {AverageStore, resolveVariables, type NamedTensor} from './averaging';
import {isAveragingOptimizer, type AveragingOptimizer} from './averaging_optimizer';
import {findBatchNormLayers, updateBatchNormStatistics, type UpdateBatchNormOptions} from './update_batch_norm';

/** Choose between averaged and live weights at train end by a score you compute. */
export interface SelectBy {
  /** Scores the model as it stands (e.g. validation accuracy); called once with each set of weights. */
  score: (model: tfl.LayersModel) => number | Promise<number>;
  /** `'max'` when higher scores are better, `'min'` when lower are. */
  mode: 'max' | 'min';
}

/** Options shared by the averaging callbacks. */
export interface AveragingCallbackArgs {
  /**
   * Data for {@link updateBatchNormStatistics} after the averages are assigned (e.g. the training images without
   * augmentation). Without it, a model with BatchNorm keeps statistics collected with the live weights, and a
   * warning says so.
   */
  bnData?: BatchSource<unknown>;
  /** Options of the BatchNorm refresh (`maxBatches`, `inputKey`, `weightByBatchSize`). */
  bnOptions?: UpdateBatchNormOptions<unknown>;
  /**
   * At train end, back up the live weights and put the averages (and refreshed statistics) into the model.
   * Default true. With false, nothing changes and {@link AveragingCallback.averagedWeights} gives the averages.
   */
  swapAtTrainEnd?: boolean;
  /** Keep whichever of the averaged and the live weights scores better (both are scored at train end). */
  selectBy?: SelectBy;
  /** Print what happened at train end. Default false. */
  verbose?: boolean;
}

/** What the callback did at the end of the last run. */
export interface AveragingOutcome {
  /** `'averaged'` (averages in the model), `'live'` (live weights kept) or `'none'` (nothing to apply). */
  readonly kept: 'averaged' | 'live' | 'none';
  /** Where the averages came from: the callback's own, or the model's averaging optimizer. */
  readonly source: 'callback' | 'optimizer' | 'none';
  /** Number of snapshots (SWA) or updates (EMA) in the averages. */
  readonly snapshots: number;
  /** BatchNorm layers whose statistics were recomputed. */
  readonly batchNormLayers: string[];
  /** Scores when `selectBy` was given. */
  readonly scores?: {readonly averaged: number; readonly live: number};
}

/**
 * Base class of callbacks that average weights during training and apply the average when training ends. It
 * runs last among `onTrainEnd` handlers (`runsLast = true`); with tfjs `model.fit`, list it last.
 *
 * Ownership: the callback owns its averages and the backup of the live weights; {@link AveragingCallback.dispose}
 * frees them (a new run also frees the previous run's).
 *
 * @example
 * ```ts
 * import {AveragingCallback, SwaCallback} from 'consistency-tfjs';
 * const cb: AveragingCallback = new SwaCallback({startEpoch: 10});
 * console.log(cb.runsLast); // true
 * ```
 */
export abstract class AveragingCallback extends TrainingCallback {
  override readonly runsLast = true;
  /** The callback's own averages (unused when the optimizer averages). @internal */
  protected readonly store: AverageStore;
  /** Folds into {@link AveragingCallback.store} so far. @internal */
  protected folds = 0;
  /** What happened at the end of the last run (`undefined` before the first). */
  outcome: AveragingOutcome | undefined;
  private readonly args: AveragingCallbackArgs;
  private readonly component: string;
  private backup: Array<[tf.Variable, tf.Tensor]> | null = null;
  private lastIds: object[] | null = null;

  /** @internal */
  protected constructor(component: string, suffix: string, args: AveragingCallbackArgs) {
    super();
    this.component = component;
    if (args.selectBy !== undefined) {
      const sb = args.selectBy as Partial<SelectBy>;
      if (typeof sb !== 'object' || sb === null || typeof sb.score !== 'function') {
        throw new InvalidArgumentError(
          `${component}: \`selectBy\` must be {score: (model) => number, mode}; got ${describeValue(args.selectBy)}.`,
          {argument: 'selectBy'});
      }
      checkOneOf(component, 'selectBy.mode', sb.mode, ['max', 'min'] as const);
    }
    for (const key of ['swapAtTrainEnd', 'verbose'] as const) {
      if (args[key] !== undefined && typeof args[key] !== 'boolean') {
        throw new InvalidArgumentError(`${component}: \`${key}\` must be a boolean; got ${describeValue(args[key])}.`,
          {argument: key});
      }
    }
    this.args = args;
    this.store = new AverageStore(suffix);
  }

  /** Whether the callback averages the BatchNorm moving statistics itself (then no refresh is run). @internal */
  protected abstract get averagesBuffers(): boolean;

  /** Number of snapshots (SWA) or updates (EMA) the callback itself has folded in this run. */
  get snapshotCount(): number {
    return this.folds;
  }

  /** The model's weights this callback averages: trainable ones, plus the others when it averages buffers. @internal */
  protected averagedVariables(): tf.Variable[] {
    const model = this.training.model;
    const weights = this.averagesBuffers ? model.weights : model.trainableWeights;
    return weights.map((lv) => lv.read() as tf.Variable);
  }

  /** Records which tensors the trainable weights hold after a training step. @internal */
  protected recordStep(): void {
    this.lastIds = this.training.model.trainableWeights.map((lv) => lv.read().dataId);
  }

  /** Frees the previous run's averages and backup. */
  override async onTrainBegin(_logs?: tfl.Logs): Promise<void> {
    this.releaseState();
    this.outcome = undefined;
  }

  /** Records the weights after the step (used to notice a later weight restore). */
  override async onBatchEnd(_batch?: number, _logs?: tfl.Logs): Promise<void> {
    this.recordStep();
  }

  /** Applies the recipe: back up, assign the averages, refresh BatchNorm, optionally select. */
  override async onTrainEnd(_logs?: tfl.Logs): Promise<void> {
    const port = this.training;
    const model = port.model;
    const optimizer = port.optimizer;
    const useOwn = this.folds > 0;
    const opt: AveragingOptimizer | undefined =
      !useOwn && isAveragingOptimizer(optimizer) && optimizer.snapshotCount > 0 ? optimizer : undefined;
    const snapshots = useOwn ? this.folds : opt?.snapshotCount ?? 0;
    const source = useOwn ? 'callback' : opt ? 'optimizer' : 'none';
    if (this.args.swapAtTrainEnd === false) {
      this.outcome = {kept: 'live', source, snapshots, batchNormLayers: []};
      return;
    }
    if (source === 'none') {
      console.warn(`${this.component}: no average to apply at train end; got 0 snapshots` +
        (isAveragingOptimizer(optimizer) ? ' in the callback and in the optimizer' : ' (and the optimizer does not average)') +
        '. The live weights are kept. Check the start epoch/step against the length of training.');
      this.outcome = {kept: 'none', source, snapshots: 0, batchNormLayers: []};
      return;
    }
    if (opt?.isSwapped) {
      console.warn(`${this.component}: the optimizer's averages are swapped into the model already; got isSwapped = true. ` +
        'Nothing was changed at train end.');
      this.outcome = {kept: 'none', source, snapshots, batchNormLayers: []};
      return;
    }
    this.warnAboutRestores(port);
    this.backup = model.weights.map((lv) => [lv.read() as tf.Variable, tf.clone(lv.read())]);
    if (useOwn) {
      this.store.assignTo(resolveVariables(this.component, model).filter((r) => r.trainable || this.averagesBuffers));
    } else {
      opt!.assignAverageVars(model);
    }
    const refreshed = await this.refreshBatchNorm(model, useOwn && this.averagesBuffers);
    let kept: 'averaged' | 'live' = 'averaged';
    let scores: {averaged: number; live: number} | undefined;
    if (this.args.selectBy) {
      const selected = await this.select(model, this.args.selectBy);
      kept = selected.keep;
      scores = {averaged: selected.averaged, live: selected.live};
    }
    this.outcome = {kept, source, snapshots, batchNormLayers: refreshed, ...(scores ? {scores: {averaged: scores.averaged, live: scores.live}} : {})};
    if (this.args.verbose) {
      console.log(`${this.component}: ${kept === 'averaged' ? 'applied' : 'scored but did not keep'} the average of ` +
        `${snapshots} snapshot(s) from the ${source}` +
        (refreshed.length ? `; refreshed ${refreshed.length} BatchNorm layer(s)` : '') +
        (scores ? `; score averaged ${scores.averaged}, live ${scores.live}` : '') + '.');
    }
  }

  private async refreshBatchNorm(model: tfl.LayersModel, buffersAveraged: boolean): Promise<string[]> {
    const layers = findBatchNormLayers(model);
    if (layers.length === 0 || buffersAveraged) return [];
    if (this.args.bnData === undefined) {
      console.warn(`${this.component}: the model has ${layers.length} BatchNormalization layer(s) but no \`bnData\` was given; ` +
        'their moving statistics were collected with the live weights and do not match the averaged ones. ' +
        'Pass `bnData` (the training images) or call updateBatchNormStatistics() yourself.');
      return [];
    }
    const result = await updateBatchNormStatistics(model, this.args.bnData, this.args.bnOptions ?? {});
    return result.layers;
  }

  private async select(model: tfl.LayersModel, selectBy: SelectBy):
    Promise<{averaged: number; live: number; keep: 'averaged' | 'live'}> {
    const averaged = await selectBy.score(model);
    const averagedState = model.weights.map((lv) => tf.clone(lv.read()));
    try {
      for (const [v, t] of this.backup!) v.assign(t);
      const live = await selectBy.score(model);
      const keepAveraged = selectBy.mode === 'max' ? averaged >= live : averaged <= live;
      if (keepAveraged) model.weights.forEach((lv, i) => (lv.read() as tf.Variable).assign(averagedState[i]!));
      return {averaged, live, keep: keepAveraged ? 'averaged' : 'live'};
    } finally {
      tf.dispose(averagedState);
    }
  }

  private warnAboutRestores(port: unknown): void {
    const callbacks = (port as {callbacks?: unknown}).callbacks;
    const listed = Array.isArray(callbacks) &&
      callbacks.some((cb) => typeof cb === 'object' && cb !== null && (cb as {restoreBestWeights?: unknown}).restoreBestWeights === true);
    const ids = this.training.model.trainableWeights.map((lv) => lv.read().dataId);
    const replaced = this.lastIds !== null && (ids.length !== this.lastIds.length || ids.some((id, i) => id !== this.lastIds![i]));
    if (listed || replaced) {
      console.warn(`${this.component}: ` + (listed ? 'an EarlyStopping with restoreBestWeights is also registered'
        : "the model's trainable weights were replaced after the last training step (an EarlyStopping with " +
          'restoreBestWeights, or another callback restoring weights?)') +
        '; the averaged weights now replace the restored ones. Pass `selectBy` to keep whichever scores better.');
    }
  }

  /**
   * Puts back the live weights (and BatchNorm statistics) backed up at train end, and frees the backup.
   * @returns Whether there was a backup to restore.
   */
  restoreTrainingWeights(): boolean {
    if (!this.backup) return false;
    for (const [v, t] of this.backup) if (!v.isDisposed) v.assign(t);
    tf.dispose(this.backup.map(([, t]) => t));
    this.backup = null;
    return true;
  }

  /**
   * Copies of the averages (the callback's own, else the model's averaging optimizer's), named after the
   * variables they average; the caller disposes the tensors.
   */
  averagedWeights(): NamedTensor[] {
    if (this.folds > 0) return this.store.clones();
    let opt: unknown;
    try {
      opt = this.training.optimizer;
    } catch {
      opt = undefined; // neither a model nor a training loop attached yet
    }
    return isAveragingOptimizer(opt) && opt.snapshotCount > 0 ? opt.averagedWeights() : [];
  }

  /** Frees the averages and the backup of the live weights. */
  dispose(): void {
    this.releaseState();
  }

  private releaseState(): void {
    this.store.dispose();
    this.folds = 0;
    this.lastIds = null;
    if (this.backup) tf.dispose(this.backup.map(([, t]) => t));
    this.backup = null;
  }
}
