/**
 * Distillation losses: how far the student's softened prediction is from the teacher's.
 *
 * Each loss is a plain function `(teacherLogits [B,K], studentLogits [B,K], options) => Scalar`: it applies
 * the softmax at `options.temperature` inside, computes a per-sample value `d_b`, and reduces it as
 * `(1/B) Σ_b w_b d_b` (`w_b = 1` unless `options.sampleWeights` is given; `normalize: 'masked'` divides by
 * `Σ_b w_b` instead). Any user function of the same shape is accepted by `SelfTrainer.compile`.
 *
 * References: Hinton, Vinyals, Dean, "Distilling the Knowledge in a Neural Network" (arXiv:1503.02531);
 * Keras `KLDivergence`, `MeanSquaredError` (keras-team/keras `keras/src/losses/losses.py`); the keras-io
 * example `examples/vision/consistency_training.py`; Jensen–Shannon as in AugMix (arXiv:1912.02781).
 * Formulas and the worked test vector: `spec/self-training.md` §6.
 *
 * Deviation: Keras's `KLDivergence` clips both distributions to `[1e-7, 1]`; here that is `clip: 'keras'`
 * (the `SelfTrainer` default, for parity with the example), while the default of {@link klDivergence} is the
 * exact `Σ p (log p − log q)` from `logSoftmax`. The clip constant is the literal 1e-7, never tfjs-layers'
 * backend-dependent `epsilon()` (1e-4 on float16 WebGL).
 * Deviation: tfjs-layers' `kullbackLeiblerDivergence` multiplies by the unclipped `p`; it is not used.
 *
 * @module losses
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../errors';
import {check, checkNumber, checkOneOf, describeValue} from '../internal/assert';

/** The clip constant of Keras's probability losses (fixed; never the backend's `epsilon()`). */
const KERAS_EPSILON = 1e-7;

/** Options every distillation loss receives from the trainer. */
export interface DistillationLossOptions {
  /** Softmax temperature `T > 0` applied to both logits (the trainer passes its own). */
  readonly temperature: number;
  /** Optional per-sample weights `[B]` (e.g. a confidence mask of 0/1); default all ones. Not disposed. */
  readonly sampleWeights?: tf.Tensor1D;
  /** Divide the weighted sum by the batch size (`'batch'`, default, FixMatch) or by `Σ w_b` (`'masked'`). */
  readonly normalize?: 'batch' | 'masked';
}

/** Options of {@link klDivergence}. */
export interface KlDivergenceOptions extends DistillationLossOptions {
  /** `'none'` (default): exact `Σ p (log p − log q)`. `'keras'`: clip `p` and `q` to `[1e-7, 1]` first, as Keras. */
  readonly clip?: 'none' | 'keras';
  /** `'forward'` (default): `D(teacher ‖ student)`. `'reverse'`: `D(student ‖ teacher)` (mode-seeking). */
  readonly direction?: 'forward' | 'reverse';
}

/** Options of {@link meanSquaredError}. */
export interface MeanSquaredErrorOptions extends DistillationLossOptions {
  /** Compare softened probabilities (`'probs'`, default) or raw logits (`'logits'`; temperature ignored). */
  readonly target?: 'probs' | 'logits';
  /** Sum over classes (the Π-model / Mean Teacher squared norm) instead of the Keras mean; default false. */
  readonly sumOverClasses?: boolean;
}

/**
 * A distillation loss: teacher logits, student logits (both `[B,K]`) and options in, scalar out.
 * The trainer passes its `temperature` (and `sampleWeights` when a confidence mask is on).
 */
export type DistillationLoss = (
  teacherLogits: tf.Tensor2D, studentLogits: tf.Tensor2D, options: DistillationLossOptions) => tf.Scalar;

function checkInputs(name: string, t: tf.Tensor, s: tf.Tensor, options: DistillationLossOptions): void {
  check(typeof options === 'object' && options !== null, 'options', () =>
    `${name}: options must be an object with a temperature; got ${describeValue(options)}. Pass {temperature: 1} or the trainer's temperature.`);
  checkNumber(name, 'temperature', options.temperature, {min: 0, exclusiveMin: true});
  if (options.normalize !== undefined) checkOneOf(name, 'normalize', options.normalize, ['batch', 'masked'] as const);
  if (t.rank !== 2 || s.rank !== 2 || t.shape[0] !== s.shape[0] || t.shape[1] !== s.shape[1]) {
    throw new ShapeError(
      `${name}: teacher and student logits must both be [B,K] with equal shapes; got [${t.shape.join(',')}] and ` +
        `[${s.shape.join(',')}]. Feed the same batch to both models.`);
  }
  const w = options.sampleWeights;
  if (w !== undefined && (w.rank !== 1 || w.shape[0] !== t.shape[0])) {
    throw new ShapeError(`${name}: sampleWeights must be [${t.shape[0]}]; got [${w.shape.join(',')}]. Give one weight per example.`);
  }
}

