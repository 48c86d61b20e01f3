/**
 * CIFAR-10-C `elastic_transform` (TFDS `elastic`): a random affine warp followed by a smooth random
 * displacement field.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261); the reference modifies
 * erniejunior's elastic-transform gist (after Simard et al., ICDAR 2003). Reference: `make_cifar_c.py`
 * (spec/datasets.md §6.2), with S the image side (32):
 * (1) affine: source points (c+s, c+s), (c+s, c−s), (c−s, c−s) with c = S div 2 and s = S div 3, each
 *     coordinate jittered by U(−jitter, jitter); OpenCV `getAffineTransform` + `warpAffine` (bilinear, border
 *     reflect-101; OpenCV's 1/32-pixel fixed-point coordinates are reproduced);
 * (2) dx, dy = α · Gaussian-smoothed (σ, border `reflect`, truncate 3σ) U(−1, 1) noise;
 * (3) bilinear resampling at (y + dy, x + dx) (SciPy `map_coordinates(order=1, mode='reflect')`), clip.
 * α, σ and jitter are written in the reference as fractions of S = 32; they are given here as those
 * fractions and multiplied by min(H, W), so the warp scales with the image.
 *
 * Deviations: random numbers from the seeded {@link Rng}; samples outside the image in step (3) use the
 * half-sample-symmetric extension of the pixel grid (SciPy ≥ 1.6 semantics) — older SciPy reflected the
 * coordinate instead, which differs within half a pixel of the border; on non-square images the affine
 * centre is (W div 2, H div 2) (the reference swaps them, which only matters when H ≠ W).
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {clipUnitTo255, defineCorruption, toUnit} from './definition';
import {borderIndex, gaussianFilter, roundHalfEven} from './internal/filters';
import type {CorruptOptions} from './types';

/** Settings of `elastic_transform`, as fractions of the image side (multiply by 32 for CIFAR pixels). */
export type ElasticTransformParams = {
  /** Displacement scale α / side (CIFAR: 0, 0.05, 0.08, 0.1, 0.1). */
  readonly alpha: number;
  /** Smoothing σ / side of the displacement field (CIFAR: 0, 0.2, 0.06, 0.04, 0.03). */
  readonly sigma: number;
  /** Largest affine jitter of each anchor coordinate / side (CIFAR: 0.08, 0.07, 0.06, 0.05, 0.03). */
  readonly jitter: number;
};

type Affine = [number, number, number, number, number, number];

/** OpenCV `getAffineTransform(src, dst)`: the affine map taking the 3 `src` points to the 3 `dst` points. @internal */
export function affineFromPoints(src: readonly number[], dst: readonly number[]): Affine {
  const [x0, y0, x1, y1, x2, y2] = src as [number, number, number, number, number, number];
  const det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
  const solve = (u0: number, u1: number, u2: number): [number, number, number] => [
    (u0 * (y1 - y2) - y0 * (u1 - u2) + (u1 * y2 - u2 * y1)) / det,
    (x0 * (u1 - u2) - u0 * (x1 - x2) + (x1 * u2 - x2 * u1)) / det,
    (x0 * (y1 * u2 - y2 * u1) - y0 * (x1 * u2 - x2 * u1) + u0 * (x1 * y2 - x2 * y1)) / det,
  ];
  const [a, b, c] = solve(dst[0] as number, dst[2] as number, dst[4] as number);
  const [d, e, f] = solve(dst[1] as number, dst[3] as number, dst[5] as number);
  return [a, b, c, d, e, f];
}

