/**
 * SupervisedTrainer: the same loop, callbacks and logs as `SelfTrainer`, for one model trained on labels
 * (the teacher of the consistency-training example).
 *
 * Reference: Keras `Model.fit` with `SparseCategoricalCrossentropy(from_logits=True)` and `["accuracy"]`, as the
 * keras-io example compiles its teacher; `spec/self-training.md` §3.
 *
 * Deviation: the loss is the exact log-softmax cross-entropy (tfjs-layers' `fromLogits` clips the logits).
 * Deviation: logs use `accuracy` plus the tfjs alias `acc` (and `val_accuracy` / `val_acc`).
 *
 * @module train
 */
import * as tf from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import {ShapeError} from '../errors';
import {disposeBatch, type BatchSource, type ImageBatch, type ViewBatch} from '../data/batch_source';
import {check, describeValue} from '../internal/assert';
import type {SupervisedLoss} from '../losses/sparse_cross_entropy';
import {checkFitArgs, runFitLoop, type FitArgs} from './fit_loop';
import type {History} from './history';
import {TrainerBase} from './trainer_base';
import {
  isLayersModel, resolveMetrics, resolveSupervisedLoss, type AugmentFn, type EvaluateArgs, type EvaluateResult,
  type MetricSpec,
} from './compile_options';

/** `compile` arguments of {@link SupervisedTrainer}. */
export interface SupervisedTrainerCompileArgs {
  /** A tfjs optimizer (the caller owns it) or `'adam'` (lr 1e-3) / `'sgd'` (lr 0.01), owned by the trainer. */
  optimizer: tf.Optimizer | 'adam' | 'sgd';
  /** Loss on the logits; default sparse categorical cross-entropy from logits. */
  loss?: 'sparseCategoricalCrossentropy' | SupervisedLoss;
  /** Extra metrics on the softmax; accuracy is always logged. */
  metrics?: readonly MetricSpec[];
}

/** `fit` arguments of {@link SupervisedTrainer}. */
export interface SupervisedTrainerFitArgs extends FitArgs<ImageBatch | ViewBatch> {
  /** Optional augmentation applied to every training batch's images (the result is disposed by the trainer). */
  augment?: AugmentFn;
}

/**
 * Trains one classifier (logits output) on `{image, label}` batches with the library's loop: same callbacks,
 * `History`, finite-loss check and named `evaluate` results as {@link SelfTrainer}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {SupervisedTrainer, ReduceLROnPlateau} from 'consistency-tfjs';
 * const model = tfl.sequential({layers: [tfl.layers.flatten({inputShape: [4, 4, 3]}), tfl.layers.dense({units: 10})]});
 * const trainer = new SupervisedTrainer({model});
 * trainer.compile({optimizer: tf.train.adam(1e-3)});
 * const batches = () => [0, 1].map(() => ({
 *   image: tf.randomUniform([8, 4, 4, 3], 0, 255) as tf.Tensor4D,
 *   label: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
 * }));
 * await trainer.fit(batches, {epochs: 3, verbose: 0, callbacks: [new ReduceLROnPlateau({monitor: 'loss', patience: 1})]});
 * const {loss, accuracy} = await trainer.evaluate(batches);
 * console.log(loss, accuracy);
 * ```
 */
export class SupervisedTrainer extends TrainerBase {
  /** The trained model. */
  readonly model: LayersModel;
  protected readonly component = 'SupervisedTrainer';

  /**
   * @param args `{model}`: a LayersModel producing logits `[B,K]`.
   * @throws {@link InvalidArgumentError} when `model` is not a LayersModel.
   */
  constructor(args: {model: LayersModel}) {
    super();
    check(typeof args === 'object' && args !== null && isLayersModel(args.model), 'model',
      () => `SupervisedTrainer: \`model\` must be a tfjs-layers LayersModel; got ${describeValue(args?.model)}.`);
    this.model = args.model;
  }

  /** The trained model. */
  get trainedModel(): LayersModel {
    return this.model;
  }

