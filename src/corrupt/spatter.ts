/**
 * CIFAR-10-C `spatter`: water drops (severities 1–3) or mud (4–5) splashed on the image.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * (spec/datasets.md §6.2). liquid = N(μ, σ²) (H×W) → Gaussian blur (blur σ) → values < threshold set to 0.
 * - water: L = uint8(255·liquid); edges = Canny(L, 50, 150); d = distance transform (L2, 5×5) of 255 − edges,
 *   truncated at 20, 3×3 box blur, to uint8, histogram-equalised, filtered with the emboss kernel
 *   [[−2,−1,0],[−1,1,1],[0,1,2]] (8-bit saturation), 3×3 box blur (8-bit); m = L·d / max(L·d) · intensity;
 *   out = clip(x + m·(175, 238, 238)/255).
 * - mud: m = Gaussian blur (σ = intensity) of (liquid > threshold); m < 0.8 → 0;
 *   out = clip(x·(1 − m) + m·(63, 42, 20)/255).
 * The OpenCV steps are ported in `internal/cv.ts`.
 *
 * Deviations: random numbers from the seeded {@link Rng}; `uint8(255·liquid)` saturates at 255 where NumPy
 * would wrap (liquid > 1 is very rare); when no liquid survives the threshold (max(L·d) = 0) the image is
 * returned unchanged, where the reference divides 0 by 0 and produces a black image.
 * Size: the blur σ values are pixels (not scaled), so drops keep their pixel size on larger images.
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {clipUnitTo255, defineCorruption, toUnit} from './definition';
import {canny, distanceTransform5, equalizeHist} from './internal/cv';
import {boxBlur3, clamp, filter2d, gaussianFilter, roundHalfEven} from './internal/filters';
import type {CorruptOptions} from './types';

/** Settings of `spatter`. */
export type SpatterParams = {
  /** Mean of the liquid layer's Gaussian noise (CIFAR: 0.62, 0.65, 0.65, 0.65, 0.65). */
  readonly mean: number;
  /** Standard deviation of that noise (CIFAR: 0.1, 0.1, 0.3, 0.1, 0.1). */
  readonly std: number;
  /** σ in pixels of the blur applied to the layer (CIFAR: 0.7, 0.8, 1, 0.7, 0.5). */
  readonly blurSigma: number;
  /** Layer values below this are dry (CIFAR: 0.7, 0.7, 0.69, 0.69, 0.68). */
  readonly threshold: number;
  /** Opacity of water; σ of the mud mask blur (CIFAR: 0.5, 0.5, 0.5, 0.6, 0.6). */
  readonly intensity: number;
  /** `'water'` (pale turquoise drops) or `'mud'` (brown splashes). */
  readonly mode: 'water' | 'mud';
};

const EMBOSS = Float64Array.of(-2, -1, 0, -1, 1, 1, 0, 1, 2);

function waterMask(liquid: Float64Array, height: number, width: number, intensity: number): Float64Array | null {
  const n = height * width;
  const level = new Float64Array(n);
  for (let i = 0; i < n; i++) level[i] = clamp(Math.trunc((liquid[i] as number) * 255), 0, 255);
  const edges = canny(level, height, width, 50, 150);
  const inverted = new Float64Array(n);
  for (let i = 0; i < n; i++) inverted[i] = 255 - (edges[i] as number);
  const dist = distanceTransform5(inverted, height, width);
  for (let i = 0; i < n; i++) dist[i] = Math.min(dist[i] as number, 20);
  let d = boxBlur3(dist, height, width, 1);
  for (let i = 0; i < n; i++) d[i] = Math.trunc(d[i] as number);
  d = equalizeHist(d);
  d = filter2d(d, height, width, 1, EMBOSS, 3, 3);
  for (let i = 0; i < n; i++) d[i] = clamp(roundHalfEven(d[i] as number), 0, 255);
  d = boxBlur3(d, height, width, 1);
  const m = new Float64Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = (level[i] as number) * clamp(roundHalfEven(d[i] as number), 0, 255);
    m[i] = v;
    if (v > max) max = v;
  }
  if (!(max > 0)) return null;
  for (let i = 0; i < n; i++) m[i] = ((m[i] as number) / max) * intensity;
  return m;
}

