/**
 * HistoryLogger: streams the epoch logs of a run as CSV or JSON text to a sink (a file through the Node
 * entry's `historyFileLogger`, a browser download, a test array).
 *
 * Reference: Keras `CSVLogger` (`epoch` column first, then the log keys sorted).
 *
 * Deviation: the sink receives the whole document after every epoch (not an appended row), so a file can be
 * replaced atomically and columns that appear late (such as `lr`) get a header cell; empty cells mark keys
 * absent in an epoch.
 *
 * @module train
 */
import {check, checkOneOf, describeValue} from '../../internal/assert';
import {TrainingCallback} from './callback';

/** Arguments of {@link HistoryLogger}. */
export interface HistoryLoggerArgs {
  /** `'csv'` (default) or `'json'`. */
  format?: 'csv' | 'json';
  /** Receives the whole document after every epoch; may be async (awaited). */
  write: (text: string, info: {epoch: number; format: 'csv' | 'json'}) => unknown;
  /** CSV separator; default `','`. */
  separator?: string;
}

function csvCell(v: number | undefined): string {
  return v === undefined ? '' : String(v);
}

/**
 * Records every epoch's logs and hands the CSV or JSON document to `write` after each epoch. Place it after
 * callbacks that add keys (such as `ReduceLROnPlateau`'s `lr`) to record them.
 *
 * @example
 * ```ts
 * import {HistoryLogger} from 'consistency-tfjs';
 * let csv = '';
 * const logger = new HistoryLogger({format: 'csv', write: (text) => { csv = text; }});
 * // await trainer.fit(data, {epochs: 5, callbacks: [logger]}); console.log(csv);
 * ```
 */
export class HistoryLogger extends TrainingCallback {
  /** Output format. */
  readonly format: 'csv' | 'json';
  private readonly sink: HistoryLoggerArgs['write'];
  private readonly separator: string;
  private rows: Array<{epoch: number; logs: Record<string, number>}> = [];

  /**
   * @param args {@link HistoryLoggerArgs}.
   * @throws {@link InvalidArgumentError} without a `write` function or with an unknown format.
   */
  constructor(args: HistoryLoggerArgs) {
    super();
    check(typeof args === 'object' && args !== null && typeof args.write === 'function', 'write',
      () => `HistoryLogger: \`write\` must be a function receiving the document text; got ${describeValue(args?.write)}.`);
    this.format = checkOneOf('HistoryLogger', 'format', args.format ?? 'csv', ['csv', 'json'] as const);
    this.sink = args.write;
    this.separator = args.separator ?? ',';
  }

  override async onTrainBegin(): Promise<void> {
    this.rows = [];
  }

  override async onEpochEnd(epoch: number, logs?: Record<string, unknown>): Promise<void> {
    const numeric: Record<string, number> = {};
    for (const [k, v] of Object.entries(logs ?? {})) if (typeof v === 'number') numeric[k] = v;
    this.rows.push({epoch, logs: numeric});
    await this.sink(this.text(), {epoch, format: this.format});
  }

  /** The current document (CSV with a header row, or JSON `{epoch: [...], history: {key: [...]}}`). */
  text(): string {
    const keys = [...new Set(this.rows.flatMap((r) => Object.keys(r.logs)))].sort();
    if (this.format === 'json') {
      const history: Record<string, Array<number | null>> = {};
      for (const k of keys) {
        history[k] = this.rows.map((r) => {
          const v = r.logs[k];
          return v === undefined || !Number.isFinite(v) ? null : v;
        });
      }
      return `${JSON.stringify({epoch: this.rows.map((r) => r.epoch), history}, null, 2)}\n`;
    }
    const sep = this.separator;
    const lines = [['epoch', ...keys].join(sep)];
    for (const r of this.rows) lines.push([String(r.epoch), ...keys.map((k) => csvCell(r.logs[k]))].join(sep));
    return `${lines.join('\n')}\n`;
  }
}
