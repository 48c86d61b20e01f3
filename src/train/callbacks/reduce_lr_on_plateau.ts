/**
 * ReduceLROnPlateau: multiply the learning rate by `factor` when a monitored metric has stopped improving.
 *
 * Reference: Keras `keras/src/callbacks/reduce_lr_on_plateau.py` (Keras 3 and Keras 2 share the algorithm);
 * `spec/callbacks.md` §2 and §5.3. tfjs has no equivalent (§4.2). The learning rate is read and written
 * through the training port, so it works on every tfjs optimizer (setter or field) and on wrappers that
 * implement `LearningRateControl` (such as the SWA optimizer).
 *
 * Deviation: option `thresholdMode: 'rel'` gives a relative threshold like PyTorch's (`best ∓ |best|·minDelta`; PyTorch
 * multiplies by `1 ∓ threshold` without the absolute value, which differs for negative metrics) but keeps the Keras
 * patience/cooldown counting; the default `'abs'` is Keras.
 * Deviation: the `min_lr` floor test compares `fround(old) > fround(minLr)`: tfjs keeps the learning rate as a
 * float64 number while Keras keeps a float32 variable, and comparing the raw float64 value would re-trigger a
 * "reduction" (resetting wait and cooldown) every `patience` epochs once the floor is reached.
 *
 * @module train
 */
import {InvalidArgumentError} from '../../errors';
import {checkNumber, checkOneOf} from '../../internal/assert';
import {MonitorCallback, type EpochLogs, type MonitorCallbackArgs} from './monitor';

/** Arguments of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauArgs extends MonitorCallbackArgs {
  /** Log key to watch; default `'val_loss'`. */
  monitor?: string;
  /** Multiplier of the learning rate, `0 < factor < 1`; default 0.1. */
  factor?: number;
  /** Non-improving epochs before a reduction; default 10. */
  patience?: number;
  /** Threshold of an improvement; default 1e-4 (absolute, or relative with `thresholdMode: 'rel'`). */
  minDelta?: number;
  /** `'abs'` (default, Keras) or `'rel'` (PyTorch: relative to the best value). */
  thresholdMode?: 'abs' | 'rel';
  /** Epochs to wait after a reduction before counting again (Keras semantics: `c` skips `c − 1`); default 0. */
  cooldown?: number;
  /** Lower bound of the learning rate; default 0. */
  minLr?: number;
}

/**
 * Reduces the learning rate when the monitored metric plateaus (Keras semantics, cooldown order included).
 *
 * At every epoch end it first writes the current learning rate into the logs as `lr` and `learning_rate`
 * (so `History` records it), then acts.
 *
 * @example
 * ```ts
 * import {ReduceLROnPlateau} from 'consistency-tfjs';
 * // The keras-io student: halve the LR after 3 epochs without a better validation accuracy.
 * const reduce = new ReduceLROnPlateau({monitor: 'val_accuracy', factor: 0.5, patience: 3});
 * // await trainer.fit(data, {epochs: 20, validationData, callbacks: [reduce]});
 * ```
 */
export class ReduceLROnPlateau extends MonitorCallback {
  /** LR multiplier. */
  readonly factor: number;
  /** Patience in epochs. */
  readonly patience: number;
  /** Cooldown in epochs. */
  readonly cooldown: number;
  /** LR floor. */
  readonly minLr: number;
  /** Threshold mode. */
  readonly thresholdMode: 'abs' | 'rel';
  /** Best monitored value of the current run. */
  best: number | undefined;
  /** Non-improving epochs counted since the last reset. */
  wait = 0;
  /** Remaining cooldown epochs. */
  cooldownCounter = 0;

  /**
   * @param args {@link ReduceLROnPlateauArgs}.
   * @throws {@link InvalidArgumentError} when `factor` is not in (0, 1) or another argument is invalid.
   */
  constructor(args: ReduceLROnPlateauArgs = {}) {
    super('ReduceLROnPlateau', args, 'val_loss', 1e-4);
    const factor = checkNumber('ReduceLROnPlateau', 'factor', args.factor ?? 0.1, {min: 0, exclusiveMin: true});
    if (factor >= 1) {
      throw new InvalidArgumentError(
        `ReduceLROnPlateau: \`factor\` must be < 1 (it multiplies the learning rate); got ${factor}. Use e.g. 0.1 or 0.5.`,
        {argument: 'factor'});
    }
    this.factor = factor;
    this.patience = checkNumber('ReduceLROnPlateau', 'patience', args.patience ?? 10, {min: 0, integer: true});
    this.cooldown = checkNumber('ReduceLROnPlateau', 'cooldown', args.cooldown ?? 0, {min: 0, integer: true});
    this.minLr = checkNumber('ReduceLROnPlateau', 'minLr', args.minLr ?? 0, {min: 0});
    this.thresholdMode = checkOneOf('ReduceLROnPlateau', 'thresholdMode', args.thresholdMode ?? 'abs', ['abs', 'rel'] as const);
  }

  override async onTrainBegin(): Promise<void> {
    this.resetMonitor();
    this.best = undefined;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  override async onEpochEnd(epoch: number, logs?: EpochLogs): Promise<void> {
    const lr = this.training.getLearningRate();
    if (logs) {
      logs['lr'] = lr;
      logs['learning_rate'] = lr;
    }
    const current = this.monitorValue(logs);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.cooldownCounter > 0) return;
    this.wait += 1;
    if (this.wait < this.patience) return;
    const old = this.training.getLearningRate();
    if (Math.fround(old) > Math.fround(this.minLr)) {
      const next = Math.max(old * this.factor, this.minLr);
      this.training.setLearningRate(next);
      this.say(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}.`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }

  private improves(current: number): boolean {
    if (this.thresholdMode === 'abs' || this.best === undefined) return this.isImprovement(current, this.best);
    if (Number.isNaN(current)) return false;
    const b = this.best;
    return this.mode === 'min' ? current < b - Math.abs(b) * this.minDelta : current > b + Math.abs(b) * this.minDelta;
  }
}
