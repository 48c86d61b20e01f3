/**
 * Argument checks shared by the model builders (`resNetV2`, the presets, `buildClassifier`).
 * Every check runs before a layer is created, so an invalid call allocates no weight.
 * @internal
 * @module
 */
import {InvalidArgumentError} from '../errors';
import {checkNumber, closestName, describeValue} from '../internal/assert';

/**
 * Throws when `args` holds a key that `known` does not list (a misspelt option would otherwise be ignored).
 * @internal
 */
export function checkKnownKeys(component: string, args: object, known: readonly string[]): void {
  for (const key of Object.keys(args)) {
    if (known.includes(key)) continue;
    const hint = closestName(key, known);
    throw new InvalidArgumentError(
      `${component}: unknown option \`${key}\`. Valid options: ${known.join(', ')}.` +
        (hint ? ` Did you mean \`${hint}\`?` : ''),
      {argument: key});
  }
}

/** Checks a positive integer. @internal */
export function checkPositiveInt(component: string, argument: string, value: unknown): number {
  return checkNumber(component, argument, value, {integer: true, min: 1});
}

/** Checks a non-empty array of positive integers, optionally of a given length. @internal */
export function checkPositiveInts(
  component: string, argument: string, value: unknown, opts: {length?: number; min?: number} = {},
): number[] {
  const min = opts.min ?? 1;
  const ok = Array.isArray(value) && value.length > 0 &&
    value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= min) &&
    (opts.length === undefined || value.length === opts.length);
  if (!ok) {
    const len = opts.length === undefined ? 'a non-empty array' : `an array of ${opts.length}`;
    throw new InvalidArgumentError(
      `${component}: \`${argument}\` must be ${len} integers >= ${min}; got ${describeValue(value)}.`, {argument});
  }
  return [...(value as number[])];
}

/**
 * Checks an NHWC image shape `[height, width, channels]` with `height, width >= minSize`.
 * @internal
 */
export function checkImageShape(
  component: string, argument: string, value: unknown, minSize: number,
): [number, number, number] {
  const ok = Array.isArray(value) && value.length === 3 &&
    value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1);
  if (!ok) {
    throw new InvalidArgumentError(
      `${component}: \`${argument}\` must be [height, width, channels] with positive integers; got ` +
        `${describeValue(value)}. Pass e.g. [72, 72, 3].`, {argument});
  }
  const [h, w, c] = value as [number, number, number];
  if (h < minSize || w < minSize) {
    throw new InvalidArgumentError(
      `${component}: \`${argument}\` must be at least ${minSize}x${minSize}; ` +
        `got ${describeValue(value)}. Resize the images to at least ${minSize}x${minSize}.`, {argument});
  }
  return [h, w, c];
}

/** Checks a seed (an integer or a string, as {@link Rng} accepts). @internal */
export function checkSeed(component: string, value: unknown): number | string | undefined {
  if (value === undefined) return undefined;
  const ok = typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  if (!ok) {
    throw new InvalidArgumentError(
      `${component}: \`seed\` must be an integer or a string; got ${describeValue(value)}. Pass e.g. seed: 42.`,
      {argument: 'seed'});
  }
  return value as number | string;
}

/** Checks a non-empty string (layer and model names). @internal */
export function checkName(component: string, argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgumentError(
      `${component}: \`${argument}\` must be a non-empty string; got ${describeValue(value)}.`, {argument});
  }
  return value;
}
