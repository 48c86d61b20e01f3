/**
 * Checkpoint files: {@link saveCheckpoint} writes a model (standard tfjs `model.json` + `weights.bin`), the optimizer
 * state (`optimizer.bin`), the learning rate, the epoch and RNG states (`state.json`) into a folder, replaced
 * atomically; {@link restoreCheckpoint} puts them back so that `fit(..., {initialEpoch})` continues the same
 * trajectory.
 *
 * Reference: tfjs `Optimizer.getWeights`/`setWeights` ("order matters") and `tf.io.encodeWeights`/`decodeWeights`;
 * Keras `BackupAndRestore`.
 *
 * Deviation: callback states (EarlyStopping / ReduceLROnPlateau counters) are not saved; a resumed run starts
 * them afresh, as Keras's `BackupAndRestore` does.
 *
 * @module node
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import {InvalidArgumentError, NotSerializableError, ShapeError} from '../errors';
import {check, describeValue} from '../internal/assert';
import {getLearningRate, setLearningRate} from '../optim/learning_rate';
import type {Rng, RngState} from '../random/rng';
import {fileSystem} from './file_io';

const STATE = 'state.json';
const OPTIMIZER_BIN = 'optimizer.bin';

/** RNG streams saved with a checkpoint: one stream, or streams by label. */
export type CheckpointRngs = Rng | Readonly<Record<string, Rng>>;

/** Contents of `state.json`. */
export interface CheckpointState {
  /** Format version (1). */
  readonly version: 1;
  /** The epoch (0-based) whose end the checkpoint captures. */
  readonly epoch: number;
  /** The monitored key and its best value so far (`best/`) or current value (`last/`). */
  readonly monitor: string;
  /** Best monitored value seen when the checkpoint was written. */
  readonly best: number | null;
  /** Learning rate at the end of the epoch (after callbacks such as ReduceLROnPlateau). */
  readonly learningRate: number | null;
  /** Optimizer class and the specs of `optimizer.bin`, or null when not saved. */
  readonly optimizer: {className: string; specs: tf.io.WeightsManifestEntry[]} | null;
  /** RNG states by label (`''` for a single stream). */
  readonly rng: Record<string, RngState>;
  /** The epoch logs. */
  readonly logs: Record<string, number>;
}

/** The streams of a `CheckpointRngs` value as `[label, rng]` pairs (`''` for a single stream). */
function rngEntries(rng: CheckpointRngs | undefined): Array<[string, Rng]> {
  if (rng === undefined) return [];
  if (typeof (rng as Rng).getState === 'function') return [['', rng as Rng]];
  return Object.entries(rng as Record<string, Rng>);
}

function writeDirAtomic(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  fs.rmSync(tmp, {recursive: true, force: true});
  return write(tmp).then(() => {
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
    fs.rmSync(old, {recursive: true, force: true});
  }, (e: unknown) => {
    fs.rmSync(tmp, {recursive: true, force: true});
    throw e;
  });
}

/**
 * Saves a checkpoint of a model (+ optimizer, learning rate, RNG states) into `dir` (replaced atomically).
 * @param dir Target folder.
 * @param parts The model, and optionally the optimizer, epoch, RNG streams, logs and best value.
 * @returns The state written to `state.json`.
 * @throws {@link NotSerializableError} when the model cannot be saved.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {saveCheckpoint} from 'consistency-tfjs/node';
 * const model = tfl.sequential({layers: [tfl.layers.dense({units: 2, inputShape: [3]})]});
 * await saveCheckpoint('/tmp/ckpt/manual', {model, optimizer: tf.train.adam(1e-3), epoch: 0});
 * ```
 */
export async function saveCheckpoint(dir: string, parts: {
  model: LayersModel; optimizer?: tf.Optimizer; epoch: number; rng?: CheckpointRngs; logs?: Record<string, number>;
  monitor?: string; best?: number;
}): Promise<CheckpointState> {
  let state: CheckpointState | undefined;
  await writeDirAtomic(dir, async (tmp) => {
    fs.mkdirSync(tmp, {recursive: true});
    await parts.model.save(fileSystem(tmp));
    let optimizer: CheckpointState['optimizer'] = null;
    if (parts.optimizer) {
      const named = await parts.optimizer.getWeights();
      try {
        const {data, specs} = await tf.io.encodeWeights(named);
        fs.writeFileSync(path.join(tmp, OPTIMIZER_BIN), new Uint8Array(data));
        optimizer = {className: parts.optimizer.getClassName(), specs};
      } finally {
        // getWeights returns live slot variables plus a fresh iteration scalar: free only the latter.
        for (const n of named) if (!(n.tensor instanceof tf.Variable)) n.tensor.dispose();
      }
    }
    let learningRate: number | null = null;
    try {
      if (parts.optimizer) learningRate = getLearningRate(parts.optimizer);
    } catch {
      learningRate = null;
    }
    state = {
      version: 1, epoch: parts.epoch, monitor: parts.monitor ?? '', best: parts.best ?? null, learningRate, optimizer,
      rng: Object.fromEntries(rngEntries(parts.rng).map(([k, r]) => [k, r.getState()])),
      logs: Object.fromEntries(Object.entries(parts.logs ?? {}).filter(([, v]) => Number.isFinite(v))),
    };
    fs.writeFileSync(path.join(tmp, STATE), `${JSON.stringify(state, null, 2)}\n`);
  });
  return state!;
}

