/**
 * CIFAR-10-C `fog`: a plasma-fractal haze added to the image, then a global rescale.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * (spec/datasets.md §6.2): m = max(x); x ← x + strength·F with F a plasma fractal (diamond-square, see
 * `internal/plasma.ts`) shared by the three channels; out = clip(x·m/(m + strength)) with x = image/255.
 *
 * Deviation: the fractal's random numbers come from the seeded {@link Rng} (its structure — steps, wrapping,
 * wibble schedule — is the reference's). Strength 0 returns the image unchanged (the formula would divide
 * 0 by 0 on a black image).
 * Size: the fractal is generated on the smallest power-of-two square covering the image and cropped to it,
 * as ImageNet-C does (256 for 224); on 32×32 images it is exactly the reference's 32×32 map.
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {clipUnitTo255, defineCorruption, toUnit} from './definition';
import {nextPowerOfTwo, plasmaFractal} from './internal/plasma';
import type {CorruptOptions} from './types';

/** Settings of `fog`. */
export type FogParams = {
  /** Weight of the fractal haze (CIFAR: 0.2, 0.5, 0.75, 1, 1.5). */
  readonly strength: number;
  /** Decay of the fractal's noise per octave; smaller is rougher (CIFAR: 3, 3, 2.5, 2, 1.75). */
  readonly decay: number;
};

/** @internal */
export const fogDef = defineCorruption<FogParams>({
  info: {
    name: 'fog', tfdsName: 'fog', label: 'Fog', family: 'weather', benchmark: true,
    random: true, needsAssets: false, identity: {strength: 0, decay: 3},
    sizeNote: 'The fractal covers the whole image at any size (generated on the next power-of-two square).',
    severities: [[0.2, 3], [0.5, 3], [0.75, 2.5], [1, 2], [1.5, 1.75]]
      .map(([strength, decay]) => ({strength: strength as number, decay: decay as number})),
  },
  fields: {strength: {kind: 'number', min: 0}, decay: {kind: 'number', min: 1e-6}},
  isIdentity: (p) => p.strength === 0,
  apply(img, p, {rng}) {
    const {height, width} = img;
    const x = toUnit(img);
    let max = 0;
    for (const v of x) if (v > max) max = v;
    const size = nextPowerOfTwo(Math.max(height, width));
    const fractal = plasmaFractal(rng, size, p.decay);
    for (let y = 0; y < height; y++) {
      for (let xx = 0; xx < width; xx++) {
        const f = p.strength * (fractal[y * size + xx] as number);
        const o = (y * width + xx) * 3;
        x[o] = (x[o] as number) + f;
        x[o + 1] = (x[o + 1] as number) + f;
        x[o + 2] = (x[o + 2] as number) + f;
      }
    }
    const denom = max + p.strength;
    for (let i = 0; i < x.length; i++) x[i] = ((x[i] as number) * max) / denom;
    return clipUnitTo255(x);
  },
});

/**
 * Adds fractal fog as CIFAR-10-C's `fog`.
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link FogParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptFog} from 'consistency-tfjs';
 * const foggy = await corruptFog(tf.fill([1, 32, 32, 3], 120), 4, {seed: 5});
 * ```
 */
export function corruptFog(images: Tensor4D, severity: number | FogParams, options?: CorruptOptions): Promise<Tensor4D> {
  return corruptTensor('corruptFog', fogDef, images, severity, options);
}
