/**
 * CIFAR-10-C `motion_blur`: ImageMagick's motion blur along a random direction.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * encodes the image to PNG, calls ImageMagick `MotionBlurImage(radius, σ, angle)` through Wand with the angle
 * uniform in [−45°, 45°], and decodes the PNG (spec/datasets.md §6.2). The kernel is ported from the
 * description of MagickCore `effect.c` (see `internal/magick_motion.ts`): one-sided Gaussian weights over
 * n = 2·ceil(radius)+1 taps along the angle, edge pixels repeated outside the image, 8-bit rounding.
 *
 * Deviation: ported kernel instead of calling ImageMagick; the 2019 ImageMagick 6 build may round
 * differently by one level on some pixels. The angle is drawn from the library's seeded {@link Rng}.
 * Size: radius and σ are pixels (not scaled).
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {defineCorruption} from './definition';
import {magickMotionBlur} from './internal/magick_motion';
import type {CorruptOptions} from './types';

/** Settings of `motion_blur`. */
export type MotionBlurParams = {
  /** ImageMagick radius in pixels; the kernel has 2·ceil(radius)+1 taps (CIFAR: 6, 6, 6, 8, 9). */
  readonly radius: number;
  /** σ of the one-sided Gaussian weights in pixels (CIFAR: 1, 1.5, 2, 2, 2.5). */
  readonly sigma: number;
};

/** @internal */
export const motionBlurDef = defineCorruption<MotionBlurParams>({
  info: {
    name: 'motion_blur', tfdsName: 'motion_blur', label: 'Motion Blur', family: 'blur', benchmark: true,
    random: true, needsAssets: false, identity: {radius: 0, sigma: 1},
    sizeNote: 'Radius and σ are pixels, not scaled with the image size.',
    severities: [[6, 1], [6, 1.5], [6, 2], [8, 2], [9, 2.5]]
      .map(([radius, sigma]) => ({radius: radius as number, sigma: sigma as number})),
  },
  fields: {radius: {kind: 'number', min: 0}, sigma: {kind: 'number', min: 0}},
  isIdentity: (p) => p.radius === 0,
  apply(img, p, {rng}) {
    const angle = rng.uniform(-45, 45);
    return magickMotionBlur(img.data, img.height, img.width, 3, p.radius, p.sigma, angle);
  },
});

/**
 * Blurs along a random direction as CIFAR-10-C's `motion_blur`.
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link MotionBlurParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptMotionBlur} from 'consistency-tfjs';
 * const moved = await corruptMotionBlur(tf.randomUniform([1, 32, 32, 3], 0, 255, 'int32'), 5, {seed: 2});
 * ```
 */
export function corruptMotionBlur(
  images: Tensor4D, severity: number | MotionBlurParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptMotionBlur', motionBlurDef, images, severity, options);
}
