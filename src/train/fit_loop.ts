/**
 * The epoch/batch loop shared by `SelfTrainer` and `SupervisedTrainer`: pulls batches from a `BatchSource`,
 * drives the callbacks (tfjs hook names and order), keeps sample-weighted running means, runs validation and
 * records the `History`.
 *
 * Reference: tfjs-layers `engine/training.ts` `fitLoop` and Keras `Model.fit` (callback order, `stop_training`
 * checked after every batch and epoch, `History` recorded after every callback's `onEpochEnd`).
 *
 * Deviation: library finalisers (`runsLast`) get `onTrainEnd` after every user callback.
 * Deviation: each epoch starts a new pass over the source (the `BatchSource` contract); `stepsPerEpoch` caps it.
 *
 * @module train
 */
import * as tf from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../errors';
import {iterateBatches, type BatchSource} from '../data/batch_source';
import {check, checkNumber, describeValue} from '../internal/assert';
import {isTrainingCallback, type TrainingPort} from './callbacks/callback';
import {EarlyStopping} from './callbacks/early_stopping';
import {ProgressBar} from './callbacks/progress_bar';
import {History} from './history';

/** Logs handed to callbacks: metric name → number. Callbacks may add keys (e.g. `lr`). */
export type Logs = Record<string, number>;

/**
 * A callback the trainers accept: a library `TrainingCallback`, a tfjs `Callback`/`CustomCallback`, or a plain
 * object with some of the tfjs hooks (`{onEpochEnd: async (epoch, logs) => …}`).
 */
export interface CallbackHooks {
  /** Called once before the first epoch. */
  onTrainBegin?(logs?: Logs): unknown;
  /** Called once after the last epoch (not when training throws). */
  onTrainEnd?(logs?: Logs): unknown;
  /** Called at the start of every epoch. */
  onEpochBegin?(epoch: number, logs?: Logs): unknown;
  /** Called at the end of every epoch with the epoch logs (validation included). */
  onEpochEnd?(epoch: number, logs?: Logs): unknown;
  /** Called before every batch with `{batch, size}`. */
  onBatchBegin?(batch: number, logs?: Logs): unknown;
  /** Called after every batch with the batch values. */
  onBatchEnd?(batch: number, logs?: Logs): unknown;
  /** tfjs callbacks receive the trained model here. */
  setModel?(model: LayersModel): void;
  /** tfjs callbacks receive the run parameters here. */
  setParams?(params: Record<string, unknown>): void;
  /** Library finalisers set this to run their `onTrainEnd` last. */
  readonly runsLast?: boolean;
}

