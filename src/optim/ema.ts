/**
 * Exponential moving average of the weights as an optimizer wrapper, with TF-Addons `MovingAverage` semantics.
 *
 * References: `tfa.optimizers.MovingAverage` (tensorflow/addons `optimizers/moving_average.py`, which shares
 * `AveragedOptimizerWrapper` with SWA, as this class shares {@link AveragingOptimizer}); behavioural spec in
 * `shared/spec/swa.md` §2.1. Polyak & Juditsky (1992) for averaging in general; TF
 * `tf.train.ExponentialMovingAverage` for the `numUpdates` rule.
 *
 * Rule at 0-based step `k` (inner iterations before the step): the average of a variable is created as a copy of
 * its value before its first update (tfa's slot initialisation), then after every inner update
 * `avg ← avg + (1 − d)·(w − avg)` with
 * - `d = 0` while `k < startStep` (the average tracks the weights),
 * - `d = min(d0, (1 + t)/(10 + t))`, `t = k − startStep`, when `dynamicDecay`,
 * - `d = d0` otherwise, where `d0 = averageDecay`, lowered once to `min(d0, (1 + N)/(10 + N))` when
 *   `numUpdates = N` is given.
 *
 * Relation to timm `ModelEmaV3`: timm's first update copies and `update_after_step = a` keeps copying while the
 * 1-based update count is `≤ a + 1`, which is `startStep = a + 1` here. timm's warm-up curve
 * `1 − (1 + t/γ)^(−power)` is not tfa's `(1 + t)/(10 + t)`; {@link EmaCallback} implements timm's schedule.
 *
 * Deviation: tfa's `swap_weights` refuses to run outside a distribution strategy; here
 * {@link AveragingOptimizer.swapWeights} works anywhere. Averages are created lazily (at a variable's first
 * gradient), so `assignAverageVars` before the first step throws instead of assigning anything.
 *
 * @module optim
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError} from '../errors';
import {checkNumber, describeValue} from '../internal/assert';
import {AveragingOptimizer, innerFromConfig} from './averaging_optimizer';
import {disposeOptimizer} from './dispose_optimizer';

/** Options of {@link MovingAverage} (the TF-Addons names and defaults). */
export interface MovingAverageArgs {
  /** `d0`, the decay, in [0, 1]. Default 0.99. */
  averageDecay?: number;
  /** Optional `N`: lowers the decay once to `min(d0, (1 + N)/(10 + N))` (TF `ExponentialMovingAverage`). */
  numUpdates?: number | null;
  /** 0-based step index before which the average just tracks the weights. Integer >= 0, default 0. */
  startStep?: number;
  /** Use `min(d0, (1 + t)/(10 + t))`, `t = k − startStep`, so early averages forget faster. Default false. */
  dynamicDecay?: boolean;
}

/**
 * An optimizer that steps with `optimizer` and keeps an exponential moving average of the weights it trains
 * (TF-Addons `MovingAverage`): the EMA variant of {@link SWA}, sharing its averaging, assignment, swap and
 * serialisation code.
 *
 * Ownership: `dispose()` frees the averages; the `optimizer` you pass in stays yours to dispose. The class
 * registers itself for serialisation (`'MovingAverage'`) at first construction; see
 * {@link registerConsistencyClasses}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {MovingAverage} from 'consistency-tfjs';
 * const w = tf.variable(tf.scalar(1));
 * const ema = new MovingAverage(tf.train.sgd(0.1), {averageDecay: 0.9});
 * for (let i = 0; i < 20; i++) ema.minimize(() => tf.square(w) as tf.Scalar);
 * ema.swapWeights();   // evaluate with the average …
 * ema.swapWeights();   // … and put the training weights back
 * ```
 */
export class MovingAverage extends AveragingOptimizer {
  /** Serialization name (as registered with tfjs). */
  static className = 'MovingAverage';
  /** The configured decay `d0` (before any `numUpdates` cap). */
  readonly averageDecay: number;
  /** See {@link MovingAverageArgs.numUpdates}. */
  readonly numUpdates: number | null;
  /** See {@link MovingAverageArgs.startStep}. */
  readonly startStep: number;
  /** See {@link MovingAverageArgs.dynamicDecay}. */
  readonly dynamicDecay: boolean;
  private readonly baseDecay: number;

  /**
   * @param optimizer The inner optimizer.
   * @param args Decay options (tfa defaults).
   * @throws {@link InvalidArgumentError} for an invalid optimizer or option.
   */
  constructor(optimizer: tf.Optimizer, args: MovingAverageArgs = {}) {
    const averageDecay = checkNumber('MovingAverage', 'averageDecay', args.averageDecay ?? 0.99, {min: 0, max: 1});
    const numUpdates = args.numUpdates == null ? null
      : checkNumber('MovingAverage', 'numUpdates', args.numUpdates, {integer: true, min: 0});
    const startStep = checkNumber('MovingAverage', 'startStep', args.startStep ?? 0, {integer: true, min: 0});
    const dynamicDecay = args.dynamicDecay ?? false;
    if (typeof dynamicDecay !== 'boolean') {
      throw new InvalidArgumentError(
        `MovingAverage: \`dynamicDecay\` must be a boolean; got ${describeValue(dynamicDecay)}.`, {argument: 'dynamicDecay'});
    }
    super('MovingAverage', optimizer, 'ema_average', 'ema/update_count');
    this.averageDecay = averageDecay;
    this.numUpdates = numUpdates;
    this.startStep = startStep;
    this.dynamicDecay = dynamicDecay;
    this.baseDecay = numUpdates === null ? averageDecay : Math.min(averageDecay, (1 + numUpdates) / (10 + numUpdates));
  }

  /**
   * The decay used after the update with 0-based index `k`.
   * @param k Step index (inner iterations before that step).
   */
  decayAt(k: number): number {
    if (k < this.startStep) return 0;
    if (!this.dynamicDecay) return this.baseDecay;
    const t = k - this.startStep;
    return Math.min(this.baseDecay, (1 + t) / (10 + t));
  }

  /** @internal */
  protected override beforeStep(_k: number, vars: tf.Variable[]): void {
    this.reportBinding(this.store.ensure(vars), true);
  }

  /** @internal */
  protected override afterStep(k: number, vars: tf.Variable[]): void {
    this.store.fold(vars, 1 - this.decayAt(k));
    this.folds++;
  }

  /** `{optimizer: {className, config}, averageDecay, numUpdates, startStep, dynamicDecay}`. */
  override getConfig(): tf.serialization.ConfigDict {
    return {
      optimizer: {className: this.inner.getClassName(), config: this.inner.getConfig()},
      averageDecay: this.averageDecay,
      numUpdates: this.numUpdates,
      startStep: this.startStep,
      dynamicDecay: this.dynamicDecay,
    };
  }

  /**
   * Rebuilds a MovingAverage from {@link MovingAverage.getConfig}; the new wrapper owns its inner optimizer.
   * @throws {@link NotSerializableError} when the inner optimizer class is not registered.
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict,
  ): T {
    const inner = innerFromConfig('MovingAverage', config);
    let ema: MovingAverage;
    try {
      ema = new cls(inner, {
        averageDecay: config['averageDecay'] ?? undefined,
        numUpdates: config['numUpdates'] ?? null,
        startStep: config['startStep'] ?? undefined,
        dynamicDecay: config['dynamicDecay'] ?? undefined,
      }) as unknown as MovingAverage;
    } catch (e) {
      disposeOptimizer(inner);
      throw e;
    }
    ema.ownsInner = true;
    return ema as unknown as T;
  }
}
