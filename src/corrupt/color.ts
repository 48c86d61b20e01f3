/**
 * CIFAR-10-C colour corruptions: brightness and saturate (in HSV space) and contrast.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * (spec/datasets.md §6.2), x = image / 255:
 * - brightness: scikit-image RGB→HSV, V ← clip(V + ΔV, 0, 1), HSV→RGB;
 * - saturate: S ← clip(S·multiplier + offset, 0, 1);
 * - contrast: per-channel spatial mean μ; x ← (x − μ)·factor + μ.
 * Then clip to [0, 1], ×255, truncate. All three are deterministic.
 *
 * Deviation: identity settings (ΔV = 0; multiplier 1 with offset 0; factor 1) return the image exactly,
 * where the reference's floating-point round trip could lower a few values by one level.
 * Size: per-pixel or whole-image statistics: the same meaning on any image size.
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {clipUnitTo255, defineCorruption, toUnit, type KernelImage} from './definition';
import {hsvToRgb, rgbToHsv} from './internal/hsv';
import type {CorruptOptions} from './types';

const PER_PIXEL = 'Per-pixel colour change: the same meaning on any image size.';

/** Settings of `brightness`. */
export type BrightnessParams = {
  /** Amount added to the HSV value channel (CIFAR: 0.05, 0.1, 0.15, 0.2, 0.3). */
  readonly delta: number;
};

/** Settings of `saturate`. */
export type SaturateParams = {
  /** Factor on the HSV saturation (CIFAR: 0.3, 0.1, 1.5, 2, 2.5). */
  readonly multiplier: number;
  /** Amount added to the saturation after scaling (CIFAR: 0, 0, 0, 0.1, 0.2). */
  readonly offset: number;
};

/** Settings of `contrast`. */
export type ContrastParams = {
  /** Factor on the deviation from each channel's mean (CIFAR: 0.75, 0.5, 0.4, 0.3, 0.15). */
  readonly factor: number;
};

function mapHsv(img: KernelImage, f: (hsv: [number, number, number]) => [number, number, number]): Float64Array {
  const x = toUnit(img);
  for (let i = 0; i < x.length; i += 3) {
    const [h, s, v] = f(rgbToHsv(x[i] as number, x[i + 1] as number, x[i + 2] as number));
    const [r, g, b] = hsvToRgb(h, s, v);
    x[i] = r;
    x[i + 1] = g;
    x[i + 2] = b;
  }
  return clipUnitTo255(x);
}

const unit = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** @internal */
export const brightnessDef = defineCorruption<BrightnessParams>({
  info: {
    name: 'brightness', tfdsName: 'brightness', label: 'Brightness', family: 'weather', benchmark: true,
    random: false, needsAssets: false, identity: {delta: 0}, sizeNote: PER_PIXEL,
    severities: [0.05, 0.1, 0.15, 0.2, 0.3].map((delta) => ({delta})),
  },
  fields: {delta: {kind: 'number', min: -1, max: 1}},
  isIdentity: (p) => p.delta === 0,
  apply: (img, p) => mapHsv(img, ([h, s, v]) => [h, s, unit(v + p.delta)]),
});

/** @internal */
export const saturateDef = defineCorruption<SaturateParams>({
  info: {
    name: 'saturate', tfdsName: 'saturate', label: 'Saturate', family: 'digital', benchmark: false,
    random: false, needsAssets: false, identity: {multiplier: 1, offset: 0}, sizeNote: PER_PIXEL,
    severities: [[0.3, 0], [0.1, 0], [1.5, 0], [2, 0.1], [2.5, 0.2]]
      .map(([multiplier, offset]) => ({multiplier: multiplier as number, offset: offset as number})),
  },
  fields: {multiplier: {kind: 'number', min: 0}, offset: {kind: 'number', min: -1, max: 1}},
  isIdentity: (p) => p.multiplier === 1 && p.offset === 0,
  apply: (img, p) => mapHsv(img, ([h, s, v]) => [h, unit(s * p.multiplier + p.offset), v]),
});

/** @internal */
export const contrastDef = defineCorruption<ContrastParams>({
  info: {
    name: 'contrast', tfdsName: 'contrast', label: 'Contrast', family: 'digital', benchmark: true,
    random: false, needsAssets: false, identity: {factor: 1}, sizeNote: PER_PIXEL,
    severities: [0.75, 0.5, 0.4, 0.3, 0.15].map((factor) => ({factor})),
  },
  fields: {factor: {kind: 'number', min: 0}},
  isIdentity: (p) => p.factor === 1,
  apply(img, p) {
    const x = toUnit(img);
    const n = x.length / 3;
    const mean = [0, 0, 0];
    for (let i = 0; i < x.length; i++) mean[i % 3] = (mean[i % 3] as number) + (x[i] as number);
    for (let c = 0; c < 3; c++) mean[c] = (mean[c] as number) / n;
    for (let i = 0; i < x.length; i++) {
      const m = mean[i % 3] as number;
      x[i] = ((x[i] as number) - m) * p.factor + m;
    }
    return clipUnitTo255(x);
  },
});

/**
 * Brightens in HSV space as CIFAR-10-C's `brightness` (deterministic).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link BrightnessParams}.
 * @param options {@link CorruptOptions} (unused by this deterministic corruption except for validation).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptBrightness} from 'consistency-tfjs';
 * const bright = await corruptBrightness(tf.fill([1, 32, 32, 3], 100), 5);
 * ```
 */
export function corruptBrightness(images: Tensor4D, severity: number | BrightnessParams, options?: CorruptOptions): Promise<Tensor4D> {
  return corruptTensor('corruptBrightness', brightnessDef, images, severity, options);
}

/**
 * Changes saturation in HSV space as CIFAR-10-C's `saturate` (deterministic).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link SaturateParams}.
 * @param options {@link CorruptOptions} (unused by this deterministic corruption except for validation).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptSaturate} from 'consistency-tfjs';
 * const vivid = await corruptSaturate(tf.randomUniform([1, 32, 32, 3], 0, 255, 'int32'), {multiplier: 2, offset: 0.1});
 * ```
 */
export function corruptSaturate(images: Tensor4D, severity: number | SaturateParams, options?: CorruptOptions): Promise<Tensor4D> {
  return corruptTensor('corruptSaturate', saturateDef, images, severity, options);
}

/**
 * Lowers contrast as CIFAR-10-C's `contrast` (deterministic).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link ContrastParams}.
 * @param options {@link CorruptOptions} (unused by this deterministic corruption except for validation).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptContrast} from 'consistency-tfjs';
 * const flat = await corruptContrast(tf.randomUniform([1, 32, 32, 3], 0, 255, 'int32'), 5);
 * ```
 */
export function corruptContrast(images: Tensor4D, severity: number | ContrastParams, options?: CorruptOptions): Promise<Tensor4D> {
  return corruptTensor('corruptContrast', contrastDef, images, severity, options);
}
