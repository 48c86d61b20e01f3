/**
 * Stochastic Weight Averaging as an optimizer wrapper, with TF-Addons' semantics.
 *
 * Paper: Izmailov, Podoprikhin, Garipov, Vetrov, Wilson, "Averaging Weights Leads to Wider Optima and Better
 * Generalization" (UAI 2018), https://arxiv.org/abs/1803.05407.
 * Reference: `tfa.optimizers.SWA` (tensorflow/addons `optimizers/stochastic_weight_averaging.py`), the optimizer
 * the Keras example "Consistency training with supervision" wraps Adam in; behavioural spec in
 * `shared/spec/swa.md` §1.3 and §3.1.
 *
 * Step rule (0-based step index `k` = inner iterations before the step, `m = startAveraging`,
 * `p = averagePeriod`): the inner optimizer updates the weights, then if `k ≥ m` and `(k − m) mod p = 0` the
 * post-update weights are folded, `avg ← avg + (w − avg)/(n + 1)` after `n` snapshots. Snapshots therefore
 * follow updates `m+1, m+1+p, …` (1-based), and after `U` updates there are `floor((U − 1 − m)/p) + 1`.
 *
 * Deviation: tfa recomputes `n` from `iterations`; here the snapshot count is stored (and saved with the
 * weights) and the average uses it; when it disagrees with the count implied by `iterations` (an inner
 * optimizer that had already stepped, restored counters, changed `m`/`p`), a warning says so once.
 * Deviation: `assignAverageVars` before the first snapshot throws a `StateError` (tfa writes zeros) and skips
 * variables without an average with one aggregated warning (tfa: one warning per variable).
 * Deviation: averages are created lazily as copies at the first snapshot (tfa: zeros at slot creation, which
 * the first fold with `n = 0` overwrites, so the values agree).
 *
 * Neither tfa nor this wrapper copies the averages into the model by itself, and neither refreshes BatchNorm
 * statistics: call {@link AveragingOptimizer.assignAverageVars} and {@link updateBatchNormStatistics}, or let a
 * {@link SwaCallback} do both at the end of training.
 *
 * @module optim
 */
import * as tf from '@tensorflow/tfjs-core';
import {checkNumber} from '../internal/assert';
import {AveragingOptimizer, innerFromConfig} from './averaging_optimizer';
import {disposeOptimizer} from './dispose_optimizer';

/** Options of {@link SWA} (the TF-Addons names and defaults). */
export interface SWAArgs {
  /**
   * `m`: 0-based step index of the first snapshot (tfa `start_averaging`); the first snapshot is taken right
   * after update `m + 1`. Integer >= 0, default 0. To average at the end of every epoch from epoch `E`
   * (1-based) with `S` steps per epoch, use `m = E·S − 1` and `averagePeriod = S`.
   */
  startAveraging?: number;
  /** `p`: steps between snapshots (tfa `average_period`). Integer >= 1, default 10. */
  averagePeriod?: number;
}

/**
 * An optimizer that steps with `optimizer` and keeps the equal-weight average of its post-update weights taken
 * every `averagePeriod` steps from step `startAveraging` on (TF-Addons `SWA`).
 *
 * Use it in `model.compile({optimizer: new SWA(tf.train.adam(1e-3))})` or in custom loops
 * (`minimize`/`applyGradients`). The averages live in non-trainable variables owned by the wrapper; they reach
 * the model only through {@link AveragingOptimizer.assignAverageVars} (or {@link AveragingOptimizer.swapWeights}
 * for a reversible exchange). `getWeights`/`getConfig` include the averages, the snapshot count and the
 * inner optimizer, so checkpoints and `model.save({includeOptimizer: true})` carry them.
 *
 * Serialisation: the class registers itself with the tfjs serialization registry (as `'SWA'`) the first time one
 * is constructed. To load a saved model that uses SWA before constructing any, call
 * {@link registerConsistencyClasses} first.
 *
 * Ownership: `dispose()` frees the averages; the `optimizer` you pass in stays yours to dispose.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {SWA, disposeOptimizer} from 'consistency-tfjs';
 *
 * const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [2]})]});
 * const adam = tf.train.adam(1e-2);
 * const swa = new SWA(adam, {startAveraging: 9, averagePeriod: 10}); // after updates 10, 20, …
 * model.compile({optimizer: swa, loss: 'meanSquaredError'});
 * await model.fit(tf.ones([10, 2]), tf.ones([10, 1]), {epochs: 30, batchSize: 10, verbose: 0});
 * swa.assignAverageVars(model);                                       // the model now holds the average
 * swa.dispose();
 * disposeOptimizer(adam);
 * ```
 */
