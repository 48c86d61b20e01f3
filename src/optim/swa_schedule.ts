/**
 * The SWA learning-rate schedule as a callback: anneal from the current rate to a constant `swaLr`, then hold it.
 *
 * Paper: Izmailov et al. 2018 (https://arxiv.org/abs/1803.05407), §3.1 (a constant or cyclical rate while
 * averaging). Reference: PyTorch `torch.optim.swa_utils.SWALR`: at anneal step `s` (1-based),
 * `t = min(1, s / annealEpochs)`, `α = (1 − cos(πt))/2` (`'cos'`) or `α = t` (`'linear'`), and
 * `lr = swaLr·α + lr₀·(1 − α)`, where `lr₀` is recovered from the current rate and the previous `α`, so the
 * schedule composes with changes other callbacks make (as PyTorch's does). `annealEpochs = 0` switches to
 * `swaLr` at once.
 *
 * Deviation: PyTorch steps the scheduler by hand at the end of chosen epochs; here the rate is set at the start
 * of every epoch `e ≥ startEpoch`, with `s = e − startEpoch + 1`, so epoch `startEpoch` already runs one anneal
 * step further and epoch `startEpoch + annealEpochs − 1` runs at `swaLr`.
 *
 * @module optim
 */
import type {Logs} from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../errors';
import {checkNumber, checkOneOf} from '../internal/assert';
import {TrainingCallback} from '../train/callbacks/callback';

/** The anneal shapes of {@link SWALR}. */
export const ANNEAL_STRATEGIES = ['cos', 'linear'] as const;
/** `'cos'` (`(1 − cos(πt))/2`) or `'linear'` (`t`). */
export type AnnealStrategy = (typeof ANNEAL_STRATEGIES)[number];

/** Options of {@link SWALR} (PyTorch names, camel-cased). */
export interface SWALRArgs {
  /** The rate to anneal to and then hold (>= 0). Required. */
  swaLr: number;
  /** Anneal steps (epochs) from the current rate to `swaLr`. Integer >= 0, default 10. */
  annealEpochs?: number;
  /** Shape of the anneal, default `'cos'`. */
  annealStrategy?: AnnealStrategy;
  /** 0-based first epoch whose rate is annealed. Integer >= 0, default 0. */
  startEpoch?: number;
}

/** Anneal fraction `α(t)` for `t` in [0, 1]. @internal */
export function annealAlpha(strategy: AnnealStrategy, t: number): number {
  return strategy === 'cos' ? (1 - Math.cos(Math.PI * t)) / 2 : t;
}

/**
 * The rate at anneal step `s` (1-based) given the rate in force, PyTorch `SWALR.get_lr`. @internal
 */
export function swalrRate(current: number, s: number, args: Required<Omit<SWALRArgs, 'startEpoch'>>): number {
  const a = args.annealEpochs;
  const step = a === 0 ? Math.max(1, s) : s;
  const clamp = (v: number) => Math.max(0, Math.min(1, v));
  const prevAlpha = annealAlpha(args.annealStrategy, clamp((step - 1) / Math.max(1, a)));
  const initial = prevAlpha === 1 ? args.swaLr : (current - prevAlpha * args.swaLr) / (1 - prevAlpha);
  const alpha = annealAlpha(args.annealStrategy, clamp(step / Math.max(1, a)));
  return args.swaLr * alpha + initial * (1 - alpha);
}

/**
 * Anneals the learning rate to `swaLr` over `annealEpochs` epochs from `startEpoch` on, then holds it (PyTorch
 * `SWALR`). Works with tfjs `model.fit` and the library's loops, on every tfjs optimizer and through the `SWA`
 * wrapper (it acts through the training port's `setLearningRate`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {SWALR} from 'consistency-tfjs';
 * const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [1]})]});
 * model.compile({optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError'});
 * const schedule = new SWALR({swaLr: 0.01, annealEpochs: 5, startEpoch: 10});
 * await model.fit(tf.ones([4, 1]), tf.ones([4, 1]), {epochs: 20, callbacks: [schedule], verbose: 0});
 * ```
 */
export class SWALR extends TrainingCallback {
  /** See {@link SWALRArgs.swaLr}. */
  readonly swaLr: number;
  /** See {@link SWALRArgs.annealEpochs}. */
  readonly annealEpochs: number;
  /** See {@link SWALRArgs.annealStrategy}. */
  readonly annealStrategy: AnnealStrategy;
  /** See {@link SWALRArgs.startEpoch}. */
  readonly startEpoch: number;

  /**
   * @param args Schedule options.
   * @throws {@link InvalidArgumentError} for a missing or invalid option.
   */
  constructor(args: SWALRArgs) {
    super();
    if (typeof args !== 'object' || args === null) {
      throw new InvalidArgumentError(`SWALR: expected an options object {swaLr, …}; got ${String(args)}.`, {argument: 'args'});
    }
    this.swaLr = checkNumber('SWALR', 'swaLr', args.swaLr, {min: 0});
    this.annealEpochs = checkNumber('SWALR', 'annealEpochs', args.annealEpochs ?? 10, {integer: true, min: 0});
    this.annealStrategy = checkOneOf('SWALR', 'annealStrategy', args.annealStrategy ?? 'cos', ANNEAL_STRATEGIES);
    this.startEpoch = checkNumber('SWALR', 'startEpoch', args.startEpoch ?? 0, {integer: true, min: 0});
  }

  /** Sets the rate of epoch `epoch` when it is at or after `startEpoch`. */
  override async onEpochBegin(epoch: number, _logs?: Logs): Promise<void> {
    if (epoch < this.startEpoch) return;
    const port = this.training;
    const lr = swalrRate(port.getLearningRate(), epoch - this.startEpoch + 1, this);
    port.setLearningRate(lr);
  }
}
