/**
 * The averaging core shared by {@link SWA}, {@link MovingAverage} and the averaging callbacks: running
 * averages of live variables kept in non-trainable tfjs variables, keyed by the live variable's registered
 * name, and one update rule `avg ← avg + α·(w − avg)`.
 *
 * - SWA (Izmailov et al. 2018, https://arxiv.org/abs/1803.05407; tfa `SWA`, PyTorch `AveragedModel`) uses
 *   `α = 1/(n+1)` after `n` snapshots, the equal-weight mean. tfa writes `(n·avg + w)/(n+1)`; the two agree up
 *   to float32 rounding.
 * - EMA (tfa `MovingAverage`, timm `ModelEmaV3`, TF `ExponentialMovingAverage`) uses `α = 1 − decay`, the
 *   `lerp` form timm uses.
 *
 * A slot is created as an exact copy of the live value (`α = 1` also copies exactly instead of computing
 * `avg + (w − avg)`). Averages restored from saved weights are bound to live variables lazily: by registered
 * name, by a layer weight's original name (a model rebuilt or reloaded in the same process gets de-duplicated
 * names such as `dense_Dense1/kernel_1`), or at the next training step by position, as tfjs optimizers bind
 * their own slots.
 *
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../errors';
import {describeValue} from '../internal/assert';

/** A tensor with a name, the element type of tfjs optimizers' `getWeights()` (tfjs-core does not export it). */
export interface NamedTensor {
  /** Weight name, e.g. `dense_Dense1/kernel/swa_average`. */
  name: string;
  /** The value. */
  tensor: tf.Tensor;
}

/** One running average. @internal */
export interface AverageSlot {
  /** Registered name of the live variable (the name it was saved under, until it is bound). */
  name: string;
  /** The live variable, once known. */
  target: tf.Variable | undefined;
  /** The average, a non-trainable variable owned by the store. */
  average: tf.Variable;
}

/** What a model-or-variables argument resolves to. @internal */
export interface ResolvedVariable {
  readonly variable: tf.Variable;
  readonly trainable: boolean;
  /** A tfjs-layers weight's name before de-duplication (`dense_Dense1/kernel` for `dense_Dense1/kernel_1`). */
  readonly originalName?: string;
}

/** Keeps running averages of variables. Owns its average variables; `dispose()` frees them. @internal */
export class AverageStore {
  /** Every slot in creation (or restore) order; a slot without `target` waits to be bound. */
  private slots: AverageSlot[] = [];
  /** Bound slots by the live variable's registered name. */
  private readonly byName = new Map<string, AverageSlot>();

  /** @param suffix Weight-name suffix of the averages, e.g. `'swa_average'` (`<var>/swa_average`). */
  constructor(readonly suffix: string) {}

  /** Number of averages held (bound or waiting to be bound). */
  get size(): number {
    return this.slots.length;
  }

  /** The bound slot averaging the variable registered as `name`, if any. */
  get(name: string): AverageSlot | undefined {
    return this.byName.get(name);
  }

  /** Bound slots, in order. */
  boundSlots(): AverageSlot[] {
    return this.slots.filter((s) => s.target !== undefined);
  }

  /** Names (as saved) of restored averages no variable has claimed yet. */
  pendingNames(): string[] {
    return this.slots.filter((s) => s.target === undefined).map((s) => s.name);
  }

  private bind(slot: AverageSlot, v: tf.Variable): void {
    if (slot.target !== undefined) this.byName.delete(slot.name);
    slot.name = v.name;
    slot.target = v;
    this.byName.set(v.name, slot);
  }

  private fits(slot: AverageSlot, v: tf.Variable): boolean {
    return tf.util.arraysEqual(slot.average.shape, v.shape) && slot.average.dtype === v.dtype;
  }

