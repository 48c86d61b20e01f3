/**
 * Robustness evaluation: top-1 accuracy of a model on CIFAR-10-C/100-C-style corrupted test sets, per
 * corruption and severity, their means, and the corruption error against a baseline model.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). The Keras example
 * "Consistency training with supervision" and its notebook `CIFAR_10C_Evaluation.ipynb` report the unweighted
 * mean top-1 accuracy over the 19 corruptions at severity 5 (`ROBUSTNESS_PRESETS.kerasNotebook`, the
 * result's `meanAccuracy`), after resizing the 32×32 images to the model input (the `preprocess` hook).
 *
 * Two sources of corrupted images: the published arrays (`corrupted`: per corruption and severity, uint8
 * images and labels, e.g. from `loadCifar10C`), or the library's generator applied to `clean` (an
 * approximation of the published files, see docs/robustness.md). The result is plain JSON.
 * @module eval
 */
import type * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, ShapeError, UnsupportedError} from '../errors';
import {check, checkNumber, describeValue} from '../internal/assert';
import {normalizeSeed, randomSeed} from '../random/rng';
import {corruptPixels} from '../corrupt/corrupt';
import {corruptionNames, lookupCorruption} from '../corrupt/registry';
import type {CorruptionName, FrostImage} from '../corrupt/types';
import {countCorrect, toPredictFn, type Predictor} from './accuracy';
import {corruptionError, type CorruptionErrorResult} from './corruption_error';

/** Labelled images on the host; a `CifarSplit` fits (height and width default to 32). */
export interface LabeledImages {
  /** `count × height × width × 3` bytes, NHWC, RGB interleaved. */
  readonly images: Uint8Array;
  /** One integer class per image. */
  readonly labels: ArrayLike<number>;
  /** Number of images. */
  readonly count: number;
  /** Image height (default 32). */
  readonly height?: number;
  /** Image width (default 32). */
  readonly width?: number;
}

/**
 * Published corrupted test sets: a function called once per (corruption, severity) with the file-stem name,
 * or a record `{[name]: {[severity]: LabeledImages}}` keyed by file-stem or TFDS names.
 */
export type CorruptedSource =
  | ((corruption: CorruptionName, severity: number) => LabeledImages | Promise<LabeledImages>)
  | Readonly<Record<string, Readonly<Record<number, LabeledImages>>>>;

/** A progress report: after every batch (`type: 'batch'`) and after every finished set (`type: 'cell'`). */
export interface RobustnessProgress {
  readonly type: 'batch' | 'cell';
  /** `'clean'` for the clean test set, else `'corrupted'`. */
  readonly phase: 'clean' | 'corrupted';
  /** File-stem name, `null` for the clean set. */
  readonly corruption: CorruptionName | null;
  /** 1..5, `null` for the clean set. */
  readonly severity: number | null;
  /** Batches done in the current set. */
  readonly batch: number;
  /** Batches of the current set. */
  readonly batches: number;
  /** Sets finished (clean set included). */
  readonly setsDone: number;
  /** Sets to evaluate in total. */
  readonly setsTotal: number;
  /** Accuracy of the finished set (`type: 'cell'` only). */
  readonly accuracy?: number;
}

/** Options of {@link evaluateRobustness}. */
export interface RobustnessOptions {
  /** Clean test set: evaluated for `clean` accuracy, and corrupted by the generator when `corrupted` is absent. */
  readonly clean?: LabeledImages;
  /** Published corrupted sets; when given, the generator is not used. */
  readonly corrupted?: CorruptedSource;
  /** Corruptions (file-stem or TFDS names). Default: all 19 (the generator skips frost without `frostImages`). */
  readonly corruptions?: readonly string[];
  /** Severities 1..5 (default all five). */
  readonly severities?: readonly number[];
  /** Images per forward pass (default 100). */
  readonly batchSize?: number;
  /** Evaluate only the first `limit` images of every set (default: all). */
  readonly limit?: number;
  /** Turns a float32 `[N, H, W, 3]` batch of values 0..255 into the model input, e.g. a resize to 72×72. */
  readonly preprocess?: (images: tf.Tensor4D) => tf.Tensor4D;
  /** Generator seed (default: a fresh one, reported in the result). */
  readonly seed?: number | string;
  /** Frost photographs for the generator (see `corruptFrost`). */
  readonly frostImages?: readonly FrostImage[];
  /** Resize factor of the frost photographs (default 0.2). */
  readonly frostScale?: number;
  /** Skip (and list in `skipped`) requested corruptions the generator cannot make, instead of throwing. */
  readonly skipUnavailable?: boolean;
  /** A baseline model's result on the same corruptions and severities: fills `corruptionError`. */
  readonly baseline?: RobustnessResult;
  /** Called after every batch and set (awaited). */
  readonly onProgress?: (progress: RobustnessProgress) => void | Promise<void>;
  /** Aborts between batches with `AbortedError`. */
  readonly signal?: AbortSignal;
}

