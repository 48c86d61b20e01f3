/**
 * Corruption error relative to a baseline model (mCE-style), from two robustness results.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261), §3: for corruption c,
 * CE_c = Σ_s E_{s,c} / Σ_s E^{base}_{s,c} and relative CE_c = Σ_s (E_{s,c} − E_clean) / Σ_s (E^{base}_{s,c} −
 * E^{base}_clean); mCE and relative mCE are their means over corruptions. ImageNet-C uses AlexNet as the
 * baseline; here any model evaluated the same way is the baseline.
 *
 * Values are ratios (1 = as robust as the baseline, lower is better); multiply by 100 for the paper's
 * percentages. A ratio whose denominator is 0 (the baseline made no error, or no more than on clean data)
 * is `null`, and a mean over corruptions containing a `null` is `null`, so results stay plain JSON.
 * @module eval
 */
import {InvalidArgumentError} from '../errors';
import type {RobustnessResult} from './robustness';

/** Corruption errors of a model relative to a baseline. Plain JSON. */
export interface CorruptionErrorResult {
  /** Per corruption (file-stem names): CE and relative CE, `null` when undefined (zero denominator). */
  readonly perCorruption: Readonly<Record<string, {readonly ce: number | null; readonly relativeCe: number | null}>>;
  /** Mean CE over the corruptions (`null` if any CE is `null`). */
  readonly mCE: number | null;
  /** Mean relative CE (`null` if any is `null` or a clean accuracy is missing). */
  readonly relativeMCE: number | null;
  /** Corruptions the means are taken over, in order. */
  readonly corruptions: readonly string[];
  /** Severities summed over. */
  readonly severities: readonly number[];
}

function ratio(num: number, den: number): number | null {
  return den > 0 && Number.isFinite(num) ? num / den : null;
}

function mean(values: ReadonlyArray<number | null>): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0) / values.length;
}

/**
 * CE, relative CE, mCE and relative mCE of `result` against `baseline` over `result`'s corruptions and
 * severities.
 * @param result Robustness of the model under test (from {@link evaluateRobustness}).
 * @param baseline Robustness of the baseline model on the same corruptions and severities.
 * @returns Plain-JSON {@link CorruptionErrorResult}.
 * @throws {@link InvalidArgumentError} when `baseline` lacks a (corruption, severity) cell of `result`.
 * @example
 * ```ts
 * import {corruptionError, type RobustnessResult} from 'consistency-tfjs';
 * declare const student: RobustnessResult;
 * declare const teacher: RobustnessResult;
 * const {mCE, relativeMCE} = corruptionError(student, teacher);
 * console.log(`mCE ${(100 * (mCE ?? NaN)).toFixed(1)}%`, relativeMCE);
 * ```
 */
export function corruptionError(result: RobustnessResult, baseline: RobustnessResult): CorruptionErrorResult {
  const errorOf = (r: RobustnessResult, c: string, s: number, which: string): number => {
    const cell = r.cells.find((x) => x.corruption === c && x.severity === s);
    if (cell === undefined) {
      throw new InvalidArgumentError(
        `corruptionError: the ${which} result has no cell for ${c} at severity ${s}; got corruptions ` +
          `[${r.corruptions.join(', ')}] and severities [${r.severities.join(', ')}]. Evaluate both models on the same ` +
          'corruptions and severities.', {argument: which});
    }
    return cell.error;
  };
  const perCorruption: Record<string, {ce: number | null; relativeCe: number | null}> = {};
  for (const c of result.corruptions) {
    let sum = 0;
    let sumBase = 0;
    let rel = 0;
    let relBase = 0;
    for (const s of result.severities) {
      const e = errorOf(result, c, s, 'result');
      const b = errorOf(baseline, c, s, 'baseline');
      sum += e;
      sumBase += b;
      if (result.clean && baseline.clean) {
        rel += e - result.clean.error;
        relBase += b - baseline.clean.error;
      }
    }
    perCorruption[c] = {
      ce: ratio(sum, sumBase),
      relativeCe: result.clean && baseline.clean ? ratio(rel, relBase) : null,
    };
  }
  const entries = result.corruptions.map((c) => perCorruption[c] as {ce: number | null; relativeCe: number | null});
  return {
    perCorruption,
    mCE: mean(entries.map((e) => e.ce)),
    relativeMCE: mean(entries.map((e) => e.relativeCe)),
    corruptions: [...result.corruptions],
    severities: [...result.severities],
  };
}
