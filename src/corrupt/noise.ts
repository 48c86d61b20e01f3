/**
 * CIFAR-10-C noise corruptions: Gaussian, shot (Poisson), impulse (salt and pepper) and speckle noise.
 *
 * Paper: D. Hendrycks and T. Dietterich, "Benchmarking Neural Network Robustness to Common Corruptions and
 * Perturbations", ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py` of
 * hendrycks/robustness, described in spec/datasets.md §6; settings per severity from §6.1.
 *
 * On x = image / 255: Gaussian x + N(0, σ²); shot Poisson(x·λ)/λ; impulse replaces each value (per pixel and
 * channel) with probability `amount` by 0 or 1 (scikit-image `random_noise(mode='s&p')`); speckle
 * x + x·N(0, σ²); then clip to [0, 1], ×255, truncate. Noise is drawn per value in HWC order.
 *
 * Deviation: NumPy's Mersenne Twister is replaced by the library's seeded {@link Rng} (the reference set no
 * seed, so only the distributions can match). Shot noise uses NumPy's own Poisson algorithms.
 * Size: settings are per value, so they mean the same on any image size.
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {clipUnitTo255, defineCorruption, toUnit} from './definition';
import {poisson} from './internal/sampling';
import type {CorruptOptions} from './types';

const PER_VALUE = 'Per-value noise: the same meaning on any image size.';

/** Settings of `gaussian_noise`: x + N(0, σ²) on x in [0, 1]. */
export type GaussianNoiseParams = {
  /** Standard deviation σ on the [0, 1] scale (CIFAR: 0.04, 0.06, 0.08, 0.09, 0.10). */
  readonly sigma: number;
};

/** Settings of `shot_noise`: Poisson(x·λ)/λ. */
export type ShotNoiseParams = {
  /** Photon scale λ (CIFAR: 500, 250, 100, 75, 50; smaller is noisier). */
  readonly photons: number;
};

/** Settings of `impulse_noise`: salt-and-pepper noise. */
export type ImpulseNoiseParams = {
  /** Probability that a value is replaced by 0 or 1 (CIFAR: 0.01, 0.02, 0.03, 0.05, 0.07). */
  readonly amount: number;
};

/** Settings of `speckle_noise`: x + x·N(0, σ²). */
export type SpeckleNoiseParams = {
  /** Standard deviation σ of the multiplicative noise (CIFAR: 0.06, 0.10, 0.12, 0.16, 0.20). */
  readonly sigma: number;
};

/** @internal */
export const gaussianNoiseDef = defineCorruption<GaussianNoiseParams>({
  info: {
    name: 'gaussian_noise', tfdsName: 'gaussian_noise', label: 'Gaussian Noise', family: 'noise', benchmark: true,
    random: true, needsAssets: false, identity: {sigma: 0}, sizeNote: PER_VALUE,
    severities: [0.04, 0.06, 0.08, 0.09, 0.1].map((sigma) => ({sigma})),
  },
  fields: {sigma: {kind: 'number', min: 0}},
  isIdentity: (p) => p.sigma === 0,
  apply(img, p, {rng}) {
    const x = toUnit(img);
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) + rng.normal(0, p.sigma);
    return clipUnitTo255(x);
  },
});

/** @internal */
export const shotNoiseDef = defineCorruption<ShotNoiseParams>({
  info: {
    name: 'shot_noise', tfdsName: 'shot_noise', label: 'Shot Noise', family: 'noise', benchmark: true,
    random: true, needsAssets: false, identity: null, sizeNote: PER_VALUE,
    severities: [500, 250, 100, 75, 50].map((photons) => ({photons})),
  },
  fields: {photons: {kind: 'number', min: 1e-6}},
  apply(img, p, {rng}) {
    const x = toUnit(img);
    for (let i = 0; i < x.length; i++) x[i] = poisson(rng, (x[i] as number) * p.photons) / p.photons;
    return clipUnitTo255(x);
  },
});