/** Accuracy of one (corruption, severity) set. */
export interface RobustnessCell {
  readonly corruption: CorruptionName;
  readonly severity: number;
  readonly correct: number;
  readonly count: number;
  /** correct / count. */
  readonly accuracy: number;
  /** 1 − accuracy. */
  readonly error: number;
}

/** Accuracy and error, as fractions in [0, 1]. */
export interface AccuracySummary {
  readonly accuracy: number;
  readonly error: number;
}

/** The outcome of {@link evaluateRobustness}: plain JSON, ready for a report, table or chart. */
export interface RobustnessResult {
  /** `'published'` (given arrays) or `'generated'` (the library's approximation of CIFAR-10-C). */
  readonly source: 'published' | 'generated';
  /** Generator seed (`null` for published data). */
  readonly seed: number | null;
  /** Evaluated corruptions (file stems), in the requested order. */
  readonly corruptions: CorruptionName[];
  /** Evaluated severities. */
  readonly severities: number[];
  /** Corruptions left out and why (e.g. frost without photographs). */
  readonly skipped: Array<{readonly corruption: CorruptionName; readonly reason: string}>;
  /** Clean accuracy, when `clean` was given. */
  readonly clean: (AccuracySummary & {readonly correct: number; readonly count: number}) | null;
  /** One row per (corruption, severity), corruption-major. */
  readonly cells: RobustnessCell[];
  /** Per corruption: mean over severities. */
  readonly perCorruption: Record<string, AccuracySummary>;
  /** Per severity (keys '1'..'5'): mean over corruptions. */
  readonly perSeverity: Record<string, AccuracySummary>;
  /** Mean over corruptions of the per-corruption means (the notebook's "Mean Top-1" for severity 5 only). */
  readonly meanAccuracy: number;
  /** 1 − meanAccuracy. */
  readonly meanError: number;
  /** CE / mCE against `options.baseline`, else `null`. */
  readonly corruptionError: CorruptionErrorResult | null;
}

const C = 'evaluateRobustness';

