/**
 * Host-side source-index maps of the geometric ops, computed with float32 emulation (`Math.fround`
 * after every operation) so that they reproduce TF's `ImageProjectiveTransformV3` kernel (TF >= 2.4, as
 * called by the reference through the Keras `transform` helper with nearest interpolation).
 *
 * Spec `randaugment.md` §5.3: an output pixel (x, y) samples input location
 * `xs = f32(f32(f32(a0·x) + f32(a1·y)) + a2)`, `ys = f32(f32(f32(b0·x) + f32(b1·y)) + b2)`; the coordinate
 * is reflected (half-sample symmetric, period 2L) and clamped as a float, then rounded half away from zero.
 * The reflection below is the kernel's own branch form in float32 (`tensorflow/core/kernels/image/image_ops.h`,
 * `MapCoordinate<FILL_REFLECT>`), which the spec's closed form matches.
 * @internal
 * @module
 */
import type {FillMode} from '../types';

const f32 = Math.fround;

/** Float32 projective coefficients `[a0, a1, a2, b0, b1, b2]` (c0 = c1 = 0). @internal */
export type Affine = readonly [number, number, number, number, number, number];

/** Spec §6.4: rotation by `degrees` about the pixel-grid centre; positive turns content counter-clockwise. @internal */
export function rotationAffine(degrees: number, height: number, width: number): Affine {
  const theta = f32(f32(degrees) * f32(Math.PI / 180));
  const c = f32(Math.cos(theta));
  const s = f32(Math.sin(theta));
  const w1 = width - 1;
  const h1 = height - 1;
  const xOff = f32(f32(w1 - f32(f32(c * w1) - f32(s * h1))) / 2);
  const yOff = f32(f32(h1 - f32(f32(s * w1) + f32(c * h1))) / 2);
  return [c, f32(-s), xOff, s, c, yOff];
}

/** Spec §6.11: `xs = x + level·y` (anchored at row 0). @internal */
export function shearXAffine(level: number): Affine {
  return [1, f32(level), 0, 0, 1, 0];
}

/** Spec §6.12: `ys = y + level·x` (anchored at column 0). @internal */
export function shearYAffine(level: number): Affine {
  return [1, 0, 0, f32(level), 1, 0];
}

/** Spec §6.13: `xs = x + pixels`; positive moves the content left. @internal */
export function translateXAffine(pixels: number): Affine {
  return [1, 0, f32(pixels), 0, 1, 0];
}

/** Spec §6.14: `ys = y + pixels`; positive moves the content up. @internal */
export function translateYAffine(pixels: number): Affine {
  return [1, 0, 0, 0, 1, f32(pixels)];
}

/** The kernel's reflect mapping of one float32 coordinate into [0, len - 1]. @internal */
export function reflectCoordinate(v: number, len: number): number {
  let c = v;
  if (c < 0) {
    if (len <= 1) {
      c = 0;
    } else {
      const sz2 = 2 * len;
      if (c < sz2) c = f32(sz2 * Math.trunc(f32(-c / sz2)) + c);
      c = c < -len ? f32(c + sz2) : f32(-c - 1);
    }
  } else if (c > len - 1) {
    if (len <= 1) {
      c = 0;
    } else {
      const sz2 = 2 * len;
      c = f32(c - sz2 * Math.trunc(f32(c / sz2)));
      if (c >= len) c = f32(f32(sz2 - c) - 1);
    }
  }
  return Math.min(Math.max(c, 0), len - 1);
}

/**
 * For each output pixel `y·W + x`, the flat index `row·W + col` of the input pixel it copies, or -1 when
 * the pixel is filled (only in `'constant'` mode: a sample outside [0, W-1] × [0, H-1] before rounding).
 * @internal
 */
export function sourceMap(a: Affine, height: number, width: number, mode: FillMode): Int32Array {
  const [a0, a1, a2, b0, b1, b2] = a;
  const out = new Int32Array(height * width);
  let k = 0;
  for (let y = 0; y < height; y++) {
    const a1y = f32(a1 * y);
    const b1y = f32(b1 * y);
    for (let x = 0; x < width; x++, k++) {
      let xs = f32(f32(f32(a0 * x) + a1y) + a2);
      let ys = f32(f32(f32(b0 * x) + b1y) + b2);
      if (mode === 'reflect') {
        xs = reflectCoordinate(xs, width);
        ys = reflectCoordinate(ys, height);
      } else if (xs < 0 || xs > width - 1 || ys < 0 || ys > height - 1) {
        out[k] = -1;
        continue;
      }
      // Coordinates are >= 0 here, so Math.round is round-half-away-from-zero (std::round).
      out[k] = Math.round(ys) * width + Math.round(xs);
    }
  }
  return out;
}