/** Arguments of `fit` shared by both trainers. */
export interface FitArgs<V> {
  /** Index of the last epoch + 1 (with `initialEpoch`, as Keras). */
  epochs: number;
  /** Epoch to start from (0-based), e.g. when resuming from a checkpoint; default 0. */
  initialEpoch?: number;
  /** Maximum batches per epoch; default: the whole pass. */
  stepsPerEpoch?: number;
  /** Validation batches `{image, label}`, evaluated after every epoch (`val_loss`, `val_accuracy`, `val_acc`). */
  validationData?: BatchSource<V>;
  /** Callbacks, run in order for every hook. */
  callbacks?: readonly CallbackHooks[];
  /** 0 silent, 1 progress bar (default; quiet when not a TTY), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
}

/** What a trainer plugs into the loop. @internal */
export interface LoopDriver<B, V> {
  readonly component: string;
  readonly model: LayersModel;
  readonly port: TrainingPort;
  stopRequested(): boolean;
  clearStop(): void;
  /** Disposes a pulled batch that will not be trained on (a callback threw first). */
  discard(batch: B): void;
  /** Trains on one batch (and disposes it); returns its size and batch-mean values. */
  trainBatch(batch: B, epoch: number, batchIndex: number): Promise<{size: number; values: Logs}>;
  /** Evaluates the model on validation data; returns named means. */
  validate(data: BatchSource<V>): Promise<Logs>;
}

/** Checks the shared fit arguments (before anything is allocated). @internal */
export function checkFitArgs<V>(component: string, args: FitArgs<V>): Required<Pick<FitArgs<V>, 'epochs' | 'initialEpoch' | 'verbose'>> {
  check(typeof args === 'object' && args !== null, 'args',
    () => `${component}: fit needs an arguments object with \`epochs\`; got ${describeValue(args)}.`);
  const epochs = checkNumber(component, 'epochs', args.epochs, {min: 1, integer: true});
  const initialEpoch = checkNumber(component, 'initialEpoch', args.initialEpoch ?? 0, {min: 0, integer: true});
  check(initialEpoch < epochs, 'initialEpoch', () =>
    `${component}: \`initialEpoch\` (${initialEpoch}) must be < \`epochs\` (${epochs}); epochs counts from 0, as in Keras.`);
  if (args.stepsPerEpoch !== undefined) checkNumber(component, 'stepsPerEpoch', args.stepsPerEpoch, {min: 1, integer: true});
  const verbose = args.verbose ?? 1;
  check(verbose === 0 || verbose === 1 || verbose === 2, 'verbose',
    () => `${component}: \`verbose\` must be 0, 1 or 2; got ${describeValue(verbose)}.`);
  check(args.callbacks === undefined || Array.isArray(args.callbacks), 'callbacks',
    () => `${component}: \`callbacks\` must be an array; got ${describeValue(args.callbacks)}.`);
  for (const cb of args.callbacks ?? []) {
    check(typeof cb === 'object' && cb !== null, 'callbacks',
      () => `${component}: every callback must be an object with tfjs hooks (onEpochEnd, …); got ${describeValue(cb)}.`);
  }
  return {epochs, initialEpoch, verbose};
}

async function invoke(cbs: readonly CallbackHooks[], hook: keyof CallbackHooks, args: unknown[]): Promise<void> {
  for (const cb of cbs) {
    const fn = (cb as Record<string, unknown>)[hook];
    if (typeof fn === 'function') await (fn as (...a: unknown[]) => unknown).apply(cb, args);
  }
}

/** Adds `acc` for `accuracy` (and `val_acc`), the spelling tfjs callbacks look for. @internal */
export function withAliases(logs: Logs): Logs {
  if (logs['accuracy'] !== undefined && logs['acc'] === undefined) logs['acc'] = logs['accuracy'];
  if (logs['val_accuracy'] !== undefined && logs['val_acc'] === undefined) logs['val_acc'] = logs['val_accuracy'];
  return logs;
}

/** Runs `fit` for a driver. @internal */
export async function runFitLoop<B, V>(driver: LoopDriver<B, V>, data: BatchSource<B>, args: FitArgs<V>): Promise<History> {
  const {epochs, initialEpoch, verbose} = checkFitArgs(driver.component, args);
  const user = [...(args.callbacks ?? [])];
  const callbacks: CallbackHooks[] = [...user];
  if (verbose > 0) callbacks.push(new ProgressBar({mode: verbose === 1 ? 'bar' : 'epoch'}));
  const ordered = [...callbacks.filter((c) => !c.runsLast), ...callbacks.filter((c) => c.runsLast)];
  // A finaliser that scores both weight sets (SwaCallback with selectBy) resolves the conflict itself.
  const overriding = callbacks.some((c) => c.runsLast && (c as {choosesBetweenWeights?: boolean}).choosesBetweenWeights !== true);
  if (overriding && callbacks.some((c) => c instanceof EarlyStopping && c.restoreBestWeights)) {
    // eslint-disable-next-line no-console
    console.warn(`${driver.component}: EarlyStopping(restoreBestWeights) and a finaliser (such as the SWA swap) both set ` +
      'the weights at train end; the finaliser runs last and wins.');
  }
  const history = new History();
  history.params = {epochs, initialEpoch, steps: args.stepsPerEpoch ?? null, verbose, doValidation: args.validationData !== undefined};
  for (const cb of callbacks) {
    if (isTrainingCallback(cb)) cb.setTrainingPort(driver.port);
    cb.setModel?.(driver.model);
    cb.setParams?.({...history.params});
  }
  driver.clearStop();
  try {
    await invoke(callbacks, 'onTrainBegin', [{}]);
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      await invoke(callbacks, 'onEpochBegin', [epoch, {}]);
      const sums: Logs = {};
      let seen = 0;
      let batchIndex = 0;
      for await (const batch of iterateBatches(data, `${driver.component}.fit`)) {
        try {
          await invoke(callbacks, 'onBatchBegin', [batchIndex, {batch: batchIndex}]);
        } catch (e) {
          driver.discard(batch); // the loop owns what it pulled
          throw e;
        }
        const {size, values} = await driver.trainBatch(batch, epoch, batchIndex);
        for (const [k, v] of Object.entries(values)) sums[k] = (sums[k] ?? 0) + v * size;
        seen += size;
        await invoke(callbacks, 'onBatchEnd', [batchIndex, withAliases({batch: batchIndex, size, ...values})]);
        batchIndex++;
        // Promise continuations alone never yield to the event loop: give signal handlers (Ctrl-C), timers and
        // I/O a turn after every batch, as tfjs's own fit does with nextFrame.
        await tf.nextFrame();
        if (driver.stopRequested() || (args.stepsPerEpoch !== undefined && batchIndex >= args.stepsPerEpoch)) break;
      }
      if (batchIndex === 0) {
        throw new InvalidArgumentError(
          `${driver.component}.fit: the training data yielded no batch in epoch ${epoch + 1}. A BatchSource must make a ` +
            'fresh pass each time it is asked (pass a generator function, not a generator object).', {argument: 'data'});
      }
      const logs: Logs = {};
      for (const [k, v] of Object.entries(sums)) logs[k] = v / seen;
      if (args.validationData !== undefined) {
        const val = await driver.validate(args.validationData);
        for (const [k, v] of Object.entries(val)) logs[`val_${k}`] = v;
      }
      withAliases(logs);
      await invoke(callbacks, 'onEpochEnd', [epoch, logs]);
      history.record(epoch, logs);
      if (driver.stopRequested()) break;
    }
    await invoke(ordered, 'onTrainEnd', [{}]);
  } finally {
    for (const cb of callbacks) if (isTrainingCallback(cb)) cb.setTrainingPort(null);
  }
  return history;
}