function checkImages(set: unknown, argument: string): Required<LabeledImages> {
  const s = set as LabeledImages;
  check(typeof s === 'object' && s !== null && s.images instanceof Uint8Array && s.labels != null &&
    typeof s.labels.length === 'number' && Number.isInteger(s.count) && s.count >= 1, argument, () =>
    `${C}: \`${argument}\` must be {images: Uint8Array, labels, count >= 1, height?, width?}; got ${describeValue(set)}.`);
  const height = s.height ?? 32;
  const width = s.width ?? 32;
  if (s.images.length !== s.count * height * width * 3 || s.labels.length < s.count) {
    throw new ShapeError(`${C}: \`${argument}\` holds ${s.images.length} bytes and ${s.labels.length} labels for ` +
      `count ${s.count} of ${height}×${width}×3 images; expected ${s.count * height * width * 3} bytes and >= ${s.count} labels.`);
  }
  return {images: s.images, labels: s.labels, count: s.count, height, width};
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Measures top-1 accuracy on corrupted test sets, per corruption and severity, with means and (given a
 * baseline result) the corruption error.
 * @param model A tfjs `LayersModel` or a function `(images) => scores` returning `[N, classes]` logits or
 *   probabilities. It receives float32 images with values 0..255 (after `preprocess`).
 * @param options Data source, corruptions, severities, batching, preprocessing, progress ({@link RobustnessOptions}).
 * @returns A plain-JSON {@link RobustnessResult}.
 * @throws {@link InvalidArgumentError} / {@link ShapeError} for bad options or data (checked before any
 *   inference); {@link UnknownOpError} for an unknown corruption; {@link UnsupportedError} when the generator
 *   is asked for frost without photographs; {@link AbortedError} when `signal` aborts.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {evaluateRobustness, ROBUSTNESS_PRESETS} from 'consistency-tfjs';
 * declare const model: (x: tf.Tensor4D) => tf.Tensor2D;
 * declare const test: {images: Uint8Array; labels: Int32Array; count: number};
 * const result = await evaluateRobustness(model, {
 *   clean: test, seed: 1, skipUnavailable: true, ...ROBUSTNESS_PRESETS.kerasNotebook,
 *   preprocess: (x) => tf.image.resizeBilinear(x, [72, 72]),
 *   onProgress: (p) => { if (p.type === 'cell') console.log(p.corruption, p.accuracy); },
 * });
 * console.log(`mean top-1 ${(100 * result.meanAccuracy).toFixed(2)}%`);
 * ```
 */
export async function evaluateRobustness(model: Predictor, options: RobustnessOptions): Promise<RobustnessResult> {
  const predict = toPredictFn(C, model);
  check(typeof options === 'object' && options !== null, 'options', () => `${C}: \`options\` must be an object; got ${describeValue(options)}.`);
  const clean = options.clean === undefined ? undefined : checkImages(options.clean, 'clean');
  const published = options.corrupted;
  if (published === undefined && clean === undefined) {
    throw new InvalidArgumentError(`${C}: give \`corrupted\` (published arrays) or \`clean\` (to corrupt with the generator); got neither.`, {argument: 'options'});
  }
  check(published === undefined || typeof published === 'function' || typeof published === 'object', 'corrupted', () =>
    `${C}: \`corrupted\` must be a function (name, severity) => images or a record; got ${describeValue(published)}.`);
  const batchSize = checkNumber(C, 'batchSize', options.batchSize ?? 100, {min: 1, integer: true});
  const limit = options.limit === undefined ? Infinity : checkNumber(C, 'limit', options.limit, {min: 1, integer: true});
  check(options.preprocess === undefined || typeof options.preprocess === 'function', 'preprocess', () =>
    `${C}: \`preprocess\` must be a function; got ${describeValue(options.preprocess)}.`);
  const severities = [...(options.severities ?? [1, 2, 3, 4, 5])];
  check(severities.length > 0 && severities.every((s) => Number.isInteger(s) && s >= 1 && s <= 5) &&
    new Set(severities).size === severities.length, 'severities', () =>
    `${C}: \`severities\` must be distinct integers 1..5; got ${describeValue(options.severities)}.`);
  const generated = published === undefined;
  const hasFrost = (options.frostImages?.length ?? 0) > 0;
  const requested = options.corruptions ?? corruptionNames();
  const corruptions: CorruptionName[] = [];
  const skipped: Array<{corruption: CorruptionName; reason: string}> = [];
  for (const name of requested) {
    const info = lookupCorruption(name, C).info;
    if (corruptions.includes(info.name)) continue;
    if (generated && info.needsAssets && !hasFrost) {
      const reason = 'the generator needs frost photographs (`frostImages`), which were not given';
      if (options.corruptions !== undefined && !options.skipUnavailable) {
        throw new UnsupportedError(`${C}: cannot generate '${info.name}': ${reason}. Pass \`frostImages\`, ` +
          'remove it from `corruptions`, or set `skipUnavailable: true`.');
      }
      skipped.push({corruption: info.name, reason});
      continue;
    }
    corruptions.push(info.name);
  }
  check(corruptions.length > 0, 'corruptions', () => `${C}: no corruption left to evaluate; got ${describeValue(requested)}.`);
  if (published !== undefined && typeof published === 'object') {
    for (const c of corruptions) for (const s of severities) checkImages(publishedSet(published, c, s), `corrupted.${c}[${s}]`);
  }
  const seed = generated ? (options.seed === undefined ? randomSeed() : normalizeSeed(options.seed)) : null;
  if (generated && clean && corruptions.includes('frost')) {
    // Checks the photographs (types, sizes) now rather than after the other corruptions have run.
    lookupCorruption('frost', C).prepareAssets?.(options, clean.height, clean.width, C);
  }

  const setsTotal = corruptions.length * severities.length + (clean ? 1 : 0);
  let setsDone = 0;
  const report = async (p: Omit<RobustnessProgress, 'setsDone' | 'setsTotal'>): Promise<void> => {
    if (options.onProgress) await options.onProgress({...p, setsDone, setsTotal});
  };
  const run = async (set: Required<LabeledImages>, pixels: (start: number, n: number) => Uint8Array,
    corruption: CorruptionName | null, severity: number | null): Promise<{correct: number; count: number}> => {
    const count = Math.min(set.count, limit);
    const phase = corruption === null ? 'clean' as const : 'corrupted' as const;
    const correct = await countCorrect({
      component: C, predict, count, height: set.height, width: set.width, batchSize, pixels, labels: set.labels,
      preprocess: options.preprocess, signal: options.signal,
      what: corruption === null ? 'the clean set' : `${corruption} at severity ${severity}`,
      onBatch: (batch, batches) => report({type: 'batch', phase, corruption, severity, batch, batches}),
    });
    setsDone++;
    const batches = Math.ceil(count / batchSize);
    await report({type: 'cell', phase, corruption, severity, batch: batches, batches, accuracy: correct / count});
    return {correct, count};
  };
  const slice = (set: Required<LabeledImages>) => (start: number, n: number): Uint8Array => {
    const size = set.height * set.width * 3;
    return set.images.subarray(start * size, (start + n) * size);
  };

  let cleanSummary: RobustnessResult['clean'] = null;
  if (clean) {
    const {correct, count} = await run(clean, slice(clean), null, null);
    cleanSummary = {correct, count, accuracy: correct / count, error: 1 - correct / count};
  }
  const cells: RobustnessCell[] = [];
  for (const corruption of corruptions) {
    for (const severity of severities) {
      let set: Required<LabeledImages>;
      let pixels: (start: number, n: number) => Uint8Array;
      if (published !== undefined) {
        set = checkImages(typeof published === 'function' ? await published(corruption, severity) :
          publishedSet(published, corruption, severity), `corrupted(${corruption}, ${severity})`);
        pixels = slice(set);
      } else {
        set = clean as Required<LabeledImages>;
        const base = slice(set);
        pixels = (start, n) => corruptPixels(base(start, n), [n, set.height, set.width, 3], corruption, severity, {
          seed: seed as number, firstIndex: start,
          ...(options.frostImages ? {frostImages: options.frostImages} : {}),
          ...(options.frostScale === undefined ? {} : {frostScale: options.frostScale}),
        });
      }
      const {correct, count} = await run(set, pixels, corruption, severity);
      cells.push({corruption, severity, correct, count, accuracy: correct / count, error: 1 - correct / count});
    }
  }
  const perCorruption: Record<string, AccuracySummary> = {};
  for (const c of corruptions) {
    const accuracy = mean(cells.filter((x) => x.corruption === c).map((x) => x.accuracy));
    perCorruption[c] = {accuracy, error: 1 - accuracy};
  }
  const perSeverity: Record<string, AccuracySummary> = {};
  for (const s of severities) {
    const accuracy = mean(cells.filter((x) => x.severity === s).map((x) => x.accuracy));
    perSeverity[String(s)] = {accuracy, error: 1 - accuracy};
  }
  const meanAccuracy = mean(corruptions.map((c) => (perCorruption[c] as AccuracySummary).accuracy));
  const result: RobustnessResult = {
    source: generated ? 'generated' : 'published', seed, corruptions, severities, skipped, clean: cleanSummary,
    cells, perCorruption, perSeverity, meanAccuracy, meanError: 1 - meanAccuracy, corruptionError: null,
  };
  return options.baseline ? {...result, corruptionError: corruptionError(result, options.baseline)} : result;
}

function publishedSet(
  record: Readonly<Record<string, Readonly<Record<number, LabeledImages>>>>, corruption: CorruptionName, severity: number,
): LabeledImages {
  const info = lookupCorruption(corruption, C).info;
  const bySeverity = record[info.name] ?? record[info.tfdsName];
  const set = bySeverity?.[severity];
  if (set === undefined) {
    throw new InvalidArgumentError(
      `${C}: \`corrupted\` has no images for ${info.name} at severity ${severity}; got keys ` +
        `${describeValue(Object.keys(record))}. Provide every requested corruption and severity, or narrow ` +
        '`corruptions`/`severities`.', {argument: 'corrupted'});
  }
  return set;
}
