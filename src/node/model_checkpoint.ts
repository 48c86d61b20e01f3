/**
 * ModelCheckpoint: saves the best model (by a monitored metric) to `dir/best/` and every epoch to `dir/last/`,
 * for deployment and for resuming with `restoreCheckpoint`.
 *
 * Reference: Keras `ModelCheckpoint` (`save_best_only`, `monitor`, `mode`) and `BackupAndRestore` (resume).
 * Each folder holds `model.json`, `weights.bin`, `optimizer.bin` and `state.json` and is replaced atomically.
 *
 * Deviation: one callback writes both the best checkpoint and the resume checkpoint (Keras uses two callbacks).
 *
 * @module node
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {check, describeValue} from '../internal/assert';
import {MonitorCallback, type EpochLogs, type MonitorCallbackArgs} from '../train/callbacks/monitor';
import {saveCheckpoint, type CheckpointRngs} from './checkpoint_io';

/** Arguments of {@link ModelCheckpoint}. */
export interface ModelCheckpointArgs extends MonitorCallbackArgs {
  /** Folder of the checkpoints (created). */
  dir: string;
  /** Key deciding the best checkpoint; default `'val_loss'`. */
  monitor?: string;
  /** Write `best/` only when the monitored value improves (default true); false writes it every epoch. */
  saveBestOnly?: boolean;
  /** Write `last/` after every epoch, for resuming; default true. */
  saveLast?: boolean;
  /** Include the optimizer state (slots and iteration count); default true. */
  includeOptimizer?: boolean;
  /** RNG streams whose state is saved (e.g. the data shuffle and the augmentation streams). */
  rng?: CheckpointRngs;
}

/**
 * Saves the best model (by a monitored metric) and the last epoch to disk, for deployment and for resuming with
 * `restoreCheckpoint`. Works in `SelfTrainer.fit` / `SupervisedTrainer.fit` (saves the trained model: the
 * student) and in tfjs `model.fit`.
 *
 * @example
 * ```ts
 * import {Rng} from 'consistency-tfjs';
 * import {ModelCheckpoint} from 'consistency-tfjs/node';
 * const shuffle = new Rng(42).fork('shuffle');
 * const checkpoint = new ModelCheckpoint({dir: '/tmp/run1', monitor: 'val_accuracy', rng: {shuffle}});
 * // await trainer.fit(data, {epochs: 30, validationData, callbacks: [checkpoint]});
 * ```
 */
export class ModelCheckpoint extends MonitorCallback {
  /** Checkpoint folder. */
  readonly dir: string;
  /** Whether `best/` is written only on improvement. */
  readonly saveBestOnly: boolean;
  /** Whether `last/` is written every epoch. */
  readonly saveLast: boolean;
  /** Whether optimizer state is saved. */
  readonly includeOptimizer: boolean;
  /** Best monitored value of the current run. */
  best: number | undefined;
  /** Epoch (0-based) of the last `best/` write, or -1. */
  bestEpoch = -1;
  private readonly rng: CheckpointRngs | undefined;

  /**
   * @param args {@link ModelCheckpointArgs}.
   * @throws {@link InvalidArgumentError} without `dir`, or for bad monitor arguments.
   */
  constructor(args: ModelCheckpointArgs) {
    super('ModelCheckpoint', args, 'val_loss', 0);
    check(typeof args?.dir === 'string' && args.dir.length > 0, 'dir',
      () => `ModelCheckpoint: \`dir\` must be a folder path; got ${describeValue(args?.dir)}.`);
    this.dir = args.dir;
    this.saveBestOnly = args.saveBestOnly ?? true;
    this.saveLast = args.saveLast ?? true;
    this.includeOptimizer = args.includeOptimizer ?? true;
    this.rng = args.rng;
  }

  override async onTrainBegin(): Promise<void> {
    this.resetMonitor();
    this.best = this.baseline;
    this.bestEpoch = -1;
    fs.mkdirSync(this.dir, {recursive: true});
  }

  override async onEpochEnd(epoch: number, logs?: EpochLogs): Promise<void> {
    const numeric: Record<string, number> = {};
    for (const [k, v] of Object.entries(logs ?? {})) if (typeof v === 'number') numeric[k] = v;
    const current = this.monitorValue(logs);
    const improved = current !== undefined && this.isImprovement(current, this.best);
    if (improved) this.best = current;
    const parts = {
      model: this.training.model, optimizer: this.includeOptimizer ? this.training.optimizer : undefined,
      epoch, rng: this.rng, logs: numeric, monitor: this.monitor, ...(this.best !== undefined ? {best: this.best} : {}),
    };
    if (improved || !this.saveBestOnly) {
      await saveCheckpoint(path.join(this.dir, 'best'), parts);
      if (improved) this.bestEpoch = epoch;
      if (improved) this.say(`Epoch ${epoch + 1}: ${this.monitor} improved to ${current}; saved ${path.join(this.dir, 'best')}.`);
    }
    if (this.saveLast) await saveCheckpoint(path.join(this.dir, 'last'), parts);
  }
}
