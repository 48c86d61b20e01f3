/**
 * What `SelfTrainer` and `SupervisedTrainer` share: the optimizer step (gradients to the trained model's
 * trainable variables only, NaN/Inf check before the update), metrics, `evaluate`, `predict` and the training
 * port callbacks act through.
 *
 * Reference: Keras `Model.train_step` / `test_step` and tfjs `Optimizer.minimize` (one `variableGrads` +
 * `applyGradients` per step). Loss and metric semantics: `spec/self-training.md` §2, §3, §5.
 *
 * Deviation: the loss is read on the host once per batch (one `await data()` of a packed vector of the batch
 * values) so that a non-finite loss is caught before the update is applied; tfjs `model.fit` also resolves its
 * batch logs every batch.
 *
 * @module train
 */
import * as tf from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import {InvalidArgumentError, NonFiniteLossError, ShapeError} from '../errors';
import {iterateBatches, disposeBatch, type BatchSource, type ImageBatch, type ViewBatch} from '../data/batch_source';
import {resolveOptimizer, type EvaluateArgs, type EvaluateResult, type TrainerMetric} from './compile_options';
import {checkNumber} from '../internal/assert';
import {labelsToIndices, sparseSoftmaxCrossEntropy, type SupervisedLoss} from '../losses/sparse_cross_entropy';
import {getLearningRate, setLearningRate} from '../optim/learning_rate';
import {disposeOptimizer} from '../optim/dispose_optimizer';
import type {TrainingPort} from './callbacks/callback';

/** `model.stopTraining` as set by tfjs callbacks; false for an uncompiled Sequential (whose getter throws). @internal */
function modelStop(model: LayersModel): boolean {
  try {
    return model.stopTraining === true;
  } catch {
    return false;
  }
}

/** Images of a batch for evaluation: `image`, or the clean view of a `{clean, noisy}` batch. @internal */
export function evalView(batch: ImageBatch | ViewBatch): tf.Tensor4D | undefined {
  return (batch as ImageBatch).image ?? (batch as ViewBatch).clean;
}

/**
 * Base of the library's trainers (`SelfTrainer`, `SupervisedTrainer`): one optimizer step per batch with a
 * finite-loss check, metrics, evaluation, prediction and the training port. Not constructed directly.
 */
export abstract class TrainerBase {
  /** Set to true (by a callback, through the port) to stop after the current batch. */
  stopTraining = false;
  protected optimizerRef: tf.Optimizer | undefined;
  protected ownsOptimizer = false;
  protected metrics: TrainerMetric[] = [];
  protected supervisedLoss: SupervisedLoss = sparseSoftmaxCrossEntropy;
  protected abstract readonly component: string;

  /** The model that is trained (the student for a `SelfTrainer`). */
  abstract get trainedModel(): LayersModel;

  /** The compiled optimizer. @throws {@link InvalidArgumentError} before `compile`. */
  get optimizer(): tf.Optimizer {
    if (this.optimizerRef === undefined) {
      throw new InvalidArgumentError(`${this.component}: not compiled. Call compile({optimizer}) before fit or evaluate.`,
        {argument: 'optimizer'});
    }
    return this.optimizerRef;
  }

  protected setOptimizer(optimizer: unknown): void {
    const r = resolveOptimizer(this.component, optimizer);
    if (this.ownsOptimizer && this.optimizerRef && this.optimizerRef !== r.optimizer) disposeOptimizer(this.optimizerRef);
    this.optimizerRef = r.optimizer;
    this.ownsOptimizer = r.owned;
  }

  /** The port callbacks act through: the trained model, the optimizer's learning rate, `stopTraining`. */
  get port(): TrainingPort {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return {
      get model() { return self.trainedModel; },
      get optimizer() { return self.optimizerRef; },
      get stopTraining() { return self.stopTraining; },
      set stopTraining(v: boolean) { self.stopTraining = v; },
      getLearningRate: () => getLearningRate(self.optimizer),
      setLearningRate: (lr: number) => setLearningRate(self.optimizer, lr),
    };
  }

  /** @internal */
  protected stopRequested(): boolean {
    return this.stopTraining || modelStop(this.trainedModel);
  }

  /** @internal */
  protected clearStop(): void {
    this.stopTraining = false;
    try {
      this.trainedModel.stopTraining = false;
    } catch {
      // An uncompiled tfjs Sequential refuses the property; nothing can have set it then.
    }
  }