/**
 * Reduces per-sample values `[B]` as every distillation loss does: `(Σ_b w_b d_b) / B`, or `/ Σ_b w_b` with
 * `normalize: 'masked'` (0 when every weight is 0). Use it in custom losses so that confidence masks work.
 * @param perSample Values `[B]`.
 * @param options `sampleWeights` and `normalize` are read; other fields are ignored.
 * @returns A scalar; the input is not disposed.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {reducePerSample, type DistillationLoss} from 'consistency-tfjs';
 * // A custom loss: squared distance of the top-1 teacher probability, reduced like the built-ins.
 * const topOne: DistillationLoss = (t, s, o) => tf.tidy(() => reducePerSample(
 *   tf.square(tf.sub(tf.max(tf.softmax(t), 1), tf.max(tf.softmax(s), 1))) as tf.Tensor1D, o));
 * ```
 */
export function reducePerSample(
  perSample: tf.Tensor1D, options: Pick<DistillationLossOptions, 'sampleWeights' | 'normalize'> = {},
): tf.Scalar {
  return tf.tidy(() => {
    const w = options.sampleWeights;
    if (w === undefined) return tf.mean(perSample) as tf.Scalar;
    const weighted = tf.sum(tf.mul(perSample, tf.cast(w, 'float32')));
    // Not tf.divNoNan: its Equal node would sit on the gradient path (Equal has no gradient in tfjs).
    if (options.normalize === 'masked') return tf.div(weighted, tf.maximum(tf.sum(tf.cast(w, 'float32')), 1e-30)) as tf.Scalar;
    return tf.div(weighted, perSample.shape[0]) as tf.Scalar;
  });
}

/** Softened log-probabilities `logSoftmax(z / T)`. */
function logSoft(z: tf.Tensor2D, temperature: number): tf.Tensor2D {
  return tf.logSoftmax(temperature === 1 ? z : tf.div(z, temperature)) as tf.Tensor2D;
}

/**
 * KL divergence between softened teacher and student predictions (forward `D(p ‖ q)` by default).
 *
 * Per sample `d_b = Σ_k p_k (log p_k − log q_k)`, `p = softmax(z_t/T)`, `q = softmax(z_s/T)`; its gradient
 * w.r.t. the student logits is `(q − p)/T`. With `clip: 'keras'` both distributions are clipped to
 * `[1e-7, 1]` and `d_b = Σ p̂ log(p̂/q̂)`, exactly Keras's `KLDivergence` (used by the keras-io example).
 * Multiply by `T²` (the trainer's `scaleByTSquared`) to keep gradient magnitudes independent of `T`.
 *
 * @param teacherLogits `[B,K]` teacher logits (treated as constants only if the caller computed them outside
 *   the gradient; the trainer does).
 * @param studentLogits `[B,K]` student logits.
 * @param options {@link KlDivergenceOptions}; `temperature` > 0 is required.
 * @returns Scalar batch mean (weighted by `sampleWeights` when given).
 * @throws {@link InvalidArgumentError} for a bad temperature or enum; {@link ShapeError} for mismatched shapes.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {klDivergence} from 'consistency-tfjs';
 * const zt = tf.tensor2d([[2, 1, 0], [0, 0, 3]]);
 * const zs = tf.tensor2d([[0.5, 0.2, -0.3], [1, -1, 0]]);
 * klDivergence(zt, zs, {temperature: 2}).print(); // ≈ 0.188745
 * ```
 */
export function klDivergence(teacherLogits: tf.Tensor2D, studentLogits: tf.Tensor2D, options: KlDivergenceOptions): tf.Scalar {
  checkInputs('klDivergence', teacherLogits, studentLogits, options);
  const clip = options.clip === undefined ? 'none' : checkOneOf('klDivergence', 'clip', options.clip, ['none', 'keras'] as const);
  const direction = options.direction === undefined
    ? 'forward' : checkOneOf('klDivergence', 'direction', options.direction, ['forward', 'reverse'] as const);
  return tf.tidy(() => {
    const T = options.temperature;
    const [from, to] = direction === 'forward' ? [teacherLogits, studentLogits] : [studentLogits, teacherLogits];
    let perSample: tf.Tensor1D;
    if (clip === 'keras') {
      const p = tf.clipByValue(tf.softmax(tf.div(from, T)), KERAS_EPSILON, 1);
      const q = tf.clipByValue(tf.softmax(tf.div(to, T)), KERAS_EPSILON, 1);
      perSample = tf.sum(tf.mul(p, tf.log(tf.div(p, q))), 1) as tf.Tensor1D;
    } else {
      const logp = logSoft(from, T);
      const logq = logSoft(to, T);
      perSample = tf.sum(tf.mul(tf.exp(logp), tf.sub(logp, logq)), 1) as tf.Tensor1D;
    }
    return reducePerSample(perSample, options);
  });
}

/**
 * Soft-target cross-entropy `−Σ_k p_k log q_k` (Noisy Student's soft pseudo-label loss, usually at T = 1).
 *
 * Equals {@link klDivergence} plus the teacher entropy `H(p)`: same student gradient, value offset.
 *
 * @param teacherLogits `[B,K]` teacher logits.
 * @param studentLogits `[B,K]` student logits.
 * @param options `temperature` > 0, optional `sampleWeights` / `normalize`.
 * @returns Scalar batch mean.
 * @throws {@link InvalidArgumentError} for a bad temperature; {@link ShapeError} for mismatched shapes.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {softCrossEntropy} from 'consistency-tfjs';
 * const zt = tf.tensor2d([[2, 1, 0], [0, 0, 3]]);
 * const zs = tf.tensor2d([[0.5, 0.2, -0.3], [1, -1, 0]]);
 * softCrossEntropy(zt, zs, {temperature: 2}).print(); // ≈ 1.114752
 * ```
 */
