/**
 * Argument checks and batch plumbing shared by the ops: image validation, per-image argument
 * expansion, and "apply once per distinct argument" grouping (split the batch into per-image views,
 * stack each group, apply, restore the order).
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, ShapeError} from '../../errors';
import {describeValue} from '../../internal/assert';
import type {PerImage} from '../types';

/** Batch dimensions of a checked image tensor. @internal */
export interface BatchShape {
  readonly n: number;
  readonly height: number;
  readonly width: number;
}

/** Checks that `images` is a float32 `[N, H, W, 3]` tensor. @internal */
export function checkImages(component: string, images: unknown): BatchShape {
  if (!(images instanceof tf.Tensor)) {
    throw new InvalidArgumentError(`${component}: \`images\` must be a tf.Tensor4D; got ${describeValue(images)}.`, {argument: 'images'});
  }
  const s = images.shape;
  if (s.length !== 4 || s[3] !== 3) {
    throw new ShapeError(`${component}: \`images\` must have shape [N, H, W, 3]; got [${s.join(', ')}]. ` +
      'Add a batch axis with tf.expandDims(image, 0) for a single image.');
  }
  if (images.dtype !== 'float32') {
    throw new InvalidArgumentError(`${component}: \`images\` must be float32 (integer values in 0..255); got ${images.dtype}. ` +
      "Convert with tf.cast(images, 'float32').", {argument: 'images'});
  }
  return {n: s[0] as number, height: s[1] as number, width: s[2] as number};
}

/** Range/integer constraints of a numeric argument. @internal */
export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

function checkOne(component: string, name: string, v: unknown, rule: NumberRule, where: string): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (!rule.integer || Number.isInteger(v)) &&
    (rule.min === undefined || v >= rule.min) && (rule.max === undefined || v <= rule.max);
  if (!ok) {
    const kind = rule.integer ? 'an integer' : 'a finite number';
    const range = rule.min !== undefined || rule.max !== undefined ? ` in [${rule.min ?? '-inf'}, ${rule.max ?? 'inf'}]` : '';
    throw new InvalidArgumentError(`${component}: \`${name}\`${where} must be ${kind}${range}; got ${describeValue(v)}.`, {argument: name});
  }
  return v as number;
}

/**
 * Expands a {@link PerImage} number to one value per image, checking each against `rule`. @internal
 */
export function perImageNumbers(component: string, name: string, value: PerImage<number>, n: number, rule: NumberRule = {}): number[] {
  if (Array.isArray(value)) {
    if (value.length !== n) {
      throw new InvalidArgumentError(`${component}: \`${name}\` has ${value.length} values but the batch has ${n} images. ` +
        'Pass one number for the whole batch or exactly one per image.', {argument: name});
    }
    return value.map((v, i) => checkOne(component, name, v, rule, `[${i}]`));
  }
  const v = checkOne(component, name, value, rule, '');
  return new Array<number>(n).fill(v);
}

/** Expands a {@link PerImage} value that is not a number (e.g. a centre pair). @internal */
export function perImageValues<T>(component: string, name: string, value: PerImage<T>, n: number, isOne: (v: unknown) => v is T): T[] {
  if (isOne(value)) return new Array<T>(n).fill(value);
  if (!Array.isArray(value) || value.length !== n || !value.every(isOne)) {
    throw new InvalidArgumentError(`${component}: \`${name}\` must be one value or an array of ${n} values (one per image); ` +
      `got ${describeValue(value)}.`, {argument: name});
  }
  return [...value] as T[];
}

/** Checks a fill value (0..255). @internal */
export function checkFill(component: string, fill: unknown): number {
  return checkOne(component, 'fill', fill, {min: 0, max: 255}, '');
}

/**
 * Applies `fn` once per distinct key: images sharing a key go through one call, and the results are
 * put back in the original order. With a single key (the usual case) `fn` sees the whole batch.
 * Must run inside `tf.tidy`. @internal
 */
export function applyGrouped<K>(images: tf.Tensor4D, keys: readonly K[], keyOf: (k: K) => string,
  fn: (batch: tf.Tensor4D, key: K) => tf.Tensor4D): tf.Tensor4D {
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const id = keyOf(k);
    const g = groups.get(id);
    if (g) g.push(i);
    else groups.set(id, [i]);
  });
  if (groups.size <= 1) return keys.length === 0 ? tf.clone(images) : fn(images, keys[0] as K);
  const parts = tf.split(images, images.shape[0], 0) as tf.Tensor4D[];
  const out = new Array<tf.Tensor4D>(parts.length);
  for (const idx of groups.values()) {
    const batch = idx.length === 1 ? parts[idx[0] as number] as tf.Tensor4D : tf.concat(idx.map((i) => parts[i] as tf.Tensor4D), 0);
    const res = fn(batch, keys[idx[0] as number] as K);
    const pieces = idx.length === 1 ? [res] : tf.split(res, idx.length, 0) as tf.Tensor4D[];
    idx.forEach((i, j) => {
      out[i] = pieces[j] as tf.Tensor4D;
    });
  }
  return tf.concat(out, 0);
}

/** `trunc(clamp(x, 0, 255))`, as float32: the reference's float -> uint8 conversion. @internal */
export function quantize(x: tf.Tensor4D): tf.Tensor4D {
  return tf.floor(tf.clipByValue(x, 0, 255));
}
