/**
 * CIFAR-10-C `snow`: a thresholded, zoomed and motion-blurred noise layer of snowflakes over a whitened image.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * (spec/datasets.md §6.2): (1) layer = N(μ, σ²) of size H×W; (2) `clipped_zoom(layer, zoom)`; (3) values below
 * `threshold` → 0; (4) clip to [0, 1], to 8 bits (truncation), ImageMagick motion blur (radius, σ, angle
 * uniform in [−135°, −45°]), /255; (5) x ← blend·x + (1−blend)·max(x, 1.5·grey(x) + 0.5) with
 * grey = 0.299R + 0.587G + 0.114B; (6) out = clip(x + layer + layer rotated by 180°).
 *
 * Deviation: the motion blur is the ported ImageMagick kernel (`internal/magick_motion.ts`); random numbers
 * come from the seeded {@link Rng}; computed in float64 where the reference used float32.
 * Size: the zoom is relative, the motion-blur radius and σ are pixels (not scaled).
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {clipUnitTo255, defineCorruption, toUnit} from './definition';
import {magickMotionBlur} from './internal/magick_motion';
import {clippedZoom} from './internal/resize';
import type {CorruptOptions} from './types';

/** Settings of `snow`. */
export type SnowParams = {
  /** Mean of the snow layer's Gaussian noise (CIFAR: 0.1, 0.1, 0.15, 0.25, 0.3). */
  readonly mean: number;
  /** Standard deviation of that noise (CIFAR: 0.2, 0.2, 0.3, 0.3, 0.3). */
  readonly std: number;
  /** Zoom of the layer, >= 1; larger gives bigger flakes (CIFAR: 1, 1, 1.75, 2.25, 1.25). */
  readonly zoom: number;
  /** Layer values below this become 0 (CIFAR: 0.6, 0.5, 0.55, 0.6, 0.65). */
  readonly threshold: number;
  /** Motion-blur radius in pixels (CIFAR: 8, 10, 10, 12, 14). */
  readonly blurRadius: number;
  /** Motion-blur σ in pixels (CIFAR: 3, 4, 4, 6, 12). */
  readonly blurSigma: number;
  /** Weight of the original image against its whitened version (CIFAR: 0.95, 0.9, 0.9, 0.85, 0.8). */
  readonly blend: number;
};

/** @internal */
export const snowDef = defineCorruption<SnowParams>({
  info: {
    name: 'snow', tfdsName: 'snow', label: 'Snow', family: 'weather', benchmark: true,
    random: true, needsAssets: false, identity: null,
    sizeNote: 'The layer zoom is relative; the motion-blur radius and σ are pixels, not scaled.',
    severities: [
      [0.1, 0.2, 1, 0.6, 8, 3, 0.95], [0.1, 0.2, 1, 0.5, 10, 4, 0.9], [0.15, 0.3, 1.75, 0.55, 10, 4, 0.9],
      [0.25, 0.3, 2.25, 0.6, 12, 6, 0.85], [0.3, 0.3, 1.25, 0.65, 14, 12, 0.8],
    ].map(([mean, std, zoom, threshold, blurRadius, blurSigma, blend]) => ({
      mean: mean as number, std: std as number, zoom: zoom as number, threshold: threshold as number,
      blurRadius: blurRadius as number, blurSigma: blurSigma as number, blend: blend as number,
    })),
  },
  fields: {
    mean: {kind: 'number'}, std: {kind: 'number', min: 0}, zoom: {kind: 'number', min: 1},
    threshold: {kind: 'number'}, blurRadius: {kind: 'number', min: 0}, blurSigma: {kind: 'number', min: 0},
    blend: {kind: 'number', min: 0, max: 1},
  },
  apply(img, p, {rng}) {
    const {height, width} = img;
    const n = height * width;
    let layer: Float64Array = new Float64Array(n);
    for (let i = 0; i < n; i++) layer[i] = rng.normal(p.mean, p.std);
    layer = clippedZoom(layer, height, width, 1, p.zoom);
    for (let i = 0; i < n; i++) {
      const v = layer[i] as number;
      layer[i] = v < p.threshold ? 0 : Math.trunc((v > 1 ? 1 : v < 0 ? 0 : v) * 255);
    }
    const angle = rng.uniform(-135, -45);
    const flakes = magickMotionBlur(layer, height, width, 1, p.blurRadius, p.blurSigma, angle);
    const x = toUnit(img);
    for (let i = 0; i < n; i++) {
      const o = i * 3;
      const r = x[o] as number;
      const g = x[o + 1] as number;
      const b = x[o + 2] as number;
      const white = (0.299 * r + 0.587 * g + 0.114 * b) * 1.5 + 0.5;
      const snow = ((flakes[i] as number) + (flakes[n - 1 - i] as number)) / 255;
      x[o] = p.blend * r + (1 - p.blend) * Math.max(r, white) + snow;
      x[o + 1] = p.blend * g + (1 - p.blend) * Math.max(g, white) + snow;
      x[o + 2] = p.blend * b + (1 - p.blend) * Math.max(b, white) + snow;
    }
    return clipUnitTo255(x);
  },
});

/**
 * Adds falling snow as CIFAR-10-C's `snow`.
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link SnowParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptSnow} from 'consistency-tfjs';
 * const snowy = await corruptSnow(tf.fill([1, 32, 32, 3], 60), 3, {seed: 11});
 * ```
 */
export function corruptSnow(images: Tensor4D, severity: number | SnowParams, options?: CorruptOptions): Promise<Tensor4D> {
  return corruptTensor('corruptSnow', snowDef, images, severity, options);
}