export function softCrossEntropy(teacherLogits: tf.Tensor2D, studentLogits: tf.Tensor2D, options: DistillationLossOptions): tf.Scalar {
  checkInputs('softCrossEntropy', teacherLogits, studentLogits, options);
  return tf.tidy(() => {
    const p = tf.softmax(tf.div(teacherLogits, options.temperature));
    const logq = logSoft(studentLogits, options.temperature);
    return reducePerSample(tf.neg(tf.sum(tf.mul(p, logq), 1)) as tf.Tensor1D, options);
  });
}

/**
 * Mean squared error between softened probabilities (default) or raw logits.
 *
 * Per sample `(1/K) Σ_k (p_k − q_k)²` (Keras MSE convention); `sumOverClasses: true` drops the `1/K` (the
 * squared norm of the Π-model / Mean Teacher papers); `target: 'logits'` compares `z_t` and `z_s` directly
 * (logit matching; temperature ignored). Bounded gradient, robust to a wrong teacher; usually T = 1.
 *
 * @param teacherLogits `[B,K]` teacher logits.
 * @param studentLogits `[B,K]` student logits.
 * @param options {@link MeanSquaredErrorOptions}.
 * @returns Scalar batch mean.
 * @throws {@link InvalidArgumentError} for a bad temperature or enum; {@link ShapeError} for mismatched shapes.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {meanSquaredError} from 'consistency-tfjs';
 * const zt = tf.tensor2d([[2, 1, 0], [0, 0, 3]]);
 * const zs = tf.tensor2d([[0.5, 0.2, -0.3], [1, -1, 0]]);
 * meanSquaredError(zt, zs, {temperature: 2}).print(); // ≈ 0.048728
 * ```
 */
export function meanSquaredError(teacherLogits: tf.Tensor2D, studentLogits: tf.Tensor2D, options: MeanSquaredErrorOptions): tf.Scalar {
  checkInputs('meanSquaredError', teacherLogits, studentLogits, options);
  const target = options.target === undefined
    ? 'probs' : checkOneOf('meanSquaredError', 'target', options.target, ['probs', 'logits'] as const);
  return tf.tidy(() => {
    const T = options.temperature;
    const [a, b] = target === 'logits'
      ? [teacherLogits, studentLogits]
      : [tf.softmax(tf.div(teacherLogits, T)), tf.softmax(tf.div(studentLogits, T))];
    const sq = tf.square(tf.sub(a, b));
    const perSample = (options.sumOverClasses ? tf.sum(sq, 1) : tf.mean(sq, 1)) as tf.Tensor1D;
    return reducePerSample(perSample, options);
  });
}

/**
 * Jensen–Shannon divergence `½ KL(p ‖ m) + ½ KL(q ‖ m)`, `m = (p + q)/2`: symmetric, bounded by ln 2.
 *
 * `log m` is computed as a log-sum-exp of `log p` and `log q`, so it stays finite where both probabilities
 * underflow; the gradient flows through `q` and `m`.
 *
 * @param teacherLogits `[B,K]` teacher logits.
 * @param studentLogits `[B,K]` student logits.
 * @param options `temperature` > 0, optional `sampleWeights` / `normalize`.
 * @returns Scalar batch mean.
 * @throws {@link InvalidArgumentError} for a bad temperature; {@link ShapeError} for mismatched shapes.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {jensenShannon} from 'consistency-tfjs';
 * const zt = tf.tensor2d([[2, 1, 0], [0, 0, 3]]);
 * const zs = tf.tensor2d([[0.5, 0.2, -0.3], [1, -1, 0]]);
 * jensenShannon(zt, zs, {temperature: 2}).print(); // ≈ 0.047720
 * ```
 */
export function jensenShannon(teacherLogits: tf.Tensor2D, studentLogits: tf.Tensor2D, options: DistillationLossOptions): tf.Scalar {
  checkInputs('jensenShannon', teacherLogits, studentLogits, options);
  return tf.tidy(() => {
    const logp = logSoft(teacherLogits, options.temperature);
    const logq = logSoft(studentLogits, options.temperature);
    const hi = tf.maximum(logp, logq);
    const logm = tf.sub(tf.add(hi, tf.log(tf.add(tf.exp(tf.sub(logp, hi)), tf.exp(tf.sub(logq, hi))))), Math.LN2);
    const klP = tf.sum(tf.mul(tf.exp(logp), tf.sub(logp, logm)), 1);
    const klQ = tf.sum(tf.mul(tf.exp(logq), tf.sub(logq, logm)), 1);
    return reducePerSample(tf.mul(tf.add(klP, klQ), 0.5) as tf.Tensor1D, options);
  });
}
