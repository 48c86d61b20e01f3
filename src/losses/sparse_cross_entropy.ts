/**
 * Supervised loss of the training loops: sparse categorical cross-entropy from logits.
 *
 * Matches Keras `SparseCategoricalCrossentropy(from_logits=True)` with the default "sum over batch size"
 * reduction: per sample `ℓ_b = −log softmax(z_b)[y_b]`, computed with an exact `logSoftmax` (no clipping),
 * reduced as `(Σ_b w_b ℓ_b) / B`.
 *
 * Deviation: tfjs-layers' `sparseCategoricalCrossentropy(…, fromLogits)` clips the *logits* to `[ε, 1 − ε]`
 * before the softmax (see `spec/self-training.md` §5); this function does not use it.
 *
 * @module losses
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../errors';

/** A supervised loss: integer labels `[B]` or `[B,1]` and logits `[B,K]` in, scalar batch mean out. */
export type SupervisedLoss = (labels: tf.Tensor1D | tf.Tensor2D, logits: tf.Tensor2D) => tf.Scalar;

/**
 * Labels `[B]` or `[B,1]` (int32 or integer-valued float) as an int32 `[B]` tensor.
 * @internal
 */
export function labelsToIndices(labels: tf.Tensor, batchSize: number, component: string): tf.Tensor1D {
  const shape = labels.shape;
  const ok = (shape.length === 1 && shape[0] === batchSize) ||
    (shape.length === 2 && shape[0] === batchSize && shape[1] === 1);
  if (!ok) {
    throw new ShapeError(
      `${component}: labels must have shape [${batchSize}] or [${batchSize},1] to match ${batchSize} logits; ` +
        `got [${shape.join(',')}]. Pass one integer class index per example.`);
  }
  return tf.tidy(() => {
    const flat = tf.reshape(labels, [batchSize]) as tf.Tensor1D;
    // Float-coded labels are rounded, not truncated, so 2.9999999 stays class 3.
    return labels.dtype === 'int32' ? flat : tf.cast(tf.round(flat), 'int32') as tf.Tensor1D;
  });
}

/**
 * Per-sample sparse cross-entropy from logits, `[B]`.
 * @internal
 */
export function sparseCrossEntropyPerSample(labels: tf.Tensor1D | tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  if (logits.rank !== 2) {
    throw new ShapeError(`sparseSoftmaxCrossEntropy: logits must be rank 2 [B,K]; got shape [${logits.shape.join(',')}].`);
  }
  const [batch, classes] = logits.shape;
  return tf.tidy(() => {
    const idx = labelsToIndices(labels, batch, 'sparseSoftmaxCrossEntropy');
    const logp = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.mul(tf.oneHot(idx, classes), logp), 1)) as tf.Tensor1D;
  });
}

/**
 * Sparse categorical cross-entropy from logits, mean over the batch (Keras `from_logits=True`).
 *
 * @param labels Integer class indices `[B]` or `[B,1]` (int32, or float32 holding integers).
 * @param logits Unnormalised scores `[B,K]`.
 * @returns Scalar `(1/B) Σ_b −log softmax(logits_b)[labels_b]`. A label outside `0..K−1` contributes 0
 *   (as `tf.oneHot` does); the trainers do not check label ranges per batch.
 * @throws {@link ShapeError} when `logits` is not rank 2 or the labels do not match the batch size.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {sparseSoftmaxCrossEntropy} from 'consistency-tfjs';
 * const loss = sparseSoftmaxCrossEntropy(tf.tensor1d([0, 2], 'int32'), tf.tensor2d([[2, 1, 0], [0, 0, 3]]));
 * loss.print(); // ≈ 0.2831
 * ```
 */
export function sparseSoftmaxCrossEntropy(labels: tf.Tensor1D | tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(sparseCrossEntropyPerSample(labels, logits)) as tf.Scalar);
}
