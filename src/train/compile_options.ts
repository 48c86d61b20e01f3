/**
 * What the trainers' `compile` accepts: optimizers, supervised losses and metrics, and their validation.
 *
 * @module train
 */
import * as tf from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../errors';
import {check, describeValue} from '../internal/assert';
import {sparseSoftmaxCrossEntropy, type SupervisedLoss} from '../losses/sparse_cross_entropy';

/** A metric on the trained model's softmax output: labels `[B]` int32 and probabilities `[B,K]` → batch mean. */
export interface TrainerMetric {
  /** Log key (validation adds `val_`). */
  readonly name: string;
  /** Batch mean of the metric; the trainers weight it by the batch size. */
  readonly fn: (labels: tf.Tensor1D, probabilities: tf.Tensor2D) => tf.Scalar;
}

/** Metrics accepted by `compile`: accuracy is always logged; `'accuracy'`/`'acc'` are accepted for Keras parity. */
export type MetricSpec = 'accuracy' | 'acc' | TrainerMetric;

/** Options of `evaluate`. */
export interface EvaluateArgs {
  /** Abort evaluation after this many batches; default: the whole pass. */
  steps?: number;
}

/** A function making the noisy/augmented view of a batch of images `[B,H,W,C]`; the trainer disposes its result. */
export type AugmentFn = (images: tf.Tensor4D) => tf.Tensor4D | Promise<tf.Tensor4D>;

/** Named results of `evaluate`: `loss` (supervised cross-entropy), `accuracy`, and any custom metric. */
export type EvaluateResult = {loss: number; accuracy: number} & Record<string, number>;

/** @internal */
export function isLayersModel(m: unknown): m is LayersModel {
  return typeof m === 'object' && m !== null && typeof (m as LayersModel).apply === 'function' &&
    Array.isArray((m as LayersModel).trainableWeights) && typeof (m as LayersModel).getWeights === 'function';
}

/** @internal */
export function resolveOptimizer(component: string, optimizer: unknown): {optimizer: tf.Optimizer; owned: boolean} {
  if (optimizer === 'adam') return {optimizer: tf.train.adam(1e-3), owned: true};
  if (optimizer === 'sgd') return {optimizer: tf.train.sgd(0.01), owned: true};
  check(typeof optimizer === 'object' && optimizer !== null &&
    typeof (optimizer as tf.Optimizer).applyGradients === 'function', 'optimizer',
  () => `${component}: \`optimizer\` must be a tf.Optimizer (e.g. tf.train.adam(1e-3)) or 'adam' | 'sgd'; got ${describeValue(optimizer)}.`);
  return {optimizer: optimizer as tf.Optimizer, owned: false};
}

/** @internal */
export function resolveMetrics(component: string, metrics: unknown): TrainerMetric[] {
  if (metrics === undefined) return [];
  check(Array.isArray(metrics), 'metrics', () => `${component}: \`metrics\` must be an array; got ${describeValue(metrics)}.`);
  const out: TrainerMetric[] = [];
  for (const m of metrics as unknown[]) {
    if (m === 'accuracy' || m === 'acc') continue;
    check(typeof m === 'object' && m !== null && typeof (m as TrainerMetric).name === 'string' &&
      typeof (m as TrainerMetric).fn === 'function', 'metrics',
    () => `${component}: a metric must be 'accuracy' or {name, fn}; got ${describeValue(m)}.`);
    const name = (m as TrainerMetric).name;
    check(!['loss', 'accuracy', 'acc', 'student_loss', 'distillation_loss'].includes(name) && !out.some((o) => o.name === name),
      'metrics', () => `${component}: metric name '${name}' is reserved or repeated. Pick another name.`);
    out.push(m as TrainerMetric);
  }
  return out;
}

/** @internal */
export function resolveSupervisedLoss(component: string, argument: string, loss: unknown): SupervisedLoss {
  if (loss === undefined || loss === 'sparseCategoricalCrossentropy' || loss === 'sparseCeLogits') return sparseSoftmaxCrossEntropy;
  if (typeof loss === 'function') return loss as SupervisedLoss;
  throw new InvalidArgumentError(
    `${component}: unknown \`${argument}\` ${describeValue(loss)}. Valid values: 'sparseCategoricalCrossentropy' ` +
      "(from logits), or a function (labels, logits) => Scalar.", {argument});
}