/** OpenCV `warpAffine(src, M, (W, H), INTER_LINEAR, BORDER_REFLECT_101)`, with its 1/32-pixel coordinates. @internal */
export function warpAffine(src: Float64Array, height: number, width: number, m: Affine): Float64Array {
  const [a, b, c, d, e, f] = m;
  // OpenCV inverts the forward map, then steps through destination pixels in 1/1024 fixed point.
  let det = a * e - b * d;
  det = det !== 0 ? 1 / det : 0;
  const ia = e * det;
  const ib = -b * det;
  const id = -d * det;
  const ie = a * det;
  const ic = -ia * c - ib * f;
  const iff = -id * c - ie * f;
  const out = new Float64Array(src.length);
  for (let y = 0; y < height; y++) {
    const x0 = roundHalfEven((ib * y + ic) * 1024) + 16;
    const y0 = roundHalfEven((ie * y + iff) * 1024) + 16;
    for (let x = 0; x < width; x++) {
      const X = Math.floor((x0 + roundHalfEven(ia * x * 1024)) / 32);
      const Y = Math.floor((y0 + roundHalfEven(id * x * 1024)) / 32);
      const sx = Math.floor(X / 32);
      const sy = Math.floor(Y / 32);
      const fx = (X - sx * 32) / 32;
      const fy = (Y - sy * 32) / 32;
      const xs = [borderIndex(sx, width, 'reflect101'), borderIndex(sx + 1, width, 'reflect101')] as const;
      const ys = [borderIndex(sy, height, 'reflect101'), borderIndex(sy + 1, height, 'reflect101')] as const;
      for (let ch = 0; ch < 3; ch++) {
        const v00 = src[(ys[0] * width + xs[0]) * 3 + ch] as number;
        const v01 = src[(ys[0] * width + xs[1]) * 3 + ch] as number;
        const v10 = src[(ys[1] * width + xs[0]) * 3 + ch] as number;
        const v11 = src[(ys[1] * width + xs[1]) * 3 + ch] as number;
        out[(y * width + x) * 3 + ch] = (v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy;
      }
    }
  }
  return out;
}

/** @internal */
export const elasticTransformDef = defineCorruption<ElasticTransformParams>({
  info: {
    name: 'elastic_transform', tfdsName: 'elastic', label: 'Elastic', family: 'digital', benchmark: true,
    random: true, needsAssets: false, identity: {alpha: 0, sigma: 0, jitter: 0},
    sizeNote: 'α, σ and jitter are fractions of min(H, W), as in the reference: the warp scales with the image.',
    severities: [[0, 0, 0.08], [0.05, 0.2, 0.07], [0.08, 0.06, 0.06], [0.1, 0.04, 0.05], [0.1, 0.03, 0.03]]
      .map(([alpha, sigma, jitter]) => ({alpha: alpha as number, sigma: sigma as number, jitter: jitter as number})),
  },
  fields: {alpha: {kind: 'number', min: 0}, sigma: {kind: 'number', min: 0}, jitter: {kind: 'number', min: 0}},
  isIdentity: (p) => p.alpha === 0 && p.jitter === 0,
  apply(img, p, {rng}) {
    const {height, width} = img;
    const side = Math.min(height, width);
    const alpha = side * p.alpha;
    const sigma = side * p.sigma;
    const jitter = side * p.jitter;
    const x = toUnit(img);
    for (let i = 0; i < x.length; i++) x[i] = Math.fround(x[i] as number);
    const cx = Math.floor(width / 2);
    const cy = Math.floor(height / 2);
    const s = Math.floor(side / 3);
    const from = [cx + s, cy + s, cx + s, cy - s, cx - s, cy - s];
    const to = from.map((v) => Math.fround(v + Math.fround(rng.uniform(-jitter, jitter))));
    const warped = warpAffine(x, height, width, affineFromPoints(from, to));
    const n = height * width;
    const field = (): Float64Array => {
      const noise = new Float64Array(n);
      for (let i = 0; i < n; i++) noise[i] = rng.uniform(-1, 1);
      const smooth = gaussianFilter(noise, height, width, 1, sigma, 'reflect', 3);
      for (let i = 0; i < n; i++) smooth[i] = Math.fround((smooth[i] as number) * alpha);
      return smooth;
    };
    const dx = field();
    const dy = field();
    const out = new Float64Array(x.length);
    for (let y = 0; y < height; y++) {
      for (let xx = 0; xx < width; xx++) {
        const py = y + (dy[y * width + xx] as number);
        const px = xx + (dx[y * width + xx] as number);
        const y0 = Math.floor(py);
        const x0 = Math.floor(px);
        const ty = py - y0;
        const tx = px - x0;
        const ya = borderIndex(y0, height, 'reflect');
        const yb = borderIndex(y0 + 1, height, 'reflect');
        const xa = borderIndex(x0, width, 'reflect');
        const xb = borderIndex(x0 + 1, width, 'reflect');
        for (let c = 0; c < 3; c++) {
          const v = ((warped[(ya * width + xa) * 3 + c] as number) * (1 - tx) + (warped[(ya * width + xb) * 3 + c] as number) * tx) * (1 - ty) +
            ((warped[(yb * width + xa) * 3 + c] as number) * (1 - tx) + (warped[(yb * width + xb) * 3 + c] as number) * tx) * ty;
          out[(y * width + xx) * 3 + c] = v;
        }
      }
    }
    return clipUnitTo255(out);
  },
});

/**
 * Warps elastically as CIFAR-10-C's `elastic_transform` (TFDS `elastic`).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link ElasticTransformParams}.
 * @param options Seed and stream options ({@link CorruptOptions}).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptElasticTransform} from 'consistency-tfjs';
 * const warped = await corruptElasticTransform(tf.randomUniform([1, 32, 32, 3], 0, 255, 'int32'), 2, {seed: 4});
 * ```
 */
export function corruptElasticTransform(
  images: Tensor4D, severity: number | ElasticTransformParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptElasticTransform', elasticTransformDef, images, severity, options);
}
