/**
 * Shared base of callbacks that watch one logged metric: `EarlyStopping`, `ReduceLROnPlateau`, checkpoints.
 *
 * Reference: Keras `keras/src/callbacks/monitor_callback.py` (`MonitorCallback`, `_is_improvement`), with
 * the key resolution and auto direction of `spec/callbacks.md` §5.1.
 *
 * Deviation: Keras 3 resolves `mode: 'auto'` lazily from the compiled metric objects; here the direction is
 * resolved from the metric name when the callback is constructed (so a wrong name fails before training).
 * Deviation: a missing key warns once per `fit`, not at every epoch (Keras warns every epoch).
 * Deviation: the monitored key also matches its `accuracy ↔ acc` alias, because tfjs logs `acc`/`val_acc`.
 *
 * @module train
 */
import {checkNumber, checkOneOf, describeValue, check} from '../../internal/assert';
import {InvalidArgumentError} from '../../errors';
import {TrainingCallback} from './callback';

/** Logs as callbacks receive them: metric name → value (numbers; tensors are tolerated and ignored). */
export type EpochLogs = Record<string, unknown>;

/** Arguments shared by every monitoring callback. */
export interface MonitorCallbackArgs {
  /** Log key to watch, e.g. `'val_loss'` or `'val_accuracy'` (`'val_acc'` matches too). */
  monitor?: string;
  /** `'min'`, `'max'` or `'auto'` (default: from the name; see {@link resolveMonitorMode}). */
  mode?: 'auto' | 'min' | 'max';
  /** Smallest change that counts as an improvement; its absolute value is used. */
  minDelta?: number;
  /** Reference value the monitored metric has to beat (meaning depends on the callback). */
  baseline?: number;
  /** 0: silent (default), 1: print what the callback does. */
  verbose?: number;
  /** Where messages go; default `console.log`. Warnings always use `console.warn`. */
  print?: (message: string) => void;
}

const MIN_WORDS = ['error', 'mse', 'mae', 'crossentropy'];
const MAX_SUFFIXES = ['acc', 'accuracy', 'auc', 'precision', 'recall'];

/**
 * The direction `mode: 'auto'` gives a metric name (spec/callbacks.md §5.1): after stripping `val_`, a name
 * equal to or ending with `loss`, or containing `error`, `mse`, `mae`, `crossentropy` is minimised; one ending
 * with `acc`, `accuracy`, `auc`, `precision`, `recall` is maximised; anything else throws.
 * @param monitor A log key.
 * @param component Name used in the error message.
 * @returns `'min'` or `'max'`.
 * @throws {@link InvalidArgumentError} when the direction cannot be told from the name.
 * @example
 * ```ts
 * import {resolveMonitorMode} from 'consistency-tfjs';
 * resolveMonitorMode('val_accuracy'); // 'max'
 * resolveMonitorMode('val_loss');     // 'min'
 * ```
 */
export function resolveMonitorMode(monitor: string, component = 'MonitorCallback'): 'min' | 'max' {
  const name = (monitor.startsWith('val_') ? monitor.slice(4) : monitor).toLowerCase();
  if (name.endsWith('loss') || MIN_WORDS.some((w) => name.includes(w))) return 'min';
  if (MAX_SUFFIXES.some((s) => name.endsWith(s))) return 'max';
  throw new InvalidArgumentError(
    `${component}: cannot tell whether '${monitor}' should go up or down (mode 'auto'). ` +
      "Pass mode: 'max' or mode: 'min'.", {argument: 'mode'});
}

/** The alias of a key under tfjs/Keras spellings (`val_accuracy` ↔ `val_acc`), or undefined. @internal */
export function aliasKey(key: string): string | undefined {
  const prefix = key.startsWith('val_') ? 'val_' : '';
  const rest = key.slice(prefix.length);
  if (rest === 'accuracy') return `${prefix}acc`;
  if (rest === 'acc') return `${prefix}accuracy`;
  return undefined;
}