  /**
   * Sets the optimizer, loss and metrics; can be called again between `fit` calls.
   * @param args {@link SupervisedTrainerCompileArgs}.
   * @throws {@link InvalidArgumentError} for an unknown loss name or a bad optimizer.
   */
  compile(args: SupervisedTrainerCompileArgs): void {
    check(typeof args === 'object' && args !== null, 'args', () => `SupervisedTrainer.compile: pass {optimizer, …}; got ${describeValue(args)}.`);
    const loss = resolveSupervisedLoss('SupervisedTrainer', 'loss', args.loss);
    const metrics = resolveMetrics('SupervisedTrainer', args.metrics);
    this.setOptimizer(args.optimizer);
    this.supervisedLoss = loss;
    this.metrics = metrics;
  }

  /**
   * Trains the model for `epochs − initialEpoch` epochs.
   * @param data `{image, label}` batches (labels `[B]` or `[B,1]`), disposed by the trainer.
   * @param args {@link SupervisedTrainerFitArgs}.
   * @returns The {@link History}: `loss`, `accuracy`, `acc`, and with validation `val_loss`, `val_accuracy`, `val_acc`.
   * @throws {@link ShapeError} for bad batch or label shapes (before the step); {@link NonFiniteLossError} on NaN/Inf.
   */
  async fit(data: BatchSource<ImageBatch>, args: SupervisedTrainerFitArgs): Promise<History> {
    checkFitArgs('SupervisedTrainer', args);
    void this.optimizer;
    if (args.augment !== undefined) {
      check(typeof args.augment === 'function', 'augment', () => `SupervisedTrainer: \`augment\` must be a function; got ${describeValue(args.augment)}.`);
    }
    return runFitLoop<ImageBatch, ImageBatch | ViewBatch>({
      component: 'SupervisedTrainer',
      model: this.model,
      port: this.port,
      stopRequested: () => this.stopRequested(),
      clearStop: () => this.clearStop(),
      validate: (v) => this.evaluateModel(v),
      discard: (batch) => { if (batch) disposeBatch(batch); },
      trainBatch: async (batch, epoch, index) => {
        let augmented: tf.Tensor4D | undefined;
        let labels: tf.Tensor1D | undefined;
        try {
          const x = batch?.image;
          if (x == null || x.rank !== 4) {
            throw new ShapeError(`SupervisedTrainer: a batch needs \`image\` [B,H,W,C]; got ${x == null ? 'none' : `shape [${x.shape.join(',')}]`}. Yield {image, label}.`);
          }
          const b = x.shape[0];
          labels = this.labelsOf(batch.label, b, 'a training batch');
          const input = args.augment ? await args.augment(x) : x;
          if (input !== x) augmented = input;
          if (input.rank !== 4 || input.shape[0] !== b) {
            throw new ShapeError(`SupervisedTrainer: \`augment\` must keep the batch [${b},H,W,C]; got [${input.shape.join(',')}].`);
          }
          const l = labels;
          const host = await this.optimizerStep(epoch, index, () => {
            const logits = this.model.apply(input, {training: true}) as tf.Tensor2D;
            const loss = this.supervisedLoss(l, logits);
            const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), l), 'float32')) as tf.Scalar;
            const probs = this.metrics.length ? tf.softmax(logits) as tf.Tensor2D : undefined;
            return {total: loss, aux: [acc, ...this.metrics.map((m) => m.fn(l, probs!))]};
          });
          const values: Record<string, number> = {loss: host[0] as number, accuracy: host[1] as number};
          this.metrics.forEach((m, i) => { values[m.name] = host[2 + i] as number; });
          return {size: b, values};
        } finally {
          labels?.dispose();
          augmented?.dispose();
          if (batch) disposeBatch(batch);
        }
      },
    }, data, args);
  }

  /**
   * Evaluates the model in inference mode.
   * @param data `{image, label}` batches, disposed by the trainer.
   * @param args {@link EvaluateArgs}.
   * @returns `{loss, accuracy}` over all samples, plus custom metrics.
   * @throws {@link ShapeError} for batches without images or labels.
   */
  async evaluate(data: BatchSource<ImageBatch | ViewBatch>, args?: EvaluateArgs): Promise<EvaluateResult> {
    void this.optimizer;
    return this.evaluateModel(data, args);
  }
}
