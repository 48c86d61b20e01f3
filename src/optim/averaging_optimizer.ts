/**
 * The optimizer-wrapper half of weight averaging, shared by {@link SWA} and {@link MovingAverage}: it forwards
 * every step to an inner tfjs optimizer, then lets the subclass fold the post-update weights into running
 * averages (see `averaging.ts`). Mirrors TF-Addons' `AveragedOptimizerWrapper`
 * (`tensorflow_addons/optimizers/average_wrapper.py`).
 *
 * Deviation: tfa creates one `average` slot per variable up front (zeros for SWA); here an average is created
 * lazily, as a copy, the first time its variable is folded, and `assignAverageVars` refuses to run before that
 * (tfa would write zeros into the model).
 * Deviation: tfa owns its own `iterations` and overwrites the inner optimizer's; here the wrapper simply reports
 * the inner optimizer's counter (one counter, the one Adam's bias correction uses).
 *
 * @module optim
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, NotSerializableError, StateError} from '../errors';
import {describeValue} from '../internal/assert';
import {registerOnce, registeredClass, registeredClassNames} from '../internal/serialization';
import {
  AverageStore, nameList, resolveVariables, type ModelOrVariables, type NamedTensor, type ResolvedVariable,
} from './averaging';
import {disposeOptimizer} from './dispose_optimizer';
import {getLearningRate, setLearningRate, type LearningRateControl} from './learning_rate';

/** The variables that receive a gradient in an `applyGradients` call, in the order of the call. */
function variablesWithGradients(grads: tf.NamedTensorMap | NamedTensor[]): tf.Variable[] {
  const registered = tf.engine().registeredVariables;
  const names = Array.isArray(grads)
    ? grads.filter((g) => g.tensor != null).map((g) => g.name)
    : Object.keys(grads).filter((n) => grads[n] != null);
  const vars: tf.Variable[] = [];
  for (const n of names) {
    const v = registered[n];
    if (v) vars.push(v);
  }
  return vars;
}

/**
 * Base class of optimizers that wrap an inner tfjs optimizer and keep running averages of the variables it
 * trains. Subclasses decide when and how to fold (`afterStep`). It is a real `tf.Optimizer`: pass it to
 * `model.compile`, call `minimize`/`applyGradients` in custom loops.
 *
 * Ownership: the wrapper owns its averages and frees them in {@link AveragingOptimizer.dispose}. It does not own
 * an `inner` optimizer you passed in (dispose that yourself, e.g. with `disposeOptimizer`); one created by
 * `fromConfig` is owned and disposed with the wrapper.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {AveragingOptimizer, SWA} from 'consistency-tfjs';
 * const opt: AveragingOptimizer = new SWA(tf.train.adam(1e-3));
 * console.log(opt.snapshotCount); // 0 until the first fold
 * ```
 */
export abstract class AveragingOptimizer extends tf.Optimizer implements LearningRateControl {
  /** The optimizer that computes every update. */
  readonly inner: tf.Optimizer;
  /** The running averages. @internal */
  protected readonly store: AverageStore;
  /** Number of folds so far (SWA: snapshots; EMA: updates). @internal */
  protected folds = 0;
  /** @internal */
  protected ownsInner = false;
  private swapped = false;
  private readonly component: string;
  private readonly countName: string;

  /**
   * @param component Class name used in messages, e.g. `'SWA'`.
   * @param optimizer The inner optimizer.
   * @param suffix Weight-name suffix of the averages (`<var>/<suffix>`).
   * @param countName Weight name of the fold counter.
   */
  protected constructor(component: string, optimizer: tf.Optimizer, suffix: string, countName: string) {
    super();
    if (typeof optimizer !== 'object' || optimizer === null ||
      typeof (optimizer as Partial<tf.Optimizer>).applyGradients !== 'function' ||
      typeof (optimizer as Partial<tf.Optimizer>).getConfig !== 'function') {
      throw new InvalidArgumentError(
        `${component}: \`optimizer\` must be a tfjs Optimizer; got ${describeValue(optimizer)}. ` +
          `Pass e.g. tf.train.adam(1e-3).`, {argument: 'optimizer'});
    }
    this.inner = optimizer;
    this.component = component;
    this.countName = countName;
    this.store = new AverageStore(suffix);
    registerOnce(this.constructor as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }

  /** The inner optimizer's step counter (the wrapper has no counter of its own). */
  override get iterations(): number {
    return this.inner.iterations;
  }

  /** How many times the averages have been updated (SWA: snapshots taken; EMA: updates applied). */
  get snapshotCount(): number {
    return this.folds;
  }

  /** True while {@link AveragingOptimizer.swapWeights} has the averages in the model. */
  get isSwapped(): boolean {
    return this.swapped;
  }

  /**
   * Forwards the gradients to the inner optimizer (the list unchanged, in order: tfjs optimizers key their slots
   * by position), then folds the post-update weights when the schedule says so.
   * @throws {@link StateError} while the averaged weights are swapped in.
   */
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    this.checkNotSwapped('applyGradients');
    const k = this.inner.iterations;
    const vars = variablesWithGradients(variableGradients);
    this.beforeStep(k, vars);
    this.inner.applyGradients(variableGradients);
    this.afterStep(k, vars);
  }

