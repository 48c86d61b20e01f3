/**
 * CIFAR-10-C blur corruptions computed with fixed kernels: Gaussian, glass and defocus blur.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * (hendrycks/robustness) as described in spec/datasets.md §6.2:
 * - gaussian_blur: scikit-image `gaussian` (σ px, border `nearest`, kernel truncated at 4σ) per channel.
 * - glass_blur: Gaussian blur σ, truncate to uint8, then `iterations` sweeps over h = H−δ … δ+1 and
 *   w = W−δ … δ+1 (descending) where pixel (h, w) takes the RGB of (h+dy, w+dx), dx, dy uniform in
 *   {−δ … δ−1} (the reference's tuple "swap" on NumPy views copies one way), then Gaussian blur σ again.
 * - defocus_blur: a disk of radius r on the integer grid −8..8 (17×17; larger radii use their own grid and a
 *   5×5 smoothing) normalised to sum 1, smoothed by OpenCV `GaussianBlur` 3×3 with σ = alias_blur, then
 *   OpenCV `filter2D` (border reflect-101) on each channel.
 *
 * Deviation: glass blur's displacements come from the seeded {@link Rng} instead of NumPy's unseeded global
 * generator; Gaussian and defocus blur are deterministic and follow the reference exactly up to float rounding.
 * Size: σ, δ and the disk radius are pixels; they are not scaled, so on larger images the blur is relatively
 * weaker (ImageNet-C uses larger values for 224×224 images).
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {clipUnitTo255, defineCorruption, toUnit} from './definition';
import {correlate1d, cvGaussianKernel, filter2d, gaussianFilter} from './internal/filters';
import type {CorruptOptions} from './types';

const ABSOLUTE = 'σ and radii are pixels, not scaled with the image size.';

/** Settings of `gaussian_blur`. */
export type GaussianBlurParams = {
  /** Standard deviation in pixels (CIFAR: 0.4, 0.6, 0.7, 0.8, 1). */
  readonly sigma: number;
};

/** Settings of `glass_blur`. */
export type GlassBlurParams = {
  /** Standard deviation of the two Gaussian blurs in pixels (CIFAR: 0.05, 0.25, 0.4, 0.25, 0.4). */
  readonly sigma: number;
  /** Largest pixel displacement δ (CIFAR: 1 at every severity). */
  readonly maxDelta: number;
  /** Number of local shuffling sweeps (CIFAR: 1, 1, 1, 2, 2). */
  readonly iterations: number;
};

/** Settings of `defocus_blur`. */
export type DefocusBlurParams = {
  /** Disk radius in pixels (CIFAR: 0.3, 0.4, 0.5, 1, 1.5). */
  readonly radius: number;
  /** σ of the 3×3 Gaussian that anti-aliases the disk (CIFAR: 0.4, 0.5, 0.6, 0.2, 0.1). */
  readonly aliasBlur: number;
};

/** @internal */
export const gaussianBlurDef = defineCorruption<GaussianBlurParams>({
  info: {
    name: 'gaussian_blur', tfdsName: 'gaussian_blur', label: 'Gaussian Blur', family: 'blur', benchmark: false,
    random: false, needsAssets: false, identity: {sigma: 0}, sizeNote: ABSOLUTE,
    severities: [0.4, 0.6, 0.7, 0.8, 1].map((sigma) => ({sigma})),
  },
  fields: {sigma: {kind: 'number', min: 0}},
  isIdentity: (p) => p.sigma === 0,
  apply(img, p) {
    return clipUnitTo255(gaussianFilter(toUnit(img), img.height, img.width, 3, p.sigma, 'nearest'));
  },
});

/** @internal */
export const glassBlurDef = defineCorruption<GlassBlurParams>({
  info: {
    name: 'glass_blur', tfdsName: 'frosted_glass_blur', label: 'Glass Blur', family: 'blur', benchmark: true,
    random: true, needsAssets: false, identity: {sigma: 0, maxDelta: 1, iterations: 0}, sizeNote: ABSOLUTE,
    severities: [[0.05, 1, 1], [0.25, 1, 1], [0.4, 1, 1], [0.25, 1, 2], [0.4, 1, 2]]
      .map(([sigma, maxDelta, iterations]) => ({sigma: sigma as number, maxDelta: maxDelta as number, iterations: iterations as number})),
  },
  fields: {
    sigma: {kind: 'number', min: 0},
    maxDelta: {kind: 'number', min: 1, integer: true},
    iterations: {kind: 'number', min: 0, integer: true},
  },
  isIdentity: (p) => p.sigma === 0 && p.iterations === 0,
  apply(img, p, {rng}) {
    const {height, width} = img;
    const blurred = gaussianFilter(toUnit(img), height, width, 3, p.sigma, 'nearest');
    const x = new Float64Array(blurred.length);
    for (let i = 0; i < x.length; i++) x[i] = Math.trunc((blurred[i] as number) * 255);
    const d = p.maxDelta;
    for (let it = 0; it < p.iterations; it++) {
      for (let h = height - d; h > d; h--) {
        for (let w = width - d; w > d; w--) {
          const dx = rng.int(-d, d);
          const dy = rng.int(-d, d);
          const from = ((h + dy) * width + (w + dx)) * 3;
          const to = (h * width + w) * 3;
          x[to] = x[from] as number;
          x[to + 1] = x[from + 1] as number;
          x[to + 2] = x[from + 2] as number;
        }
      }
    }
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) / 255;
    return clipUnitTo255(gaussianFilter(x, height, width, 3, p.sigma, 'nearest'));
  },
});

