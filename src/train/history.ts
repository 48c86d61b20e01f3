/**
 * History: the per-epoch logs of one `fit` run, as returned by the library's trainers.
 *
 * Same shape as tfjs-layers' `History` (`epoch`, `history[key][i]`), so code written for `model.fit` reads it.
 *
 * Deviation: tfjs pushes each key only in the epochs where it appears, so arrays of keys that appear late
 * (e.g. validation every other epoch) drift out of step with `epoch`; here every array has one entry per
 * recorded epoch, `NaN` where the key was absent.
 *
 * @module train
 */

/**
 * Per-epoch values of every logged metric (`loss`, `accuracy`, `val_loss`, `lr`, …) of one training run.
 *
 * @example
 * ```ts
 * import {History} from 'consistency-tfjs';
 * const h = new History();
 * h.record(0, {loss: 1.2, val_accuracy: 0.4});
 * h.record(1, {loss: 0.9, val_accuracy: 0.5});
 * console.log(h.history['loss'], h.last('val_accuracy')); // [1.2, 0.9] 0.5
 * ```
 */
export class History {
  /** The recorded epochs (0-based), in order. */
  readonly epoch: number[] = [];
  /** `history[key][i]` is the value of `key` at `epoch[i]` (`NaN` when absent that epoch). */
  readonly history: Record<string, number[]> = {};
  /** Run parameters (`epochs`, `initialEpoch`, `stepsPerEpoch`, …) as given to `fit`. */
  params: Record<string, unknown> = {};

  /**
   * Appends one epoch; numeric entries of `logs` are recorded, others ignored.
   * @param epoch 0-based epoch index.
   * @param logs The epoch logs after every callback ran.
   */
  record(epoch: number, logs: Record<string, unknown>): void {
    const index = this.epoch.length;
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      if (typeof value !== 'number') continue;
      let column = this.history[key];
      if (column === undefined) {
        column = new Array<number>(index).fill(NaN);
        this.history[key] = column;
      }
      column.push(value);
    }
    for (const column of Object.values(this.history)) if (column.length === index) column.push(NaN);
  }

  /** The last recorded value of `key`, or undefined. */
  last(key: string): number | undefined {
    const column = this.history[key];
    return column === undefined || column.length === 0 ? undefined : column[column.length - 1];
  }

  /** Plain data for `JSON.stringify` (`NaN` becomes `null`). */
  toJSON(): {epoch: number[]; history: Record<string, Array<number | null>>; params: Record<string, unknown>} {
    const history: Record<string, Array<number | null>> = {};
    for (const [k, v] of Object.entries(this.history)) history[k] = v.map((x) => (Number.isFinite(x) ? x : null));
    return {epoch: [...this.epoch], history, params: this.params};
  }
}