/** @internal */
export const impulseNoiseDef = defineCorruption<ImpulseNoiseParams>({
  info: {
    name: 'impulse_noise', tfdsName: 'impulse_noise', label: 'Impulse Noise', family: 'noise', benchmark: true,
    random: true, needsAssets: false, identity: {amount: 0}, sizeNote: PER_VALUE,
    severities: [0.01, 0.02, 0.03, 0.05, 0.07].map((amount) => ({amount})),
  },
  fields: {amount: {kind: 'number', min: 0, max: 1}},
  isIdentity: (p) => p.amount === 0,
  apply(img, p, {rng}) {
    const x = toUnit(img);
    // scikit-image draws the "flipped" mask for every value first, then the salt/pepper choice.
    const flipped = new Uint8Array(x.length);
    for (let i = 0; i < x.length; i++) flipped[i] = rng.float() < p.amount ? 1 : 0;
    for (let i = 0; i < x.length; i++) {
      const salt = rng.float() < 0.5;
      if (flipped[i]) x[i] = salt ? 1 : 0;
    }
    return clipUnitTo255(x);
  },
});

/** @internal */
export const speckleNoiseDef = defineCorruption<SpeckleNoiseParams>({
  info: {
    name: 'speckle_noise', tfdsName: 'speckle_noise', label: 'Speckle Noise', family: 'noise', benchmark: false,
    random: true, needsAssets: false, identity: {sigma: 0}, sizeNote: PER_VALUE,
    severities: [0.06, 0.1, 0.12, 0.16, 0.2].map((sigma) => ({sigma})),
  },
  fields: {sigma: {kind: 'number', min: 0}},
  isIdentity: (p) => p.sigma === 0,
  apply(img, p, {rng}) {
    const x = toUnit(img);
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      x[i] = v + v * rng.normal(0, p.sigma);
    }
    return clipUnitTo255(x);
  },
});

/**
 * Adds Gaussian noise as CIFAR-10-C's `gaussian_noise`.
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link GaussianNoiseParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptGaussianNoise} from 'consistency-tfjs';
 * const images: tf.Tensor4D = tf.fill([2, 32, 32, 3], 128);
 * const noisy = await corruptGaussianNoise(images, 3, {seed: 1});
 * ```
 */
export function corruptGaussianNoise(
  images: Tensor4D, severity: number | GaussianNoiseParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptGaussianNoise', gaussianNoiseDef, images, severity, options);
}

/**
 * Adds Poisson (shot) noise as CIFAR-10-C's `shot_noise`.
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link ShotNoiseParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptShotNoise} from 'consistency-tfjs';
 * const noisy = await corruptShotNoise(tf.fill([1, 32, 32, 3], 100), {photons: 20}, {seed: 'demo'});
 * ```
 */
export function corruptShotNoise(
  images: Tensor4D, severity: number | ShotNoiseParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptShotNoise', shotNoiseDef, images, severity, options);
}

/**
 * Adds salt-and-pepper noise as CIFAR-10-C's `impulse_noise`.
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link ImpulseNoiseParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptImpulseNoise} from 'consistency-tfjs';
 * const noisy = await corruptImpulseNoise(tf.fill([1, 32, 32, 3], 100), 5, {seed: 7});
 * ```
 */
export function corruptImpulseNoise(
  images: Tensor4D, severity: number | ImpulseNoiseParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptImpulseNoise', impulseNoiseDef, images, severity, options);
}

/**
 * Adds multiplicative (speckle) noise as CIFAR-10-C's `speckle_noise`.
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link SpeckleNoiseParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptSpeckleNoise} from 'consistency-tfjs';
 * const noisy = await corruptSpeckleNoise(tf.fill([1, 32, 32, 3], 100), 2, {seed: 7});
 * ```
 */
export function corruptSpeckleNoise(
  images: Tensor4D, severity: number | SpeckleNoiseParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptSpeckleNoise', speckleNoiseDef, images, severity, options);
}