/** The reference's `disk(radius, alias_blur)` kernel (float32 values), side `size`. @internal */
export function defocusKernel(radius: number, aliasBlur: number): {kernel: Float64Array; size: number} {
  const small = radius <= 8;
  const coords: number[] = [];
  if (small) for (let v = -8; v <= 8; v++) coords.push(v);
  else for (let v = -radius; v < radius + 1; v++) coords.push(v);
  const size = coords.length;
  const disk = new Float64Array(size * size);
  let count = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const inside = (coords[j] as number) ** 2 + (coords[i] as number) ** 2 <= radius * radius;
      disk[i * size + j] = inside ? 1 : 0;
      if (inside) count++;
    }
  }
  for (let i = 0; i < disk.length; i++) disk[i] = Math.fround((disk[i] as number) / Math.max(count, 1));
  const g = cvGaussianKernel(small ? 3 : 5, aliasBlur);
  const smoothed = correlate1d(correlate1d(disk, size, size, 1, g, 0, 'reflect101'), size, size, 1, g, 1, 'reflect101');
  for (let i = 0; i < smoothed.length; i++) smoothed[i] = Math.fround(smoothed[i] as number);
  return {kernel: smoothed, size};
}

/** @internal */
export const defocusBlurDef = defineCorruption<DefocusBlurParams>({
  info: {
    name: 'defocus_blur', tfdsName: 'defocus_blur', label: 'Defocus Blur', family: 'blur', benchmark: true,
    random: false, needsAssets: false, identity: null, sizeNote: ABSOLUTE,
    severities: [[0.3, 0.4], [0.4, 0.5], [0.5, 0.6], [1, 0.2], [1.5, 0.1]]
      .map(([radius, aliasBlur]) => ({radius: radius as number, aliasBlur: aliasBlur as number})),
  },
  fields: {radius: {kind: 'number', min: 0}, aliasBlur: {kind: 'number', min: 0}},
  apply(img, p) {
    const {kernel, size} = defocusKernel(p.radius, p.aliasBlur);
    return clipUnitTo255(filter2d(toUnit(img), img.height, img.width, 3, kernel, size, size));
  },
});

/**
 * Blurs with a Gaussian as CIFAR-10-C's `gaussian_blur` (deterministic).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link GaussianBlurParams}.
 * @param options {@link CorruptOptions} (unused by this deterministic corruption except for validation).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptGaussianBlur} from 'consistency-tfjs';
 * const blurred = await corruptGaussianBlur(tf.fill([1, 32, 32, 3], 90), 5);
 * ```
 */
export function corruptGaussianBlur(
  images: Tensor4D, severity: number | GaussianBlurParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptGaussianBlur', gaussianBlurDef, images, severity, options);
}

/**
 * Blurs and locally shuffles pixels as CIFAR-10-C's `glass_blur` (TFDS `frosted_glass_blur`).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link GlassBlurParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptGlassBlur} from 'consistency-tfjs';
 * const glass = await corruptGlassBlur(tf.randomUniform([1, 32, 32, 3], 0, 255, 'int32'), 4, {seed: 3});
 * ```
 */
export function corruptGlassBlur(
  images: Tensor4D, severity: number | GlassBlurParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptGlassBlur', glassBlurDef, images, severity, options);
}

/**
 * Blurs with an anti-aliased disk as CIFAR-10-C's `defocus_blur` (deterministic).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link DefocusBlurParams}.
 * @param options {@link CorruptOptions} (unused by this deterministic corruption except for validation).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptDefocusBlur} from 'consistency-tfjs';
 * const defocused = await corruptDefocusBlur(tf.fill([1, 32, 32, 3], 90), 3);
 * ```
 */
export function corruptDefocusBlur(
  images: Tensor4D, severity: number | DefocusBlurParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptDefocusBlur', defocusBlurDef, images, severity, options);
}