  /**
   * As `tf.Optimizer.minimize`, but refuses to run (before computing any gradient) while the averages are
   * swapped in.
   * @throws {@link StateError} while swapped.
   */
  override minimize(f: () => tf.Scalar, returnCost = false, varList?: tf.Variable[]): tf.Scalar | null {
    this.checkNotSwapped('minimize');
    return super.minimize(f, returnCost, varList);
  }

  private checkNotSwapped(method: string): void {
    if (this.swapped) {
      throw new StateError(
        `${this.component}.${method}: called while the averaged weights are swapped in; got isSwapped = true. ` +
          'Call swapWeights() again to put the training weights back before training.');
    }
  }

  /** Hook run before the inner update, with the 0-based step index `k`. @internal */
  protected beforeStep(_k: number, _vars: tf.Variable[]): void {}

  /** Hook run after the inner update: fold `vars` (now holding post-update values) as the schedule says. @internal */
  protected abstract afterStep(k: number, vars: tf.Variable[]): void;

  /** Warns once about variables whose average started late or was re-bound by position. @internal */
  protected reportBinding(r: {created: string[]; rebound: string[]}, firstFold: boolean): void {
    if (r.rebound.length > 0) {
      console.warn(
        `${this.component}: ${r.rebound.length} restored average(s) were bound by position to variables with new ` +
          `names (${nameList(r.rebound)}); this happens when a model is rebuilt or reloaded in the same process.`);
    }
    if (!firstFold && r.created.length > 0) {
      console.warn(
        `${this.component}: ${r.created.length} variable(s) received their first gradient after averaging had ` +
          `started (${nameList(r.created)}); their averages start now and cover fewer snapshots than the others.`);
    }
  }

  /**
   * Copies the averages into the model (or the given variables). Nothing else changes: no BatchNorm statistics,
   * no optimizer state. Non-trainable weights of a model (BatchNorm moving statistics) never have averages and
   * are skipped silently; any other variable without an average is skipped with one warning.
   * @param modelOrVariables A `LayersModel`, or tfjs `Variable`s / `LayerVariable`s; default: every variable
   *   that has an average.
   * @returns The number of variables assigned.
   * @throws {@link StateError} before the first snapshot (tfa would write zeros), or while swapped.
   * @throws {@link InvalidArgumentError} when `modelOrVariables` is neither a model nor a variable list.
   */
  assignAverageVars(modelOrVariables?: ModelOrVariables): number {
    this.checkHasAverages('assignAverageVars');
    if (this.swapped) {
      throw new StateError(
        `${this.component}.assignAverageVars: the averaged weights are swapped in; got isSwapped = true. ` +
          'Call swapWeights() to restore the training weights first, or keep the swapped-in averages.');
    }
    const vars = modelOrVariables === undefined
      ? this.store.boundSlots().flatMap((s) => (s.target && !s.target.isDisposed ? [{variable: s.target, trainable: true}] : []))
      : this.resolve('assignAverageVars', modelOrVariables);
    const {assigned, missing} = this.store.assignTo(vars);
    if (missing.length > 0) {
      console.warn(
        `${this.component}.assignAverageVars: ${missing.length} variable(s) have no average and were left unchanged ` +
          `(${nameList(missing)}). Only variables that received gradients through this optimizer are averaged.`);
    }
    return assigned;
  }

  /**
   * Exchanges the live and averaged values of the averaged variables (through clones, never aliases). Call it
   * once to evaluate with the averages, and again to put the training weights back; training steps are refused
   * in between.
   * @param modelOrVariables Restrict the swap to these (a model's non-trainable weights are skipped); default:
   *   every variable the wrapper has trained. After `setWeights` in a process where the variables were renamed
   *   (a reloaded model), pass the model so restored averages can be matched to its weights.
   * @returns The number of variables swapped.
   * @throws {@link StateError} before the first snapshot.
   */
  swapWeights(modelOrVariables?: ModelOrVariables): number {
    this.checkHasAverages('swapWeights');
    const n = this.store.swap(modelOrVariables === undefined ? undefined : this.resolve('swapWeights', modelOrVariables));
    this.swapped = !this.swapped;
    return n;
  }

  /** A model's trainable weights plus any weight that has an average, or the given variables. */
  private resolve(method: string, modelOrVariables: ModelOrVariables): ResolvedVariable[] {
    const isModel = !Array.isArray(modelOrVariables);
    return resolveVariables(`${this.component}.${method}`, modelOrVariables)
      .filter((r) => !isModel || r.trainable || this.store.get(r.variable.name) !== undefined);
  }

  /**
   * Copies of the averages, named after the variables they average; the caller disposes the tensors.
   * @throws {@link StateError} while swapped.
   */
  averagedWeights(): NamedTensor[] {
    if (this.swapped) {
      throw new StateError(`${this.component}.averagedWeights: the averaged weights are swapped in; got isSwapped = true. ` +
        'Call swapWeights() first.');
    }
    return this.store.clones();
  }