  /**
   * The slot of `v`: bound under its name, else a restored slot saved under the same name, else one saved under
   * `originalName` (a tfjs-layers weight's name before de-duplication), else (when `byPosition`) the first
   * restored slot, if its shape fits. `renamed` is true when the slot was saved under another name.
   */
  private claim(v: tf.Variable, originalName: string | undefined, byPosition: boolean):
    {slot: AverageSlot | undefined; renamed: boolean} {
    const bound = this.byName.get(v.name);
    if (bound) {
      bound.target = v;
      return {slot: bound, renamed: false};
    }
    const pending = this.slots.filter((s) => s.target === undefined);
    const same = pending.find((s) => s.name === v.name && this.fits(s, v));
    if (same) {
      this.bind(same, v);
      return {slot: same, renamed: false};
    }
    const original = originalName === undefined ? undefined
      : pending.find((s) => s.name === originalName && this.fits(s, v));
    const first = byPosition && pending[0] && this.fits(pending[0], v) ? pending[0] : undefined;
    const slot = original ?? first;
    if (slot) this.bind(slot, v);
    return {slot, renamed: slot !== undefined};
  }

  private create(v: tf.Variable): AverageSlot {
    const slot: AverageSlot = {name: v.name, target: v, average: tf.variable(v, false)};
    this.slots.push(slot);
    this.byName.set(v.name, slot);
    return slot;
  }

  /** Gives every variable a slot; new slots copy the current value. */
  ensure(vars: readonly tf.Variable[]): {created: string[]; rebound: string[]} {
    const created: string[] = [];
    const rebound: string[] = [];
    for (const v of vars) {
      const r = this.claim(v, undefined, true);
      if (r.renamed) rebound.push(v.name);
      if (!r.slot) {
        this.create(v);
        created.push(v.name);
      }
    }
    return {created, rebound};
  }

  /**
   * `avg ← avg + alpha·(w − avg)` for every variable; a variable without a slot gets one holding a copy of
   * its value. `alpha = 1` copies exactly.
   */
  fold(vars: readonly tf.Variable[], alpha: number): {created: string[]; rebound: string[]} {
    const created: string[] = [];
    const rebound: string[] = [];
    tf.tidy(() => {
      for (const v of vars) {
        const r = this.claim(v, undefined, true);
        if (r.renamed) rebound.push(v.name);
        if (!r.slot) {
          this.create(v);
          created.push(v.name);
          continue;
        }
        const avg = r.slot.average;
        if (alpha === 1) avg.assign(v);
        else if (alpha !== 0) avg.assign(tf.add(avg, tf.mul(tf.sub(v, avg), alpha)));
      }
    });
    return {created, rebound};
  }

  /**
   * The bound slots for `vars` (binding restored slots by name or original name, never by position), with the
   * names that have none.
   */
  match(vars: readonly ResolvedVariable[]): {pairs: Array<[tf.Variable, AverageSlot]>; missing: string[]} {
    const pairs: Array<[tf.Variable, AverageSlot]> = [];
    const missing: string[] = [];
    for (const r of vars) {
      const {slot} = this.claim(r.variable, r.originalName, false);
      if (slot) pairs.push([r.variable, slot]);
      else missing.push(r.variable.name);
    }
    return {pairs, missing};
  }

  /** Copies the averages into the given variables; returns the names that have no average. */
  assignTo(vars: readonly ResolvedVariable[]): {assigned: number; missing: string[]} {
    const {pairs, missing} = this.match(vars);
    for (const [v, slot] of pairs) v.assign(slot.average);
    return {assigned: pairs.length, missing};
  }

  /**
   * Exchanges live and averaged values (through a clone, never an alias) for the given variables, or for every
   * bound slot.
   */
  swap(vars?: readonly ResolvedVariable[]): number {
    const pairs: Array<[tf.Variable, AverageSlot]> = vars ? this.match(vars).pairs
      : this.boundSlots().filter((s) => !s.target!.isDisposed).map((s) => [s.target!, s]);
    tf.tidy(() => {
      for (const [v, slot] of pairs) {
        const live = tf.clone(v);
        v.assign(slot.average);
        slot.average.assign(live);
      }
    });
    return pairs.length;
  }

