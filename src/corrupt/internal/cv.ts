/**
 * The OpenCV routines of the spatter corruption, on single-channel 8-bit images (values in Float64Arrays):
 * `Canny`, `distanceTransform(DIST_L2, 5)` and `equalizeHist`.
 *
 * Behaviour from the OpenCV documentation and `imgproc` sources (`canny.cpp`, `distransform.cpp`,
 * `histogram.cpp`); no code was copied:
 * - Canny: 3×3 Sobel gradients with replicated borders, L1 magnitude |gx| + |gy|, non-maximum suppression in
 *   four directions (tan 22.5° sectors, OpenCV's strict/non-strict comparisons), hysteresis: pixels above
 *   `high` seed edges that grow through 8-connected pixels above `low`. Edges are 255, the rest 0.
 * - distance transform: two-pass 5×5 chamfer with OpenCV's L2 weights (1, 1.4, 2.1969) in 16-bit fixed point.
 * - equalizeHist: OpenCV's LUT (first occupied bin → 0, cumulative counts scaled by 255/(N − that bin's count),
 *   rounded half to even).
 * @internal
 * @module
 */
import {borderIndex, roundHalfEven} from './filters';

/** OpenCV `Canny(src, low, high)` with aperture 3 and the L1 gradient. @internal */
export function canny(src: Float64Array, height: number, width: number, low: number, high: number): Float64Array {
  const gx = new Float64Array(height * width);
  const gy = new Float64Array(height * width);
  const px = (y: number, x: number): number =>
    src[borderIndex(y, height, 'nearest') * width + borderIndex(x, width, 'nearest')] as number;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      gx[y * width + x] = (px(y - 1, x + 1) + 2 * px(y, x + 1) + px(y + 1, x + 1)) -
        (px(y - 1, x - 1) + 2 * px(y, x - 1) + px(y + 1, x - 1));
      gy[y * width + x] = (px(y + 1, x - 1) + 2 * px(y + 1, x) + px(y + 1, x + 1)) -
        (px(y - 1, x - 1) + 2 * px(y - 1, x) + px(y - 1, x + 1));
    }
  }
  const mag = (y: number, x: number): number =>
    y < 0 || y >= height || x < 0 || x >= width ? 0 : Math.abs(gx[y * width + x] as number) + Math.abs(gy[y * width + x] as number);
  const lowT = Math.floor(low);
  const highT = Math.floor(high);
  // 0: not an edge, 1: weak candidate, 2: edge.
  const state = new Uint8Array(height * width);
  const stack: number[] = [];
  const TG22 = 0.4142135623730951;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const m = mag(y, x);
      if (m <= lowT) continue;
      const ax = Math.abs(gx[y * width + x] as number);
      const ay = Math.abs(gy[y * width + x] as number);
      let isMax: boolean;
      if (ay < ax * TG22) {
        isMax = m > mag(y, x - 1) && m >= mag(y, x + 1);
      } else if (ay > ax * (TG22 + 2)) {
        isMax = m > mag(y - 1, x) && m >= mag(y + 1, x);
      } else {
        const s = (gx[y * width + x] as number) * (gy[y * width + x] as number) < 0 ? -1 : 1;
        isMax = m > mag(y - 1, x - s) && m > mag(y + 1, x + s);
      }
      if (!isMax) continue;
      if (m > highT) {
        state[y * width + x] = 2;
        stack.push(y * width + x);
      } else {
        state[y * width + x] = 1;
      }
    }
  }
  while (stack.length > 0) {
    const p = stack.pop() as number;
    const y = Math.floor(p / width);
    const x = p - y * width;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const yy = y + dy;
        const xx = x + dx;
        if (yy < 0 || yy >= height || xx < 0 || xx >= width) continue;
        const q = yy * width + xx;
        if (state[q] === 1) {
          state[q] = 2;
          stack.push(q);
        }
      }
    }
  }
  const out = new Float64Array(height * width);
  for (let i = 0; i < out.length; i++) out[i] = state[i] === 2 ? 255 : 0;
  return out;
}

const SHIFT = 16;
const HV = Math.round(1 * 2 ** SHIFT);
const DIAG = Math.round(1.4 * 2 ** SHIFT);
const LONG = Math.round(2.1969 * 2 ** SHIFT);
const FAR = 2 ** 29;

/** OpenCV `distanceTransform(src, DIST_L2, 5)`: distance of every non-zero pixel to the nearest zero pixel. @internal */
export function distanceTransform5(src: Float64Array, height: number, width: number): Float64Array {
  const B = 2;
  const w2 = width + 2 * B;
  const t = new Float64Array((height + 2 * B) * w2).fill(FAR);
  const at = (y: number, x: number): number => t[(y + B) * w2 + x + B] as number;
  const forward: Array<[number, number, number]> = [
    [-2, -1, LONG], [-2, 1, LONG], [-1, -2, LONG], [-1, -1, DIAG], [-1, 0, HV], [-1, 1, DIAG], [-1, 2, LONG], [0, -1, HV],
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      if (src[y * width + x] !== 0) {
        v = FAR;
        for (const [dy, dx, w] of forward) v = Math.min(v, at(y + dy, x + dx) + w);
      }
      t[(y + B) * w2 + x + B] = v;
    }
  }
  const out = new Float64Array(height * width);
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      let v = at(y, x);
      if (v > HV) {
        for (const [dy, dx, w] of forward) v = Math.min(v, at(y - dy, x - dx) + w);
        t[(y + B) * w2 + x + B] = v;
      }
      out[y * width + x] = Math.fround(v * Math.fround(1 / 2 ** SHIFT));
    }
  }
  return out;
}

/** OpenCV `equalizeHist` of an 8-bit single-channel image. @internal */
export function equalizeHist(src: Float64Array): Float64Array {
  const hist = new Int32Array(256);
  for (const v of src) hist[v] = (hist[v] as number) + 1;
  let i = 0;
  while (i < 255 && hist[i] === 0) i++;
  const total = src.length;
  const out = new Float64Array(total);
  if (hist[i] === total) return out.fill(i);
  const scale = Math.fround(255 / (total - (hist[i] as number)));
  const lut = new Float64Array(256);
  let sum = 0;
  for (let j = i + 1; j < 256; j++) {
    sum += hist[j] as number;
    lut[j] = Math.min(255, Math.max(0, roundHalfEven(Math.fround(sum * scale))));
  }
  for (let k = 0; k < total; k++) out[k] = lut[src[k] as number] as number;
  return out;
}