function mudMask(liquid: Float64Array, height: number, width: number, p: SpatterParams): Float64Array {
  const n = height * width;
  const mask = new Float64Array(n);
  for (let i = 0; i < n; i++) mask[i] = (liquid[i] as number) > p.threshold ? 1 : 0;
  const m = gaussianFilter(mask, height, width, 1, p.intensity, 'nearest');
  for (let i = 0; i < n; i++) if ((m[i] as number) < 0.8) m[i] = 0;
  return m;
}

/** @internal */
export const spatterDef = defineCorruption<SpatterParams>({
  info: {
    name: 'spatter', tfdsName: 'spatter', label: 'Spatter', family: 'weather', benchmark: false,
    random: true, needsAssets: false, identity: null,
    sizeNote: 'Blur σ values are pixels, not scaled: drops keep their pixel size on larger images.',
    severities: [
      [0.62, 0.1, 0.7, 0.7, 0.5, 'water'], [0.65, 0.1, 0.8, 0.7, 0.5, 'water'], [0.65, 0.3, 1, 0.69, 0.5, 'water'],
      [0.65, 0.1, 0.7, 0.69, 0.6, 'mud'], [0.65, 0.1, 0.5, 0.68, 0.6, 'mud'],
    ].map(([mean, std, blurSigma, threshold, intensity, mode]) => ({
      mean: mean as number, std: std as number, blurSigma: blurSigma as number, threshold: threshold as number,
      intensity: intensity as number, mode: mode as 'water' | 'mud',
    })),
  },
  fields: {
    mean: {kind: 'number'}, std: {kind: 'number', min: 0}, blurSigma: {kind: 'number', min: 0},
    threshold: {kind: 'number'}, intensity: {kind: 'number', min: 0}, mode: {kind: 'enum', values: ['water', 'mud']},
  },
  apply(img, p, {rng}) {
    const {height, width} = img;
    const n = height * width;
    const noise = new Float64Array(n);
    for (let i = 0; i < n; i++) noise[i] = rng.normal(p.mean, p.std);
    const liquid = gaussianFilter(noise, height, width, 1, p.blurSigma, 'nearest');
    for (let i = 0; i < n; i++) if ((liquid[i] as number) < p.threshold) liquid[i] = 0;
    const x = toUnit(img);
    if (p.mode === 'water') {
      const m = waterMask(liquid, height, width, p.intensity);
      if (m === null) return clipUnitTo255(x);
      const colour = [175 / 255, 238 / 255, 238 / 255];
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < 3; c++) x[i * 3 + c] = (x[i * 3 + c] as number) + (m[i] as number) * (colour[c] as number);
      }
    } else {
      const m = mudMask(liquid, height, width, p);
      const colour = [63 / 255, 42 / 255, 20 / 255];
      for (let i = 0; i < n; i++) {
        const w = m[i] as number;
        for (let c = 0; c < 3; c++) x[i * 3 + c] = (x[i * 3 + c] as number) * (1 - w) + w * (colour[c] as number);
      }
    }
    return clipUnitTo255(x);
  },
});

/**
 * Splashes water or mud as CIFAR-10-C's `spatter`.
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link SpatterParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptSpatter} from 'consistency-tfjs';
 * const splashed = await corruptSpatter(tf.fill([1, 32, 32, 3], 90), 4, {seed: 9});
 * ```
 */
export function corruptSpatter(images: Tensor4D, severity: number | SpatterParams, options?: CorruptOptions): Promise<Tensor4D> {
  return corruptTensor('corruptSpatter', spatterDef, images, severity, options);
}