/**
 * Base class of callbacks that watch one metric: resolves the key (with the `acc`/`accuracy` alias), warns
 * once per run when it is missing, and decides what counts as an improvement.
 *
 * Subclasses call {@link MonitorCallback.resetMonitor} in `onTrainBegin` and
 * {@link MonitorCallback.monitorValue} / {@link MonitorCallback.isImprovement} in `onEpochEnd`.
 *
 * @example
 * ```ts
 * import {MonitorCallback, type EpochLogs} from 'consistency-tfjs';
 * class PrintBest extends MonitorCallback {
 *   private best: number | undefined;
 *   constructor() { super('PrintBest', {monitor: 'val_accuracy'}, 'val_loss'); }
 *   override async onTrainBegin() { this.resetMonitor(); this.best = undefined; }
 *   override async onEpochEnd(epoch: number, logs: EpochLogs = {}) {
 *     const v = this.monitorValue(logs);
 *     if (v !== undefined && this.isImprovement(v, this.best)) { this.best = v; console.log(epoch, v); }
 *   }
 * }
 * ```
 */
export abstract class MonitorCallback extends TrainingCallback {
  /** The watched log key as given. */
  readonly monitor: string;
  /** Resolved direction. */
  readonly mode: 'min' | 'max';
  /** Absolute minimum change that counts as an improvement. */
  readonly minDelta: number;
  /** Optional baseline. */
  readonly baseline: number | undefined;
  /** Verbosity (0 silent). */
  readonly verbose: number;
  /** Component name used in messages. */
  protected readonly component: string;
  private readonly printFn: (message: string) => void;
  private warned = false;

  /**
   * @param component Class name for messages.
   * @param args Shared arguments.
   * @param defaultMonitor Key watched when `args.monitor` is absent.
   * @param defaultMinDelta `minDelta` when absent.
   */
  constructor(component: string, args: MonitorCallbackArgs, defaultMonitor: string, defaultMinDelta = 0) {
    super();
    this.component = component;
    check(args === undefined || (typeof args === 'object' && args !== null), 'args',
      () => `${component}: arguments must be an object; got ${describeValue(args)}.`);
    const a = args ?? {};
    const monitor = a.monitor ?? defaultMonitor;
    check(typeof monitor === 'string' && monitor.length > 0, 'monitor',
      () => `${component}: \`monitor\` must be a non-empty log key such as 'val_loss'; got ${describeValue(monitor)}.`);
    this.monitor = monitor;
    const mode = checkOneOf(component, 'mode', a.mode ?? 'auto', ['auto', 'min', 'max'] as const);
    this.mode = mode === 'auto' ? resolveMonitorMode(monitor, component) : mode;
    this.minDelta = Math.abs(checkNumber(component, 'minDelta', a.minDelta ?? defaultMinDelta));
    this.baseline = a.baseline === undefined ? undefined : checkNumber(component, 'baseline', a.baseline);
    this.verbose = checkNumber(component, 'verbose', a.verbose ?? 0, {min: 0, integer: true});
    // eslint-disable-next-line no-console
    this.printFn = a.print ?? ((m: string) => console.log(m));
  }

  /** Clears the once-per-run warning state; call from `onTrainBegin`. */
  protected resetMonitor(): void {
    this.warned = false;
  }

  /** Prints `message` when `verbose > 0`. */
  protected say(message: string): void {
    if (this.verbose > 0) this.printFn(message);
  }

  /**
   * The monitored value in `logs` (exact key, else its `acc`/`accuracy` alias), or undefined after warning
   * once per run with the available keys.
   */
  protected monitorValue(logs: EpochLogs | undefined): number | undefined {
    const l = logs ?? {};
    const alias = aliasKey(this.monitor);
    for (const key of alias ? [this.monitor, alias] : [this.monitor]) {
      const v = l[key];
      if (typeof v === 'number') return v;
    }
    if (!this.warned) {
      this.warned = true;
      const keys = Object.keys(l).filter((k) => typeof l[k] === 'number');
      // eslint-disable-next-line no-console
      console.warn(
        `${this.component}: monitored metric '${this.monitor}' is not in the logs; the callback does nothing ` +
          `until it appears. Available metrics are: ${keys.length ? keys.join(', ') : '(none)'}.`);
    }
    return undefined;
  }

  /**
   * Whether `current` improves on `reference` by more than `minDelta` in the resolved direction
   * (`undefined` reference: always). Equal values never improve. NaN never improves.
   */
  protected isImprovement(current: number, reference: number | undefined): boolean {
    if (Number.isNaN(current)) return false;
    if (reference === undefined) return true;
    return this.mode === 'min' ? current < reference - this.minDelta : current > reference + this.minDelta;
  }
}
