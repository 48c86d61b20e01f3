/**
 * The reference's `blend(image1, image2, factor)` in float32: `t = D + f32(F * (X - D))` with one rounding
 * per operation (subtraction first, then product, then sum), then `trunc(clamp(t, 0, 255))`.
 *
 * Spec `randaugment.md` §5.1 and correction 1: this form (not `(1 - F)·D + F·X`, not float64) is what
 * matches the reference bit for bit. tfjs float32 tensor ops round each operation, which is exactly that.
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

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
  } else {
    const scaled = tf.mul(tf.sub(x, d), f);
    // D + scaled with one float32 rounding; addN avoids the per-element index arithmetic of binary ops on cpu.
    t = (typeof d === 'number' ? tf.add(scaled, d) : tf.addN([d, scaled])) as tf.Tensor4D;
  }
  if (factor > 0 && factor < 1) return tf.floor(t); // interpolation stays inside [0, 255]
  return tf.floor(tf.clipByValue(t, 0, 255));
}
