/**
 * The driver shared by every corruption: argument checks, severity → settings, per-image random streams,
 * and the reference's final `np.uint8(result)` (truncation), for host arrays and for tensors.
 *
 * Everything is checked before a tensor is read or allocated. Severity 0 and identity settings return the
 * input unchanged without running the kernel.
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, ShapeError} from '../errors';
import {check, checkNumber, closestName, describeValue} from '../internal/assert';
import {Rng, normalizeSeed, randomSeed} from '../random/rng';
import type {CorruptionDef, FieldSpec} from './definition';
import type {CorruptOptions, CorruptionParams} from './types';

/** The checked form of a call. @internal */
export interface CorruptionPlan {
  readonly def: CorruptionDef;
  /** `null` when the call is the identity (severity 0 or identity settings). */
  readonly params: CorruptionParams | null;
  readonly assets: unknown;
  readonly seed: number;
  readonly firstIndex: number;
}

function checkField(component: string, name: string, spec: FieldSpec, value: unknown): void {
  if (spec.kind === 'number') {
    checkNumber(component, name, value, spec);
  } else if (spec.kind === 'numbers') {
    check(Array.isArray(value), name, () =>
      `${component}: \`${name}\` must be an array of numbers; got ${describeValue(value)}.`);
    (value as unknown[]).forEach((v, i) => checkNumber(component, `${name}[${i}]`, v, spec));
  } else {
    check(typeof value === 'string' && spec.values.includes(value), name, () =>
      `${component}: \`${name}\` must be one of ${spec.values.map((v) => `'${v}'`).join(', ')}; got ${describeValue(value)}.`);
  }
}

/** Turns a severity (0..5) or a settings object into checked settings, `null` meaning identity. @internal */
export function resolveParams(component: string, def: CorruptionDef, severity: unknown): CorruptionParams | null {
  if (typeof severity === 'number') {
    check(Number.isInteger(severity) && severity >= 0 && severity <= 5, 'severity', () =>
      `${component}: \`severity\` must be an integer 0..5 (0 = unchanged); got ${describeValue(severity)}. ` +
        `Pass a settings object such as ${JSON.stringify(def.info.severities[0])} for other strengths.`);
    if (severity === 0) return null;
    const params = def.info.severities[severity - 1] as CorruptionParams;
    return def.isIdentity?.(params) ? null : params;
  }
  check(typeof severity === 'object' && severity !== null && !Array.isArray(severity), 'severity', () =>
    `${component}: \`severity\` must be an integer 0..5 or a settings object; got ${describeValue(severity)}.`);
  const params = severity as Record<string, unknown>;
  const fields = Object.keys(def.fields);
  for (const key of Object.keys(params)) {
    check(fields.includes(key), key, () => {
      const hint = closestName(key, fields);
      return `${component}: unknown setting '${key}' for ${def.info.name}. Valid settings: ` +
        `${fields.map((f) => `'${f}'`).join(', ')}.${hint ? ` Did you mean '${hint}'?` : ''}`;
    });
  }
  for (const key of fields) {
    check(key in params, key, () =>
      `${component}: setting '${key}' is missing for ${def.info.name}; got ${describeValue(params)}. ` +
        `Give every setting, e.g. ${JSON.stringify(def.info.severities[0])}.`);
    checkField(component, key, def.fields[key] as FieldSpec, params[key]);
  }
  const checked = params as CorruptionParams;
  return def.isIdentity?.(checked) ? null : checked;
}

/** Checks the options and the image size; prepares assets. @internal */
export function planCorruption(
  component: string, def: CorruptionDef, severity: unknown, options: CorruptOptions | undefined, height: number,
  width: number,
): CorruptionPlan {
  const opts = options ?? {};
  check(typeof opts === 'object', 'options', () => `${component}: \`options\` must be an object; got ${describeValue(opts)}.`);
  const params = resolveParams(component, def, severity);
  check(opts.seed === undefined || opts.rng === undefined, 'seed', () =>
    `${component}: pass either \`seed\` or \`rng\`, not both.`);
  if (opts.rng !== undefined) {
    check(opts.rng instanceof Rng, 'rng', () => `${component}: \`rng\` must be an Rng; got ${describeValue(opts.rng)}.`);
  }
  const firstIndex = opts.firstIndex === undefined ? 0 :
    checkNumber(component, 'firstIndex', opts.firstIndex, {min: 0, integer: true});
  const assets = params !== null && def.prepareAssets ? def.prepareAssets(opts, height, width, component) : undefined;
  let seed: number;
  if (opts.seed !== undefined) seed = normalizeSeed(opts.seed);
  else if (opts.rng !== undefined) seed = opts.rng.uint32();
  else seed = randomSeed();
  return {def, params, assets, seed, firstIndex};
}

