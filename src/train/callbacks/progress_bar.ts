/**
 * A terminal progress bar for training: batches done, rate, ETA and running means of the batch logs, then
 * one summary line per epoch with the epoch logs (validation included).
 *
 * Reference: Keras `ProgbarLogger` / `keras.utils.Progbar` (running means of batch values, `verbose=2` epoch
 * lines), tfjs-node's `ProgbarLogger`; `nowFunc` injection as in tfjs-layers' `CustomCallbackArgs`.
 *
 * Deviation: in `'bar'` mode nothing is printed when the stream is not a TTY (CI logs, pipes); use
 * `mode: 'epoch'` (the trainers' `verbose: 2`) for one plain line per epoch there.
 *
 * @module train
 */
import {checkNumber, checkOneOf} from '../../internal/assert';
import {TrainingCallback} from './callback';

/** Where the bar is written: `process.stdout` or anything with `write` (and `isTTY`, `columns`). */
export interface ProgressStream {
  /** Writes text as is (no newline added). */
  write(text: string): unknown;
  /** Whether the stream is an interactive terminal (redraws with `\r`). */
  readonly isTTY?: boolean;
  /** Terminal width in characters. */
  readonly columns?: number;
}

/** Arguments of {@link ProgressBar}. */
export interface ProgressBarArgs {
  /** `'bar'` (default): a redrawn bar on TTYs, silent elsewhere. `'epoch'`: one line per epoch on any stream. */
  mode?: 'bar' | 'epoch';
  /** Output; default `process.stdout` when it exists, else lines through `console.log` (not a TTY). */
  stream?: ProgressStream;
  /** Clock in milliseconds (inject for tests); default `performance.now` / `Date.now`. */
  nowFunc?: () => number;
  /** Minimum time between redraws in ms; default 100. */
  updateEveryMs?: number;
  /** Bar width in characters; default 30. */
  width?: number;
}

function defaultStream(): ProgressStream {
  const out = (globalThis as {process?: {stdout?: ProgressStream}}).process?.stdout;
  if (out && typeof out.write === 'function') return out;
  let pending = '';
  return {
    isTTY: false,
    write(text: string) {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      // eslint-disable-next-line no-console
      for (const l of lines) console.log(l);
    },
  };
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

/** Keys of batch/epoch logs that are bookkeeping, not metrics. */
const SKIP = new Set(['batch', 'size', 'acc', 'val_acc']);

/**
 * Prints training progress: on a TTY a bar `12/387 [===>…] 3.1 batch/s ETA 2:04 loss: …`, redrawn at most every
 * `updateEveryMs`, and a summary line per epoch. Added automatically by the trainers' `verbose: 1` (bar) and
 * `verbose: 2` (epoch lines); also usable in tfjs `model.fit`.
 *
 * @example
 * ```ts
 * import {ProgressBar} from 'consistency-tfjs';
 * const lines: string[] = [];
 * const bar = new ProgressBar({mode: 'epoch', stream: {write: (t) => { lines.push(t); }}});
 * // await trainer.fit(data, {epochs: 3, verbose: 0, callbacks: [bar]});
 * ```
 */
export class ProgressBar extends TrainingCallback {
  private readonly mode: 'bar' | 'epoch';
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly updateEveryMs: number;
  private readonly width: number;
  private epochs = 0;
  private steps: number | undefined;
  private lastEpochSteps: number | undefined;
  private epochStart = 0;
  private lastDraw = -Infinity;
  private done = 0;
  private sums: Record<string, number> = {};

  /**
   * @param args {@link ProgressBarArgs}.
   * @throws {@link InvalidArgumentError} for an unknown mode or a bad number.
   */
  constructor(args: ProgressBarArgs = {}) {
    super();
    this.mode = checkOneOf('ProgressBar', 'mode', args.mode ?? 'bar', ['bar', 'epoch'] as const);
    this.stream = args.stream ?? defaultStream();
    const perf = (globalThis as {performance?: {now(): number}}).performance;
    this.now = args.nowFunc ?? (perf ? () => perf.now() : () => Date.now());
    this.updateEveryMs = checkNumber('ProgressBar', 'updateEveryMs', args.updateEveryMs ?? 100, {min: 0});
    this.width = checkNumber('ProgressBar', 'width', args.width ?? 30, {min: 1, integer: true});
  }

  private get animated(): boolean {
    return this.mode === 'bar' && this.stream.isTTY === true;
  }

  override async onTrainBegin(): Promise<void> {
    const p = (this.params ?? {}) as Record<string, unknown>;
    this.epochs = typeof p['epochs'] === 'number' ? p['epochs'] : 0;
    this.steps = typeof p['steps'] === 'number' ? p['steps'] : undefined;
    this.lastEpochSteps = undefined;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epochStart = this.now();
    this.lastDraw = -Infinity;
    this.done = 0;
    this.sums = {};
    if (this.animated) this.stream.write(`Epoch ${epoch + 1}/${this.epochs || '?'}\n`);
  }

  override async onBatchEnd(_batch: number, logs?: Record<string, unknown>): Promise<void> {
    this.done += 1;
    for (const [k, v] of Object.entries(logs ?? {})) {
      if (!SKIP.has(k) && typeof v === 'number') this.sums[k] = (this.sums[k] ?? 0) + v;
    }
    if (!this.animated) return;
    const t = this.now();
    if (t - this.lastDraw < this.updateEveryMs) return;
    this.lastDraw = t;
    this.draw(t);
  }

  override async onEpochEnd(epoch: number, logs?: Record<string, unknown>): Promise<void> {
    const elapsed = (this.now() - this.epochStart) / 1000;
    this.lastEpochSteps = this.done;
    const metrics = Object.entries(logs ?? {})
      .filter(([k, v]) => !SKIP.has(k) && typeof v === 'number')
      .map(([k, v]) => `${k}: ${formatValue(v as number)}`);
    const perStep = this.done > 0 ? `${Math.round((elapsed * 1000) / this.done)}ms/step` : '';
    const summary = [`${formatDuration(elapsed)}`, perStep, ...metrics].filter(Boolean).join(' - ');
    if (this.animated) {
      this.stream.write(`\r${this.barText(this.done, this.done)} ${summary}\x1b[K\n`);
    } else if (this.mode === 'epoch') {
      this.stream.write(`Epoch ${epoch + 1}/${this.epochs || '?'} - ${summary}\n`);
    }
  }

  private barText(done: number, total: number | undefined): string {
    if (total === undefined || total <= 0) return `${done}/?`;
    const filled = Math.min(this.width, Math.floor((done / total) * this.width));
    const bar = filled >= this.width ? '='.repeat(this.width) : `${'='.repeat(filled)}>${'.'.repeat(this.width - filled - 1)}`;
    return `${String(done).padStart(String(total).length)}/${total} [${bar}]`;
  }

  private draw(t: number): void {
    const total = this.steps ?? this.lastEpochSteps;
    const elapsed = Math.max(1e-9, (t - this.epochStart) / 1000);
    const rate = this.done / elapsed;
    const eta = total !== undefined && total > this.done ? ` ETA ${formatDuration((total - this.done) / rate)}` : '';
    const means = Object.entries(this.sums).map(([k, v]) => `${k}: ${formatValue(v / this.done)}`).join(' - ');
    let line = `${this.barText(this.done, total)} ${rate.toFixed(2)} batch/s${eta}${means ? ` - ${means}` : ''}`;
    const cols = this.stream.columns;
    if (cols !== undefined && cols > 10 && line.length > cols - 1) line = line.slice(0, cols - 1);
    this.stream.write(`\r${line}\x1b[K`);
  }
}
