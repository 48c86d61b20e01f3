/**
 * Train/validation split of a {@link CifarSplit} with no image in both parts.
 *
 * Reference: the Keras example takes `x_train[:49501]` for training and `x_train[49500:]` for validation
 * (spec/self-training.md §1.1), so image 49,500 is in both sets. Here the last `validationSize` images
 * (or a seeded random choice of them) are the validation set and the rest the training set, disjoint.
 *
 * Deviation: the training part holds 49,500 images, not the reference's 49,501.
 *
 * @module data
 */
import {InvalidArgumentError} from '../errors';
import {checkNumber} from '../internal/assert';
import {normalizeSeed, Rng} from '../random/rng';
import {CIFAR_IMAGE_BYTES, checkSplit, subsetSplit, withMeta, type CifarSplit} from './cifar_split';

/** Options of {@link trainValidationSplit}. */
export interface TrainValidationSplitOptions {
  /** Images held out for validation (an integer, 0 < n < count). Default 500 (the reference). */
  readonly validationSize?: number;
  /**
   * `false` (default): the validation set is the last `validationSize` images, as in the reference, and both parts
   * are views into the input (no copy). `true`: a seeded random choice, copied.
   */
  readonly shuffle?: boolean;
  /** Seed of the random choice when `shuffle` is true. Required then, so the split is reproducible. */
  readonly seed?: number | string;
}

/**
 * Splits `split` into disjoint training and validation parts.
 * @param split The full training split.
 * @param options Validation size, and whether to choose it at random.
 * @returns `{train, validation}`; with `shuffle: false` both share memory with `split`.
 * @throws {@link InvalidArgumentError} when `validationSize` is not in 1..count−1, or `shuffle` lacks a seed.
 * @example
 * ```ts
 * import {syntheticShapes10, trainValidationSplit} from 'consistency-tfjs';
 * const data = syntheticShapes10({trainCount: 100, testCount: 10, seed: 1});
 * const {train, validation} = trainValidationSplit(data.train, {validationSize: 20});
 * console.log(train.count, validation.count); // 80 20
 * ```
 */
export function trainValidationSplit(
  split: CifarSplit, options: TrainValidationSplitOptions = {},
): {train: CifarSplit; validation: CifarSplit} {
  const C = 'trainValidationSplit';
  checkSplit(split, C);
  const size = checkNumber(C, 'validationSize', options.validationSize ?? 500, {min: 1, integer: true});
  if (size >= split.count) {
    throw new InvalidArgumentError(`${C}: \`validationSize\` must be smaller than the split's ${split.count} images; ` +
      `got ${size}. Hold out fewer images.`, {argument: 'validationSize'});
  }
  if (options.shuffle) {
    if (options.seed === undefined) {
      throw new InvalidArgumentError(`${C}: \`shuffle: true\` needs a \`seed\`; got none. Pass e.g. {seed: 42} so the ` +
        'split is the same in every run.', {argument: 'seed'});
    }
    const order = new Rng(normalizeSeed(options.seed)).fork('trainValidationSplit').permutation(split.count);
    const held = order.slice(0, size).sort();
    const kept = order.slice(size).sort();
    return {train: subsetSplit(split, kept), validation: named(subsetSplit(split, held), split.name)};
  }
  const cut = split.count - size;
  const part = (from: number, to: number): CifarSplit => {
    const images = split.images.subarray(from * CIFAR_IMAGE_BYTES, to * CIFAR_IMAGE_BYTES);
    const labels = split.labels.subarray(from, to);
    return withMeta({images, labels, count: to - from}, split.coarseLabels?.subarray(from, to), split.name);
  };
  return {train: part(0, cut), validation: named(part(cut, split.count), split.name)};
}

function named(split: CifarSplit, name: string | undefined): CifarSplit {
  return name === undefined ? split : {...split, name: `${name} (validation)`};
}