  /** The inner optimizer's learning rate. */
  getLearningRate(): number {
    return getLearningRate(this.inner);
  }

  /** Sets the inner optimizer's learning rate (works for every tfjs optimizer, see `setLearningRate`). */
  setLearningRate(lr: number): void {
    setLearningRate(this.inner, lr);
  }

  /**
   * The inner optimizer's weights (starting with its `iter` scalar), then one `<var>/<suffix>` entry per
   * average, then the fold counter (`swa/snapshot_count` for SWA). As with tfjs optimizers, the state entries are
   * the live variables (do not dispose them) and the two scalars are new tensors the caller may dispose.
   * @throws {@link StateError} while swapped.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    if (this.swapped) {
      throw new StateError(`${this.component}.getWeights: the averaged weights are swapped in; got isSwapped = true. ` +
        'Call swapWeights() to restore the training weights before saving the optimizer.');
    }
    const inner = await this.inner.getWeights();
    return [...inner, ...this.store.entries(), {name: this.countName, tensor: tf.scalar(this.folds, 'int32')}];
  }

  /**
   * Restores the layout {@link AveragingOptimizer.getWeights} produces; `setWeights(getWeights())` on a fresh
   * wrapper continues exactly where the first left off. The given tensors are copied, not kept.
   * @throws {@link NotSerializableError} when the counter entry is missing or malformed.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const counter = weightValues.filter((w) => w.name === this.countName);
    if (counter.length !== 1 || counter[0]!.tensor.size !== 1) {
      throw new NotSerializableError(
        `${this.component}.setWeights: expected exactly one scalar '${this.countName}' entry; got ${counter.length}. ` +
          `Pass the list ${this.component}.getWeights() produced.`);
    }
    const count = (await counter[0]!.tensor.data())[0]!;
    if (!Number.isInteger(count) || count < 0) {
      throw new NotSerializableError(
        `${this.component}.setWeights: '${this.countName}' must be a non-negative integer; got ${count}.`);
    }
    const averages = weightValues.filter((w) => this.store.isEntry(w.name));
    const rest = weightValues.filter((w) => w.name !== this.countName && !this.store.isEntry(w.name));
    if (count > 0 && averages.length === 0) {
      throw new NotSerializableError(
        `${this.component}.setWeights: the counter says ${count} fold(s) but no '/${this.store.suffix}' entry was given. ` +
          `Pass the list ${this.component}.getWeights() produced.`);
    }
    await this.inner.setWeights(rest);
    this.store.restore(averages);
    this.folds = count;
    this.swapped = false;
  }

  /**
   * Frees the averages and, when the wrapper created its inner optimizer (`fromConfig`), that optimizer too.
   * An inner optimizer you passed to the constructor stays yours to dispose.
   */
  override dispose(): void {
    this.store.dispose();
    if (this.ownsInner) disposeOptimizer(this.inner);
  }

  private checkHasAverages(method: string): void {
    if (this.folds === 0 || this.store.size === 0) {
      throw new StateError(
        `${this.component}.${method}: no average exists yet; got ${this.folds} snapshot(s) after ` +
          `${this.inner.iterations} step(s). Train past the first snapshot first (tfa would have written zeros ` +
          'into the model here).');
    }
  }
}

/**
 * Rebuilds the inner optimizer of a wrapper's config, `{optimizer: {className, config}}`, through the tfjs
 * serialization registry (every `tf.train.*` optimizer is registered when tfjs-core loads).
 * @throws {@link NotSerializableError} when the entry is malformed or the class is not registered.
 * @internal
 */
export function innerFromConfig(component: string, config: tf.serialization.ConfigDict): tf.Optimizer {
  const entry = config['optimizer'] as tf.serialization.ConfigDict | undefined;
  const className = entry?.['className'];
  const innerConfig = entry?.['config'];
  if (typeof className !== 'string' || typeof innerConfig !== 'object' || innerConfig === null || Array.isArray(innerConfig)) {
    throw new NotSerializableError(
      `${component}.fromConfig: \`optimizer\` must be {className, config}; got ${describeValue(entry)}. ` +
        `Pass the object ${component}.getConfig() produced.`);
  }
  const registered = registeredClass(className);
  if (!registered) {
    throw new NotSerializableError(
      `${component}.fromConfig: the inner optimizer class '${className}' is not registered; got ${describeValue(className)}. ` +
        `Registered classes: ${registeredClassNames().join(', ')}. Register it with tf.serialization.registerClass().`);
  }
  const [cls, fromConfig] = registered;
  return fromConfig(cls, innerConfig as tf.serialization.ConfigDict) as tf.Optimizer;
}

/** True when `x` looks like an {@link AveragingOptimizer} (duck typing, across duplicate installs). @internal */
export function isAveragingOptimizer(x: unknown): x is AveragingOptimizer {
  return typeof x === 'object' && x !== null &&
    typeof (x as AveragingOptimizer).assignAverageVars === 'function' &&
    typeof (x as AveragingOptimizer).swapWeights === 'function' &&
    typeof (x as AveragingOptimizer).snapshotCount === 'number';
}
