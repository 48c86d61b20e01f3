/**
 * The plasma fractal (diamond-square height map) of the CIFAR-10-C fog corruption.
 *
 * Follows the description in spec/datasets.md §6.2 (from `make_cifar_c.py`, itself a modification of
 * FLHerne/mapgen `diamondsquare.py`): a `size × size` toroidal grid, corner value 0, step = size, wibble = 100;
 * while step >= 2, a square step (centre = mean of its 4 corners + wibble·U(−wibble, wibble)) then a diamond
 * step (edge midpoints = mean of their 4 toroidal diamond neighbours + the same kind of noise), then
 * step /= 2 and wibble /= decay; finally shifted to min 0 and divided by the max. Noise is drawn in NumPy's
 * C order, one array per step, so the structure (not the values) matches the reference.
 * @internal
 * @module
 */
import type {Rng} from '../../random/rng';

/** Smallest power of two >= n (and >= 2). @internal */
export function nextPowerOfTwo(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

/**
 * A `size × size` plasma fractal in [0, 1], row-major.
 * @param size A power of two >= 2.
 * @param decay The wibble decay (`wibbledecay` of the reference, > 0).
 * @internal
 */
export function plasmaFractal(rng: Rng, size: number, decay: number): Float64Array {
  const map = new Float64Array(size * size);
  let step = size;
  let wibble = 100;
  const at = (y: number, x: number): number => map[y * size + x] as number;
  const noisyMean = (sum: number): number => sum / 4 + wibble * rng.uniform(-wibble, wibble);
  while (step >= 2) {
    const half = step / 2;
    const g = size / step;
    // Square step: centre of each square = its four corners (toroidal) / 4 + noise.
    const centres = new Float64Array(g * g);
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < g; j++) {
        const i1 = (i + 1) % g;
        const j1 = (j + 1) % g;
        const sum = at(i * step, j * step) + at(i1 * step, j * step) + at(i * step, j1 * step) + at(i1 * step, j1 * step);
        centres[i * g + j] = noisyMean(sum);
      }
    }
    for (let i = 0; i < g; i++) for (let j = 0; j < g; j++) map[(i * step + half) * size + j * step + half] = centres[i * g + j] as number;
    // Diamond step, top edge midpoints (row i·step, column j·step + half): the centres below and above
    // (wrapping) and the corners left and right.
    const top = new Float64Array(g * g);
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < g; j++) {
        const im = (i - 1 + g) % g;
        const j1 = (j + 1) % g;
        const sum = at(i * step + half, j * step + half) + at(im * step + half, j * step + half) +
          at(i * step, j * step) + at(i * step, j1 * step);
        top[i * g + j] = noisyMean(sum);
      }
    }
    // Left edge midpoints (row i·step + half, column j·step): the centres right and left (wrapping) and
    // the corners above and below. Computed before `top` is written, as the reference does.
    const left = new Float64Array(g * g);
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < g; j++) {
        const jm = (j - 1 + g) % g;
        const i1 = (i + 1) % g;
        const sum = at(i * step + half, j * step + half) + at(i * step + half, jm * step + half) +
          at(i * step, j * step) + at(i1 * step, j * step);
        left[i * g + j] = noisyMean(sum);
      }
    }
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < g; j++) {
        map[i * step * size + j * step + half] = top[i * g + j] as number;
        map[(i * step + half) * size + j * step] = left[i * g + j] as number;
      }
    }
    step = half;
    wibble /= decay;
  }
  let min = Infinity;
  for (const v of map) if (v < min) min = v;
  let max = -Infinity;
  for (let i = 0; i < map.length; i++) {
    const v = (map[i] as number) - min;
    map[i] = v;
    if (v > max) max = v;
  }
  if (max > 0) for (let i = 0; i < map.length; i++) map[i] = (map[i] as number) / max;
  return map;
}
