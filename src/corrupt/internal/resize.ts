/**
 * Resampling routines of the libraries the CIFAR-10-C script called, on HWC float arrays:
 * - SciPy `ndimage.zoom(order=1)` (bilinear, corner-aligned: output index o reads input o·(in−1)/(out−1),
 *   output side `round(in·z)` with Python's round-half-even) and the script's `clipped_zoom`;
 * - Pillow `Image.resize(..., BOX)` (`libImaging/Resample.c`: separable, horizontal pass then vertical, box
 *   weights `x ∈ (−½, ½]` on the scaled grid, 22-bit fixed-point coefficients, 8-bit rounding after each pass);
 * - OpenCV `resize(INTER_LINEAR)` (half-pixel centres, edge clamping), used for the frost photographs.
 *
 * Written from the libraries' sources and documentation; no code was copied.
 * Deviation: OpenCV's 11-bit fixed-point weights are replaced by exact bilinear weights and rounding.
 * @internal
 * @module
 */
import {clamp, roundHalfEven} from './filters';

/** SciPy `ndimage.zoom(image, (zy, zx, 1), order=1)` to an explicit output size. @internal */
export function zoomLinear(
  src: Float64Array, height: number, width: number, channels: number, outH: number, outW: number,
): Float64Array {
  const out = new Float64Array(outH * outW * channels);
  const sy = outH > 1 ? (height - 1) / (outH - 1) : 0;
  const sx = outW > 1 ? (width - 1) / (outW - 1) : 0;
  const x0 = new Int32Array(outW);
  const x1 = new Int32Array(outW);
  const tx = new Float64Array(outW);
  for (let o = 0; o < outW; o++) {
    const p = clamp(o * sx, 0, width - 1);
    const i = Math.floor(p);
    x0[o] = i;
    x1[o] = Math.min(i + 1, width - 1);
    tx[o] = p - i;
  }
  for (let oy = 0; oy < outH; oy++) {
    const p = clamp(oy * sy, 0, height - 1);
    const y0 = Math.floor(p);
    const y1 = Math.min(y0 + 1, height - 1);
    const ty = p - y0;
    for (let ox = 0; ox < outW; ox++) {
      const a = x0[ox] as number;
      const b = x1[ox] as number;
      const t = tx[ox] as number;
      for (let c = 0; c < channels; c++) {
        const v00 = src[(y0 * width + a) * channels + c] as number;
        const v01 = src[(y0 * width + b) * channels + c] as number;
        const v10 = src[(y1 * width + a) * channels + c] as number;
        const v11 = src[(y1 * width + b) * channels + c] as number;
        const top = v00 * (1 - t) + v01 * t;
        const bottom = v10 * (1 - t) + v11 * t;
        out[(oy * outW + ox) * channels + c] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  return out;
}

interface AxisTaps {
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly t: Float64Array;
}

/** Source taps of one axis of `clipped_zoom`: crop of `ceil(n/z)`, zoom to `round(·z)`, centred cut of `n`. */
function clippedZoomAxis(n: number, zoom: number): AxisTaps {
  const c = Math.ceil(n / zoom);
  const start = Math.floor((n - c) / 2);
  const zn = roundHalfEven(c * zoom);
  const trim = Math.floor((zn - n) / 2);
  const step = zn > 1 ? (c - 1) / (zn - 1) : 0;
  const i0 = new Int32Array(n);
  const i1 = new Int32Array(n);
  const t = new Float64Array(n);
  for (let o = 0; o < n; o++) {
    const p = clamp((o + trim) * step, 0, c - 1);
    const i = Math.floor(p);
    i0[o] = start + i;
    i1[o] = start + Math.min(i + 1, c - 1);
    t[o] = p - i;
  }
  return {i0, i1, t};
}

const zoomCache = new Map<string, [AxisTaps, AxisTaps]>();

/**
 * The script's `clipped_zoom(img, z)`: crop the centred `ceil(h/z) × ceil(w/z)` window, zoom it by `z`
 * (SciPy order 1, output side `round(side·z)`), cut the centred `h × w` window of the result. Computed as one
 * bilinear gather per output pixel (same values as doing the three steps).
 * @internal
 */
export function clippedZoom(
  src: Float64Array, height: number, width: number, channels: number, zoom: number,
): Float64Array {
  const key = `${height}x${width}@${zoom}`;
  let taps = zoomCache.get(key);
  if (taps === undefined) {
    taps = [clippedZoomAxis(height, zoom), clippedZoomAxis(width, zoom)];
    if (zoomCache.size > 512) zoomCache.clear();
    zoomCache.set(key, taps);
  }
  const [ty, tx] = taps;
  const out = new Float64Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    const ra = (ty.i0[y] as number) * width;
    const rb = (ty.i1[y] as number) * width;
    const fy = ty.t[y] as number;
    for (let x = 0; x < width; x++) {
      const a = tx.i0[x] as number;
      const b = tx.i1[x] as number;
      const fx = tx.t[x] as number;
      for (let c = 0; c < channels; c++) {
        const top = (src[(ra + a) * channels + c] as number) * (1 - fx) + (src[(ra + b) * channels + c] as number) * fx;
        const bottom = (src[(rb + a) * channels + c] as number) * (1 - fx) + (src[(rb + b) * channels + c] as number) * fx;
        out[(y * width + x) * channels + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}

const PRECISION_BITS = 22;
const ONE = 2 ** PRECISION_BITS;

interface Coefficients {
  readonly bounds: Int32Array; // xmin, count per output index
  readonly weights: Float64Array[]; // fixed-point integer weights per output index
}

function boxCoefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 0.5 * filterScale;
  const bounds = new Int32Array(outSize * 2);
  const weights: Float64Array[] = [];
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    const k = new Float64Array(Math.max(xmax, 0));
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const arg = (x + xmin - center + 0.5) / filterScale;
      const w = arg > -0.5 && arg <= 0.5 ? 1 : 0;
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww !== 0 ? (k[x] as number) / ww : (k[x] as number);
      k[x] = Math.trunc(v < 0 ? -0.5 + v * ONE : 0.5 + v * ONE);
    }
    bounds[2 * o] = xmin;
    bounds[2 * o + 1] = xmax;
    weights.push(k);
  }
  return {bounds, weights};
}

function clip8(acc: number): number {
  return clamp(Math.floor(acc / ONE), 0, 255);
}

/**
 * Pillow `Image.resize((outW, outH), BOX)` of an 8-bit image (integer values 0..255 in a Float64Array).
 * @returns Integers 0..255, `outH × outW × channels`.
 * @internal
 */
export function pilBoxResize(
  src: Float64Array, height: number, width: number, channels: number, outH: number, outW: number,
): Float64Array {
  let cur = src;
  let curW = width;
  if (outW !== width) {
    const {bounds, weights} = boxCoefficients(width, outW);
    const next = new Float64Array(height * outW * channels);
    for (let y = 0; y < height; y++) {
      for (let o = 0; o < outW; o++) {
        const xmin = bounds[2 * o] as number;
        const k = weights[o] as Float64Array;
        for (let c = 0; c < channels; c++) {
          let acc = ONE / 2;
          for (let x = 0; x < k.length; x++) acc += (cur[(y * width + xmin + x) * channels + c] as number) * (k[x] as number);
          next[(y * outW + o) * channels + c] = clip8(acc);
        }
      }
    }
    cur = next;
    curW = outW;
  }
  if (outH !== height) {
    const {bounds, weights} = boxCoefficients(height, outH);
    const next = new Float64Array(outH * curW * channels);
    for (let o = 0; o < outH; o++) {
      const ymin = bounds[2 * o] as number;
      const k = weights[o] as Float64Array;
      for (let x = 0; x < curW; x++) {
        for (let c = 0; c < channels; c++) {
          let acc = ONE / 2;
          for (let y = 0; y < k.length; y++) acc += (cur[((ymin + y) * curW + x) * channels + c] as number) * (k[y] as number);
          next[(o * curW + x) * channels + c] = clip8(acc);
        }
      }
    }
    cur = next;
  }
  return cur === src ? src.slice() : cur;
}

/**
 * OpenCV `resize(src, (outW, outH), INTER_LINEAR)` of an 8-bit image: half-pixel centres, edge clamping,
 * result rounded to 8 bits.
 * @internal
 */
export function cvResizeLinear(
  src: Float64Array, height: number, width: number, channels: number, outH: number, outW: number,
): Float64Array {
  const out = new Float64Array(outH * outW * channels);
  const axis = (o: number, inSize: number, outSize: number): [number, number, number] => {
    let p = (o + 0.5) * (inSize / outSize) - 0.5;
    if (p < 0) p = 0;
    let i = Math.floor(p);
    let t = p - i;
    if (i >= inSize - 1) {
      i = inSize - 1;
      t = 0;
    }
    return [i, Math.min(i + 1, inSize - 1), t];
  };
  for (let oy = 0; oy < outH; oy++) {
    const [y0, y1, ty] = axis(oy, height, outH);
    for (let ox = 0; ox < outW; ox++) {
      const [x0, x1, tx] = axis(ox, width, outW);
      for (let c = 0; c < channels; c++) {
        const top = (src[(y0 * width + x0) * channels + c] as number) * (1 - tx) +
          (src[(y0 * width + x1) * channels + c] as number) * tx;
        const bottom = (src[(y1 * width + x0) * channels + c] as number) * (1 - tx) +
          (src[(y1 * width + x1) * channels + c] as number) * tx;
        out[(oy * outW + ox) * channels + c] = clamp(Math.round(top * (1 - ty) + bottom * ty), 0, 255);
      }
    }
  }
  return out;
}