  /**
   * One optimizer step: `compute` runs inside `variableGrads` over the trained model's trainable variables and
   * returns the total loss plus auxiliary scalars; all are read on the host with one `await`. A non-finite
   * loss restores the non-trainable weights (BatchNorm statistics) and throws before the update.
   * @internal
   */
  protected async optimizerStep(
    epoch: number, batch: number, compute: () => {total: tf.Scalar; aux: tf.Scalar[]},
  ): Promise<Float32Array> {
    const model = this.trainedModel;
    const optimizer = this.optimizer;
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const frozen = model.nonTrainableWeights;
    // Cheap: a clone shares the data; a BatchNorm update assigns new data to the variable.
    const saved = frozen.map((w) => tf.keep(tf.clone(w.read())));
    let aux: tf.Scalar[] = [];
    let result: {value: tf.Scalar; grads: tf.NamedTensorMap} | undefined;
    let packed: tf.Tensor1D | undefined;
    try {
      result = tf.variableGrads(() => {
        const out = compute();
        aux = out.aux.map((t) => tf.keep(t));
        let total = out.total;
        for (const reg of (model as unknown as {calculateLosses?: () => tf.Scalar[]}).calculateLosses?.() ?? []) {
          total = tf.add(total, reg);
        }
        return total;
      }, vars);
      const r = result;
      packed = tf.tidy(() => tf.stack([r.value, ...aux]) as tf.Tensor1D);
      const host = (await packed.data()) as Float32Array;
      const loss = host[0] as number;
      if (!Number.isFinite(loss)) {
        frozen.forEach((w, i) => w.write(saved[i] as tf.Tensor));
        throw new NonFiniteLossError(
          `${this.component}: loss is ${loss} at epoch ${epoch + 1}, batch ${batch + 1} (1-based); the update was not ` +
            'applied and the weights of the last good step are kept. Check the batch for NaN/Inf pixels or lower the learning rate.',
          {epoch, batch, value: loss});
      }
      optimizer.applyGradients(r.grads);
      return host;
    } finally {
      tf.dispose(saved);
      tf.dispose(aux);
      if (result) {
        result.value.dispose();
        tf.dispose(Object.values(result.grads));
      }
      packed?.dispose();
    }
  }

  /** Labels of a batch as int32 `[B]`, with a typed error when missing or mis-shaped. @internal */
  protected labelsOf(label: tf.Tensor | undefined, batchSize: number, what: string): tf.Tensor1D {
    if (label === undefined || label === null) {
      throw new ShapeError(`${this.component}: ${what} has no \`label\`; got a batch without labels. Yield {image, label} batches.`);
    }
    return labelsToIndices(label, batchSize, this.component);
  }

  /**
   * Evaluates the trained model in inference mode: supervised cross-entropy `loss`, `accuracy` and the custom
   * metrics, means over all samples (not over batches). The batches are disposed.
   * @internal
   */
  protected async evaluateModel(data: BatchSource<ImageBatch | ViewBatch>, args: EvaluateArgs = {}): Promise<EvaluateResult> {
    const steps = args.steps === undefined ? undefined : checkNumber(this.component, 'steps', args.steps, {min: 1, integer: true});
    const model = this.trainedModel;
    let sums: tf.Tensor1D | undefined;
    let count = 0;
    let seen = 0;
    try {
      for await (const batch of iterateBatches(data, `${this.component}.evaluate`)) {
        try {
          const x = evalView(batch);
          if (x === undefined || x.rank !== 4) {
            throw new ShapeError(`${this.component}.evaluate: a batch needs \`image\` [B,H,W,C]; got ${x === undefined ? 'none' : `shape [${x.shape.join(',')}]`}.`);
          }
          const b = x.shape[0];
          const labels = this.labelsOf(batch.label, b, 'an evaluation batch');
          const next = tf.tidy(() => {
            const logits = model.apply(x, {training: false}) as tf.Tensor2D;
            const probs = tf.softmax(logits) as tf.Tensor2D;
            const values = [
              tf.mul(this.supervisedLoss(labels, logits), b),
              tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')),
              ...this.metrics.map((m) => tf.mul(m.fn(labels, probs), b)),
            ];
            const v = tf.stack(values) as tf.Tensor1D;
            return sums === undefined ? v : tf.add(sums, v) as tf.Tensor1D;
          });
          labels.dispose();
          sums?.dispose();
          sums = next;
          count += b;
        } finally {
          disposeBatch(batch);
        }
        seen++;
        if (steps !== undefined && seen >= steps) break;
      }
      if (sums === undefined || count === 0) {
        throw new InvalidArgumentError(`${this.component}.evaluate: the data yielded no batch. Pass a BatchSource that makes a fresh pass per call.`,
          {argument: 'data'});
      }
      const host = await sums.data();
      const out: Record<string, number> = {loss: (host[0] as number) / count, accuracy: (host[1] as number) / count};
      this.metrics.forEach((m, i) => { out[m.name] = (host[i + 2] as number) / count; });
      return out as EvaluateResult;
    } finally {
      sums?.dispose();
    }
  }

  /**
   * Logits of the trained model in inference mode.
   * @param images `[N,H,W,C]`.
   * @param args `batchSize` (default 32).
   * @returns Logits `[N,K]`; the caller disposes them.
   */
  predict(images: tf.Tensor4D, args: {batchSize?: number} = {}): tf.Tensor2D {
    const batchSize = checkNumber(this.component, 'batchSize', args.batchSize ?? 32, {min: 1, integer: true});
    return this.trainedModel.predict(images, {batchSize}) as tf.Tensor2D;
  }

  /**
   * Class probabilities (softmax of {@link TrainerBase.predict}) in inference mode.
   * @param images `[N,H,W,C]`.
   * @param args `batchSize` (default 32).
   * @returns Probabilities `[N,K]`; the caller disposes them.
   */
  predictProba(images: tf.Tensor4D, args: {batchSize?: number} = {}): tf.Tensor2D {
    return tf.tidy(() => tf.softmax(this.predict(images, args)) as tf.Tensor2D);
  }

  /** Frees the optimizer when the trainer created it from a string; models are the caller's. */
  dispose(): void {
    if (this.ownsOptimizer && this.optimizerRef) disposeOptimizer(this.optimizerRef);
    this.optimizerRef = undefined;
    this.ownsOptimizer = false;
  }
}