/**
 * Restores a checkpoint written by {@link ModelCheckpoint} or {@link saveCheckpoint}: model weights (in
 * `getWeights()` order, shapes checked), optimizer state and learning rate, RNG states.
 *
 * @param dir A checkpoint folder (e.g. `<dir>/last`).
 * @param target The model (or a trainer: anything with `trainedModel` and `optimizer`) and options:
 *   `rng` streams to position, `optimizer: false` to skip the optimizer.
 * @returns The saved state and `initialEpoch` (= saved epoch + 1) to pass to `fit`.
 * @throws {@link NotSerializableError} for a missing or unreadable checkpoint, or an optimizer of another class;
 *   {@link ShapeError} when the weights do not fit the model; {@link InvalidArgumentError} when the optimizer
 *   has already taken steps (tfjs `setWeights` would leak its old slots; restore into a freshly compiled trainer).
 * @example
 * ```ts
 * import {restoreCheckpoint} from 'consistency-tfjs/node';
 * import type {SelfTrainer} from 'consistency-tfjs';
 * declare const trainer: SelfTrainer; // freshly built and compiled
 * const {initialEpoch} = await restoreCheckpoint('/tmp/ckpt/last', {trainer});
 * // await trainer.fit(data, {epochs: 30, initialEpoch});
 * ```
 */
export async function restoreCheckpoint(dir: string, target: {
  trainer?: {readonly trainedModel: LayersModel; readonly optimizer: tf.Optimizer};
  model?: LayersModel; optimizer?: tf.Optimizer; rng?: CheckpointRngs; restoreOptimizer?: boolean;
}): Promise<CheckpointState & {initialEpoch: number}> {
  check(typeof target === 'object' && target !== null && (target.trainer !== undefined || target.model !== undefined), 'target',
    () => `restoreCheckpoint: pass {trainer} or {model, optimizer?}; got ${describeValue(target)}.`);
  const model = target.trainer?.trainedModel ?? target.model!;
  const optimizer = target.restoreOptimizer === false ? undefined : (target.trainer?.optimizer ?? target.optimizer);
  let state: CheckpointState;
  try {
    state = JSON.parse(fs.readFileSync(path.join(dir, STATE), 'utf8')) as CheckpointState;
  } catch (e) {
    throw new NotSerializableError(`restoreCheckpoint: no readable ${STATE} in ${dir}: ${(e as Error).message}. ` +
      'Pass a folder written by ModelCheckpoint (e.g. <dir>/last).', {cause: e});
  }
  if (optimizer && state.optimizer) {
    if (state.optimizer.className !== optimizer.getClassName()) {
      throw new NotSerializableError(`restoreCheckpoint: the checkpoint holds ${state.optimizer.className} state; got a ` +
        `${optimizer.getClassName()} optimizer. Compile the trainer with the same optimizer class, or pass restoreOptimizer: false.`);
    }
    if (optimizer.iterations > 0) {
      throw new InvalidArgumentError(`restoreCheckpoint: the optimizer has already taken ${optimizer.iterations} steps; ` +
        'restore into a freshly compiled trainer (tfjs setWeights would leak the old slots).', {argument: 'optimizer'});
    }
  }
  const artifacts = await fileSystem(dir).load!();
  const current = model.getWeights();
  const specs = artifacts.weightSpecs ?? [];
  if (specs.length !== current.length || specs.some((s, i) => s.shape.join(',') !== current[i]!.shape.join(','))) {
    throw new ShapeError(`restoreCheckpoint: the checkpoint's ${specs.length} weights do not fit the model's ${current.length} ` +
      `(shapes ${describeValue(specs.map((s) => s.shape))} vs ${describeValue(current.map((w) => w.shape))}). Build the same architecture.`);
  }
  const decoded = tf.io.decodeWeights(tf.io.CompositeArrayBuffer.join(artifacts.weightData!), specs);
  try {
    model.setWeights(specs.map((s) => decoded[s.name]!));
  } finally {
    tf.dispose(Object.values(decoded));
  }
  if (optimizer && state.optimizer) {
    const bytes = fs.readFileSync(path.join(dir, OPTIMIZER_BIN));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const slots = tf.io.decodeWeights(buffer, state.optimizer.specs);
    try {
      await optimizer.setWeights(state.optimizer.specs.map((s) => ({name: s.name, tensor: slots[s.name]!})));
    } finally {
      tf.dispose(Object.values(slots));
    }
  }
  if (optimizer && state.learningRate !== null) setLearningRate(optimizer, state.learningRate);
  for (const [label, rng] of rngEntries(target.rng)) {
    const saved = state.rng[label];
    if (saved === undefined) {
      throw new NotSerializableError(`restoreCheckpoint: no RNG state '${label}' in the checkpoint; got labels ` +
        `${describeValue(Object.keys(state.rng))}. Pass the same rng shape as ModelCheckpoint({rng}).`);
    }
    rng.setState(saved);
  }
  return {...state, initialEpoch: state.epoch + 1};
}
