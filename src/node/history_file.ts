/**
 * A `HistoryLogger` that keeps a CSV or JSON file of the epoch logs up to date on disk.
 *
 * Reference: Keras `CSVLogger`. The file is rewritten atomically (temporary file + rename) after every epoch.
 *
 * @module node
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {check, checkOneOf, describeValue} from '../internal/assert';
import {HistoryLogger} from '../train/callbacks/history_logger';

/**
 * A {@link HistoryLogger} writing to `file` (format from the extension: `.json` → JSON, otherwise CSV).
 * @param file Target path; its folder is created.
 * @param options `format` overrides the extension.
 * @returns The callback to pass to `fit`.
 * @throws {@link InvalidArgumentError} for an empty path or an unknown format.
 * @example
 * ```ts
 * import {historyFileLogger} from 'consistency-tfjs/node';
 * const logger = historyFileLogger('/tmp/run1/history.csv');
 * // await trainer.fit(data, {epochs: 10, callbacks: [logger]});
 * ```
 */
export function historyFileLogger(file: string, options: {format?: 'csv' | 'json'} = {}): HistoryLogger {
  check(typeof file === 'string' && file.length > 0, 'file', () => `historyFileLogger: \`file\` must be a path; got ${describeValue(file)}.`);
  const format = checkOneOf('historyFileLogger', 'format', options.format ?? (file.endsWith('.json') ? 'json' : 'csv'), ['csv', 'json'] as const);
  return new HistoryLogger({
    format,
    write: (text) => {
      fs.mkdirSync(path.dirname(file), {recursive: true});
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, file);
    },
  });
}