  /** Live average variables as weight entries `<var>/<suffix>`, in order (do not dispose them). */
  entries(): NamedTensor[] {
    return this.slots.map((s) => ({name: `${s.name}/${this.suffix}`, tensor: s.average}));
  }

  /** Cloned averages named after the variable they average; the caller disposes them. */
  clones(): NamedTensor[] {
    return this.slots.map((s) => ({name: s.name, tensor: tf.clone(s.average)}));
  }

  /** Whether `name` is one of this store's weight entries. */
  isEntry(name: string): boolean {
    return name.endsWith(`/${this.suffix}`);
  }

  /**
   * Replaces every average with copies of `entries` (names `<var>/<suffix>`). Restored averages are bound to a
   * live variable lazily, when one asks for them: by name, by a layer weight's original name, or (at the next
   * training step) by position, as tfjs optimizers bind their own slots.
   */
  restore(entries: readonly NamedTensor[]): void {
    this.dispose();
    for (const e of entries) {
      const name = e.name.slice(0, e.name.length - this.suffix.length - 1);
      this.slots.push({name, target: undefined, average: tf.variable(e.tensor, false)});
    }
  }

  /** Frees every average. */
  dispose(): void {
    for (const s of this.slots) s.average.dispose();
    this.slots = [];
    this.byName.clear();
  }
}

function isLayersModel(x: unknown): x is tfl.LayersModel {
  return typeof x === 'object' && x !== null && Array.isArray((x as tfl.LayersModel).layers) &&
    Array.isArray((x as tfl.LayersModel).weights);
}

function isLayerVariable(x: unknown): x is tfl.LayerVariable {
  return typeof x === 'object' && x !== null && typeof (x as tfl.LayerVariable).read === 'function' &&
    typeof (x as tfl.LayerVariable).write === 'function';
}

function isVariable(x: unknown): x is tf.Variable {
  return typeof x === 'object' && x !== null && typeof (x as tf.Variable).assign === 'function' &&
    typeof (x as tf.Variable).name === 'string';
}

/** A model, or a list of tfjs `Variable`s and tfjs-layers `LayerVariable`s. */
export type ModelOrVariables = tfl.LayersModel | ReadonlyArray<tf.Variable | tfl.LayerVariable>;

/**
 * The live variables behind a model (all its weights) or a list of variables.
 * @throws {@link InvalidArgumentError} for anything else.
 * @internal
 */
export function resolveVariables(component: string, target: ModelOrVariables): ResolvedVariable[] {
  const fromLayerVariable = (lv: tfl.LayerVariable): ResolvedVariable =>
    ({variable: lv.read() as tf.Variable, trainable: lv.trainable, originalName: lv.originalName});
  if (isLayersModel(target)) return target.weights.map(fromLayerVariable);
  if (Array.isArray(target)) {
    return target.map((x: unknown, i) => {
      if (isLayerVariable(x)) return fromLayerVariable(x);
      if (isVariable(x)) return {variable: x, trainable: x.trainable};
      throw new InvalidArgumentError(
        `${component}: item ${i} of the variable list is not a tf.Variable or LayerVariable; got ${describeValue(x)}. ` +
          'Pass a LayersModel or an array of its weights.', {argument: 'modelOrVariables'});
    });
  }
  throw new InvalidArgumentError(
    `${component}: expected a LayersModel or an array of variables; got ${describeValue(target)}. ` +
      'Pass the trained model (e.g. assignAverageVars(model)).', {argument: 'modelOrVariables'});
}

/** Short list of names for warnings: the first few, then a count. @internal */
export function nameList(names: readonly string[], max = 5): string {
  const head = names.slice(0, max).map((n) => `'${n}'`).join(', ');
  return names.length > max ? `${head}, … (${names.length} in all)` : head;
}
