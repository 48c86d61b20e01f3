/**
 * Exponential moving average of the weights as a callback, with timm `ModelEmaV3` semantics, applied to the model
 * at the end of training.
 *
 * Reference: timm `timm/utils/model_ema.py` (`ModelEmaV3`): after update number `s` (1-based),
 * `ema ← lerp(ema, w, 1 − d(s))` over parameters and buffers, with
 * `t = max(0, s − updateAfterStep − 1)`, `d = 0` when `t = 0` (the first update copies), else
 * `d = clamp(1 − (1 + t/warmupGamma)^(−warmupPower), minDecay, decay)` with `useWarmup`, else `decay`.
 * Shares the averaging store and the end-of-training recipe with {@link SwaCallback}; TF-Addons semantics are
 * available as the {@link MovingAverage} optimizer wrapper.
 *
 * Deviation: timm keeps the EMA in a deep copy of the model that users evaluate alongside; here the average is
 * kept in the callback and swapped into the model at train end (undo with `restoreTrainingWeights()`). timm
 * copies integer buffers; tfjs-layers models have none, and any non-float weight is copied too.
 *
 * @module optim
 */
import type {Logs} from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../errors';
import {checkNumber, describeValue} from '../internal/assert';
import {AveragingCallback, type AveragingCallbackArgs} from './averaging_callback';

/** Options of {@link EmaCallback} (timm `ModelEmaV3` names, camel-cased, and defaults). */
export interface EmaCallbackArgs extends AveragingCallbackArgs {
  /** Decay (upper bound with warm-up), in [0, 1]. Default 0.9999: pick it relative to your number of updates. */
  decay?: number;
  /** Lower bound of the warmed-up decay, in [0, 1]. Default 0. */
  minDecay?: number;
  /** Updates before averaging starts (the average copies the weights until then). Integer >= 0, default 0. */
  updateAfterStep?: number;
  /** Ramp the decay up as `1 − (1 + t/warmupGamma)^(−warmupPower)`. Default false. */
  useWarmup?: boolean;
  /** Warm-up `γ` (> 0), default 1. */
  warmupGamma?: number;
  /** Warm-up power (> 0), default 2/3 (timm: 2/3 for long runs, 3/4 for shorter ones). */
  warmupPower?: number;
  /** Average the BatchNorm moving statistics too, as timm does (then no refresh). Default true. */
  averageBuffers?: boolean;
}

/**
 * Keeps an exponential moving average of the model's weights, updated after every training step, and puts it
 * into the model when training ends (timm `ModelEmaV3`). By default BatchNorm statistics are averaged as well
 * (timm's behaviour); with `averageBuffers: false` pass `bnData` to recompute them instead.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {EmaCallback} from 'consistency-tfjs';
 * const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [2]})]});
 * model.compile({optimizer: tf.train.adam(1e-2), loss: 'meanSquaredError'});
 * const ema = new EmaCallback({decay: 0.99, useWarmup: true});
 * await model.fit(tf.ones([16, 2]), tf.ones([16, 1]), {epochs: 5, batchSize: 4, callbacks: [ema], verbose: 0});
 * console.log(ema.snapshotCount); // 20 updates averaged
 * ema.dispose();
 * ```
 */
export class EmaCallback extends AveragingCallback {
  /** See {@link EmaCallbackArgs.decay}. */
  readonly decay: number;
  /** See {@link EmaCallbackArgs.minDecay}. */
  readonly minDecay: number;
  /** See {@link EmaCallbackArgs.updateAfterStep}. */
  readonly updateAfterStep: number;
  /** See {@link EmaCallbackArgs.useWarmup}. */
  readonly useWarmup: boolean;
  /** See {@link EmaCallbackArgs.warmupGamma}. */
  readonly warmupGamma: number;
  /** See {@link EmaCallbackArgs.warmupPower}. */
  readonly warmupPower: number;
  /** See {@link EmaCallbackArgs.averageBuffers}. */
  readonly averageBuffers: boolean;

  /**
   * @param args Decay options (timm defaults).
   * @throws {@link InvalidArgumentError} for invalid or conflicting options.
   */
  constructor(args: EmaCallbackArgs = {}) {
    super('EmaCallback', 'ema_average', args);
    this.decay = checkNumber('EmaCallback', 'decay', args.decay ?? 0.9999, {min: 0, max: 1});
    this.minDecay = checkNumber('EmaCallback', 'minDecay', args.minDecay ?? 0, {min: 0, max: 1});
    this.updateAfterStep = checkNumber('EmaCallback', 'updateAfterStep', args.updateAfterStep ?? 0, {integer: true, min: 0});
    this.warmupGamma = checkNumber('EmaCallback', 'warmupGamma', args.warmupGamma ?? 1, {min: 0, exclusiveMin: true});
    this.warmupPower = checkNumber('EmaCallback', 'warmupPower', args.warmupPower ?? 2 / 3, {min: 0, exclusiveMin: true});
    for (const key of ['useWarmup', 'averageBuffers'] as const) {
      if (args[key] !== undefined && typeof args[key] !== 'boolean') {
        throw new InvalidArgumentError(`EmaCallback: \`${key}\` must be a boolean; got ${describeValue(args[key])}.`,
          {argument: key});
      }
    }
    this.useWarmup = args.useWarmup ?? false;
    this.averageBuffers = args.averageBuffers ?? true;
    if (this.averageBuffers && args.bnData !== undefined) {
      throw new InvalidArgumentError('EmaCallback: `bnData` needs `averageBuffers: false`; got both. With averaged ' +
        'BatchNorm statistics (the default, as timm) there is nothing to recompute.', {argument: 'bnData'});
    }
  }

  /** @internal */
  protected override get averagesBuffers(): boolean {
    return this.averageBuffers;
  }

  /**
   * The decay applied after update number `step` (1-based), timm `ModelEmaV3.get_decay`.
   * @param step 1-based count of optimizer updates so far.
   */
  decayAt(step: number): number {
    const t = Math.max(0, step - this.updateAfterStep - 1);
    if (t <= 0) return 0;
    if (!this.useWarmup) return this.decay;
    const warm = 1 - (1 + t / this.warmupGamma) ** -this.warmupPower;
    return Math.max(Math.min(warm, this.decay), this.minDecay);
  }

  /** Folds the post-step weights into the average. */
  override async onBatchEnd(_batch?: number, _logs?: Logs): Promise<void> {
    this.recordStep();
    const d = this.decayAt(this.folds + 1);
    const vars = this.averagedVariables();
    const floats = vars.filter((v) => v.dtype === 'float32');
    this.store.fold(floats, 1 - d);
    if (floats.length !== vars.length) this.store.fold(vars.filter((v) => v.dtype !== 'float32'), 1);
    this.folds++;
  }
}