export class SWA extends AveragingOptimizer {
  /** Serialization name (as registered with tfjs). */
  static className = 'SWA';
  /** `m`, see {@link SWAArgs.startAveraging}. */
  readonly startAveraging: number;
  /** `p`, see {@link SWAArgs.averagePeriod}. */
  readonly averagePeriod: number;
  private warnedCount = false;

  /**
   * @param optimizer The inner optimizer (any `tf.train.*` optimizer).
   * @param args `startAveraging` (default 0) and `averagePeriod` (default 10).
   * @throws {@link InvalidArgumentError} for an invalid optimizer, `startAveraging` or `averagePeriod`.
   */
  constructor(optimizer: tf.Optimizer, args: SWAArgs = {}) {
    const startAveraging = checkNumber('SWA', 'startAveraging', args.startAveraging ?? 0, {integer: true, min: 0});
    const averagePeriod = checkNumber('SWA', 'averagePeriod', args.averagePeriod ?? 10, {integer: true, min: 1});
    super('SWA', optimizer, 'swa_average', 'swa/snapshot_count');
    this.startAveraging = startAveraging;
    this.averagePeriod = averagePeriod;
  }

  /** Number of snapshots implied by `iterations` alone (what tfa would use): `floor((U − 1 − m)/p) + 1`. */
  get expectedSnapshotCount(): number {
    const u = this.inner.iterations;
    return u <= this.startAveraging ? 0 : Math.floor((u - 1 - this.startAveraging) / this.averagePeriod) + 1;
  }

  /** @internal */
  protected override afterStep(k: number, vars: tf.Variable[]): void {
    const m = this.startAveraging;
    const p = this.averagePeriod;
    if (k < m || (k - m) % p !== 0) return;
    const n = this.folds;
    const implied = (k - m) / p;
    if (implied !== n && !this.warnedCount) {
      this.warnedCount = true;
      console.warn(
        `SWA: this is snapshot ${n + 1} by the stored count but ${implied + 1} by the step counter ` +
          `(step index ${k}, startAveraging ${m}, averagePeriod ${p}). The average uses the stored count, so it ` +
          'stays the equal-weight mean of the snapshots actually taken. This happens when the inner optimizer had ' +
          'stepped before it was wrapped or when counters were restored separately.');
    }
    const r = this.store.fold(vars, 1 / (n + 1));
    this.reportBinding(r, n === 0);
    this.folds = n + 1;
  }

  /** `{optimizer: {className, config}, startAveraging, averagePeriod}`. */
  override getConfig(): tf.serialization.ConfigDict {
    return {
      optimizer: {className: this.inner.getClassName(), config: this.inner.getConfig()},
      startAveraging: this.startAveraging,
      averagePeriod: this.averagePeriod,
    };
  }

  /**
   * Rebuilds an SWA from {@link SWA.getConfig}: the inner optimizer first (through the tfjs registry), then the
   * wrapper, which owns that inner optimizer.
   * @throws {@link NotSerializableError} when the inner optimizer class is not registered.
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict,
  ): T {
    const inner = innerFromConfig('SWA', config);
    let swa: SWA;
    try {
      swa = new cls(inner, {
        startAveraging: config['startAveraging'] ?? undefined,
        averagePeriod: config['averagePeriod'] ?? undefined,
      }) as unknown as SWA;
    } catch (e) {
      disposeOptimizer(inner);
      throw e;
    }
    swa.ownsInner = true;
    return swa as unknown as T;
  }
}
