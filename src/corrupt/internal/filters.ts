/**
 * Host-side linear filters on HWC float images, with the border rules of the libraries the CIFAR-10-C
 * script called: SciPy/scikit-image (`nearest`, `reflect`) and OpenCV (`BORDER_REFLECT_101`).
 *
 * Images are `Float64Array`s of `height × width × channels` values, HWC, channels interleaved.
 * Written from the libraries' documented behaviour (scipy.ndimage `correlate1d`/`gaussian_filter`,
 * OpenCV `filter2D`/`blur`); no code was copied.
 * @internal
 * @module
 */

/** How an index outside `[0, n)` is mapped back inside. @internal */
export type BorderMode = 'nearest' | 'reflect' | 'reflect101';

/**
 * Maps index `i` into `[0, n)`:
 * - `nearest` (SciPy `nearest`, OpenCV `BORDER_REPLICATE`): `aaa|abcd|ddd`;
 * - `reflect` (SciPy `reflect`, OpenCV `BORDER_REFLECT`): `cba|abcd|dcb` (edge sample repeated);
 * - `reflect101` (OpenCV `BORDER_REFLECT_101`, SciPy `mirror`): `dcb|abcd|cba` (edge sample not repeated).
 * @internal
 */
export function borderIndex(i: number, n: number, mode: BorderMode): number {
  if (i >= 0 && i < n) return i;
  if (n === 1) return 0;
  if (mode === 'nearest') return i < 0 ? 0 : n - 1;
  if (mode === 'reflect') {
    const period = 2 * n;
    let j = i % period;
    if (j < 0) j += period;
    return j < n ? j : period - 1 - j;
  }
  const period = 2 * n - 2;
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - j;
}

/**
 * The 1-D Gaussian kernel of `scipy.ndimage.gaussian_filter1d`: radius `int(truncate·σ + 0.5)`, weights
 * `exp(−x²/2σ²)` normalised to sum 1. σ = 0 gives the identity kernel `[1]` (SciPy skips such axes).
 * @internal
 */
export function gaussianKernel1d(sigma: number, truncate: number): Float64Array {
  if (sigma <= 1e-15) return Float64Array.of(1);
  const radius = Math.trunc(truncate * sigma + 0.5);
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    const v = Math.exp((-0.5 * x * x) / (sigma * sigma));
    k[x + radius] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] as number) / sum;
  return k;
}

const SMALL_GAUSSIAN: Readonly<Record<number, readonly number[]>> = {
  1: [1],
  3: [0.25, 0.5, 0.25],
  5: [0.0625, 0.25, 0.375, 0.25, 0.0625],
  7: [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
};

/**
 * The 1-D Gaussian kernel of OpenCV `getGaussianKernel(ksize, σ)`: computed for σ > 0, else the fixed
 * tables of sizes 1..7 or the σ OpenCV derives from the size.
 * @internal
 */
export function cvGaussianKernel(ksize: number, sigma: number): Float64Array {
  // Without a positive σ, OpenCV uses fixed binomial tables for the small odd sizes.
  const fixed = SMALL_GAUSSIAN[ksize];
  if (sigma <= 0 && fixed !== undefined) return Float64Array.from(fixed);
  const s = sigma > 0 ? sigma : 0.3 * ((ksize - 1) * 0.5 - 1) + 0.8;
  const k = new Float64Array(ksize);
  const c = (ksize - 1) / 2;
  let sum = 0;
  for (let i = 0; i < ksize; i++) {
    const v = Math.exp(-((i - c) * (i - c)) / (2 * s * s));
    k[i] = v;
    sum += v;
  }
  for (let i = 0; i < ksize; i++) k[i] = (k[i] as number) / sum;
  return k;
}

/**
 * Correlates every channel with `kernel` along the rows axis (axis 0) or the columns axis (axis 1),
 * SciPy `correlate1d` style (kernel centred, origin 0).
 * @internal
 */
export function correlate1d(
  src: Float64Array, height: number, width: number, channels: number, kernel: Float64Array, axis: 0 | 1,
  mode: BorderMode,
): Float64Array {
  if (kernel.length === 1 && kernel[0] === 1) return src.slice();
  const out = new Float64Array(src.length);
  const r = (kernel.length - 1) >> 1;
  const n = axis === 0 ? height : width;
  const idx = new Int32Array(n + 2 * r);
  for (let i = -r; i < n + r; i++) idx[i + r] = borderIndex(i, n, mode);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const pos = axis === 0 ? y : x;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let t = 0; t < kernel.length; t++) {
          const q = idx[pos + t] as number;
          const off = axis === 0 ? (q * width + x) * channels + c : (y * width + q) * channels + c;
          acc += (kernel[t] as number) * (src[off] as number);
        }
        out[(y * width + x) * channels + c] = acc;
      }
    }
  }
  return out;
}

/**
 * `scipy.ndimage.gaussian_filter` over the two spatial axes only (scikit-image `gaussian(...,
 * multichannel=True)`): rows first, then columns.
 * @internal
 */
export function gaussianFilter(
  src: Float64Array, height: number, width: number, channels: number, sigma: number, mode: BorderMode,
  truncate = 4,
): Float64Array {
  const k = gaussianKernel1d(sigma, truncate);
  const rows = correlate1d(src, height, width, channels, k, 0, mode);
  return correlate1d(rows, height, width, channels, k, 1, mode);
}

/**
 * OpenCV `filter2D` (a correlation, anchor at the kernel centre, `BORDER_REFLECT_101`) on every channel.
 * Kernel rows/columns that are entirely zero are skipped, which does not change the result.
 * @internal
 */
export function filter2d(
  src: Float64Array, height: number, width: number, channels: number, kernel: Float64Array, kh: number,
  kw: number,
): Float64Array {
  const cy = (kh - 1) >> 1;
  const cx = (kw - 1) >> 1;
  const taps: Array<{dy: number; dx: number; w: number}> = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const w = kernel[i * kw + j] as number;
      if (w !== 0) taps.push({dy: i - cy, dx: j - cx, w});
    }
  }
  const out = new Float64Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (const t of taps) {
          const yy = borderIndex(y + t.dy, height, 'reflect101');
          const xx = borderIndex(x + t.dx, width, 'reflect101');
          acc += t.w * (src[(yy * width + xx) * channels + c] as number);
        }
        out[(y * width + x) * channels + c] = acc;
      }
    }
  }
  return out;
}

/** OpenCV `blur(src, (3, 3))`: normalised 3×3 box filter, `BORDER_REFLECT_101`, unrounded. @internal */
export function boxBlur3(src: Float64Array, height: number, width: number, channels: number): Float64Array {
  return filter2d(src, height, width, channels, new Float64Array(9).fill(1 / 9), 3, 3);
}

/** Round half to even, as OpenCV's `cvRound`/`saturate_cast` and Python's `round` do. @internal */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Clamps to `[lo, hi]`. @internal */
export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
