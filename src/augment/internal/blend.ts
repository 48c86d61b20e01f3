/**
 * The reference's `blend(image1, image2, factor)` in float32: `t = D + f32(F * (X - D))` with one rounding
 * per operation (subtraction first, then product, then sum), then `trunc(clamp(t, 0, 255))`.
 *
 * Spec `randaugment.md` §5.1 and correction 1: this form (not `(1 - F)·D + F·X`, not float64) is what
 * matches the reference bit for bit. tfjs float32 tensor ops round each operation, which is exactly that.
 * Faster exact forms are used where they provably give the same bytes: `f32(F·(X − D))` as one fused
 * affine pass (X − D is exact), and for a constant D the whole blend as one pass when a host check of
 * all 256 input values shows that a single rounding yields the same table (about 3 in 4 (D, F) pairs).
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {affine} from './affine';

const f32 = Math.fround;
const singleRounding = new Map<string, boolean>();

/**
 * Whether `trunc(clamp(f32(d + (x − d)·F)))` (one rounding, what the CPU backend's fused affine computes)
 * equals the reference's `trunc(clamp(f32(d + f32(F·(x − d)))))` for every x in 0..255. Checked once per (d, F).
 */
function singleRoundingIsExact(d: number, f: number): boolean {
  const key = `${d}/${f}`;
  let ok = singleRounding.get(key);
  if (ok === undefined) {
    const q = (t: number) => Math.trunc(Math.min(255, Math.max(0, t)));
    ok = true;
    for (let x = 0; x < 256 && ok; x++) ok = q(f32(d + (x - d) * f)) === q(f32(d + f32(f * (x - d))));
    if (singleRounding.size > 1024) singleRounding.clear();
    singleRounding.set(key, ok);
  }
  return ok;
}

/**
 * Blends degenerate image `d` (a tensor shaped like `x`, or a constant) with `x` by `factor`.
 * `factor` is compared with 0 and 1 before it is rounded to float32, as the reference does.
 * Must run inside `tf.tidy`. @internal
 */
export function blend(d: tf.Tensor4D | number, x: tf.Tensor4D, factor: number): tf.Tensor4D {
  if (factor === 0) return typeof d === 'number' ? tf.fill(x.shape, d) as tf.Tensor4D : tf.clone(d);
  if (factor === 1) return tf.clone(x);
  const f = Math.fround(factor);
  let t: tf.Tensor4D;
  if (d === 0) {
    t = tf.mul(x, f); // 0 + f32(F * (X - 0)) is exactly f32(F * X)
  } else if (typeof d === 'number') {
    // A constant degenerate makes the blend a fixed table: fuse it into one pass when that is exact.
    t = singleRoundingIsExact(d, f) ? affine(x, {mean: d, scale: f, offset: d}) : tf.add(tf.mul(tf.sub(x, d), f), d) as tf.Tensor4D;
  } else {
    // f32(F * (X - D)) in one pass (X - D is exact), then D + scaled with one float32 rounding (addN: one
    // tight loop on cpu, where a binary add pays per-element index arithmetic).
    t = tf.addN([d, affine(x, {mean: d, scale: f})]);
  }
  if (factor > 0 && factor < 1) return tf.floor(t); // interpolation stays inside [0, 255]
  return tf.floor(tf.clipByValue(t, 0, 255));
}