/** Checks an NHWC shape with 3 channels. @internal */
export function checkShape(component: string, shape: unknown): [number, number, number, number] {
  const ok = Array.isArray(shape) && shape.length === 4 && shape.every((d) => Number.isInteger(d) && d >= 0) &&
    shape[3] === 3 && (shape[0] === 0 || (shape[1] >= 2 && shape[2] >= 2));
  if (!ok) {
    throw new ShapeError(
      `${component}: images must have shape [N, H, W, 3] with H, W >= 2; got ${describeValue(shape)}. ` +
        'Pass a batch of RGB images (add a batch axis to a single image with tf.expandDims).');
  }
  return shape as [number, number, number, number];
}

/** Runs a plan on host pixels (values 0..255), returning the reference's uint8 result. @internal */
export function runPlan(plan: CorruptionPlan, pixels: ArrayLike<number>, shape: readonly number[]): Uint8Array {
  const [n, height, width] = shape as [number, number, number, number];
  const size = height * width * 3;
  const out = new Uint8Array(n * size);
  if (plan.params === null) {
    for (let i = 0; i < out.length; i++) out[i] = pixels[i] as number;
    return out;
  }
  const write = (k: number, result: Float64Array): void => {
    for (let i = 0; i < size; i++) {
      const v = result[i] as number;
      // np.uint8 of the clipped float result: truncation toward zero.
      out[k * size + i] = v > 0 ? (v >= 255 ? 255 : Math.trunc(v)) : 0;
    }
  };
  const read = (k: number): Float64Array => {
    const img = new Float64Array(size);
    for (let i = 0; i < size; i++) img[i] = pixels[k * size + i] as number;
    return img;
  };
  const {def, params} = plan;
  if (def.applyBatch) {
    for (let start = 0; start < n; start += BATCH_CHUNK) {
      const count = Math.min(BATCH_CHUNK, n - start);
      const imgs = Array.from({length: count}, (_, j) => ({data: read(start + j), height, width}));
      def.applyBatch(imgs, params).forEach((result, j) => write(start + j, result));
    }
    return out;
  }
  const root = new Rng(plan.seed);
  for (let k = 0; k < n; k++) {
    const rng = root.fork(`${def.info.name}/${plan.firstIndex + k}`);
    write(k, def.apply({data: read(k), height, width}, params, {rng, assets: plan.assets}));
  }
  return out;
}

const BATCH_CHUNK = 256;

/** Checks that every value is a finite number in [0, 255]. @internal */
export function checkPixelRange(component: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= 0 && v <= 255)) {
      throw new InvalidArgumentError(
        `${component}: image values must lie in 0..255; got ${v} at flat index ${i}. ` +
          'Scale images to 0..255 (e.g. multiply [0, 1] images by 255) before corrupting them.', {argument: 'images'});
    }
  }
}

/** The tensor form: reads `images`, corrupts on the host, returns a new tensor of the same shape and dtype. @internal */
export async function corruptTensor(
  component: string, def: CorruptionDef, images: tf.Tensor4D, severity: unknown, options?: CorruptOptions,
): Promise<tf.Tensor4D> {
  if (!(images instanceof tf.Tensor)) {
    throw new InvalidArgumentError(`${component}: \`images\` must be a tf.Tensor4D; got ${describeValue(images)}.`, {argument: 'images'});
  }
  const shape = checkShape(component, images.shape);
  if (images.dtype !== 'float32' && images.dtype !== 'int32') {
    throw new InvalidArgumentError(
      `${component}: \`images\` must be float32 or int32; got ${images.dtype}. Cast with tf.cast(images, 'float32').`,
      {argument: 'images'});
  }
  const plan = planCorruption(component, def, severity, options, shape[1], shape[2]);
  if (plan.params === null) return tf.clone(images);
  const values = await images.data();
  checkPixelRange(component, values as ArrayLike<number>);
  const out = runPlan(plan, values as ArrayLike<number>, shape);
  const data = images.dtype === 'int32' ? Int32Array.from(out) : Float32Array.from(out);
  return tf.tensor4d(data, shape, images.dtype);
}
