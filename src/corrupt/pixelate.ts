/**
 * CIFAR-10-C `pixelate`: Pillow BOX downscale then BOX upscale back to the original size.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * (spec/datasets.md §6.2): `img.resize((int(32·scale),)*2, BOX).resize((32, 32), BOX)` (sizes 30, 28, 27,
 * 24, 20). The resampler is a port of Pillow's `Resample.c` behaviour (`internal/resize.ts`), including its
 * fixed-point 8-bit rounding, so results are expected to match Pillow's bit for bit on integer inputs.
 *
 * Deviation: Pillow versions before 7 used the box window [−½, ½) instead of (−½, ½]; this only matters on
 * exact ties. Non-square images use int(H·scale) × int(W·scale).
 * Size: the scale is relative, so pixelation scales with the image.
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {defineCorruption} from './definition';
import {pilBoxResize} from './internal/resize';
import type {CorruptOptions} from './types';

/** Settings of `pixelate`. */
export type PixelateParams = {
  /** Intermediate size as a fraction of the image side (CIFAR: 0.95, 0.9, 0.85, 0.75, 0.65). */
  readonly scale: number;
};

/** @internal */
export const pixelateDef = defineCorruption<PixelateParams>({
  info: {
    name: 'pixelate', tfdsName: 'pixelate', label: 'Pixelate', family: 'digital', benchmark: true,
    random: false, needsAssets: false, identity: {scale: 1},
    sizeNote: 'The intermediate size is a fraction of the image side: pixelation scales with the image.',
    severities: [0.95, 0.9, 0.85, 0.75, 0.65].map((scale) => ({scale})),
  },
  fields: {scale: {kind: 'number', min: 0, max: 1}},
  isIdentity: (p) => p.scale === 1,
  apply(img, p) {
    const {height, width} = img;
    const smallH = Math.max(1, Math.trunc(height * p.scale));
    const smallW = Math.max(1, Math.trunc(width * p.scale));
    const pixels = img.data.map((v) => Math.trunc(v));
    const small = pilBoxResize(pixels, height, width, 3, smallH, smallW);
    return pilBoxResize(small, smallH, smallW, 3, height, width);
  },
});

/**
 * Pixelates by BOX down- and upscaling as CIFAR-10-C's `pixelate` (deterministic).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link PixelateParams}.
 * @param options {@link CorruptOptions} (unused by this deterministic corruption except for validation).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptPixelate} from 'consistency-tfjs';
 * const blocky = await corruptPixelate(tf.randomUniform([1, 32, 32, 3], 0, 255, 'int32'), 5);
 * ```
 */
export function corruptPixelate(images: Tensor4D, severity: number | PixelateParams, options?: CorruptOptions): Promise<Tensor4D> {
  return corruptTensor('corruptPixelate', pixelateDef, images, severity, options);
}
