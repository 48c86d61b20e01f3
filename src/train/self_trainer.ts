/**
 * SelfTrainer: consistency training with supervision (a frozen teacher, a student trained on noisy views).
 *
 * Per batch (`spec/self-training.md` §2 and §5): teacher logits on the clean view, in inference mode, outside
 * the gradient; student logits on the noisy view in training mode;
 * `loss = α · studentLoss + (1 − α) · s · distillationLoss`, `s = T²` if `scaleByTSquared` else 1; gradients to
 * the student's trainable variables only. The defaults (α = 0.5, T = 10, Keras-clipped forward KL, no T²)
 * reproduce the keras-io example's `(ce + kl) / 2`.
 *
 * References: keras-io `examples/vision/consistency_training.py` (Sayak Paul, 2021); Xie et al., "Self-training
 * with Noisy Student improves ImageNet classification" (arXiv:1911.04252); Hinton et al. (arXiv:1503.02531).
 *
 * Deviation: the example logs the last batch's `total_loss`; here `loss`, `student_loss`,
 * `distillation_loss` and `accuracy` are sample-weighted epoch means, and validation also logs `val_loss`.
 * Deviation: `evaluate` returns a named object `{loss, accuracy}` (the example returns a bare number).
 * Deviation: for zipped `(clean, noisy)` input the two label tensors are compared every batch
 * (`alignmentCheck: 'throw'` by default); the example discards the clean labels unchecked (§1.2).
 *
 * @module train
 */
import * as tf from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import {AlignmentError, ShapeError} from '../errors';
import type {BatchSource, ImageBatch, ViewBatch} from '../data/batch_source';
import {check, checkNumber, checkOneOf, describeValue} from '../internal/assert';
import {
  jensenShannon, klDivergence, meanSquaredError, softCrossEntropy, type DistillationLoss,
} from '../losses/distillation';
import type {SupervisedLoss} from '../losses/sparse_cross_entropy';
import {checkFitArgs, runFitLoop, type FitArgs} from './fit_loop';
import {disposeSelfTrainingBatch, labelsAgree, makeViews, type SelfTrainingBatch, type TrainingViews} from './view_batch';
import type {History} from './history';
import {TrainerBase} from './trainer_base';
import {
  isLayersModel, resolveMetrics, resolveSupervisedLoss, type AugmentFn, type EvaluateArgs, type EvaluateResult,
  type MetricSpec,
} from './compile_options';

/** Constructor arguments of {@link SelfTrainer}. */
export interface SelfTrainerArgs {
  /** The model that is trained; outputs logits `[B,K]`. */
  student: LayersModel;
  /** The frozen teacher; outputs logits `[B,K]`. Its layers are set `trainable = false`; it is never updated. */
  teacher: LayersModel;
}

/** Names of the built-in distillation losses accepted by `compile`. */
export type DistillationLossName = 'kl' | 'kerasKl' | 'softCrossEntropy' | 'meanSquaredError' | 'jensenShannon';

/** `compile` arguments of {@link SelfTrainer}. */
export interface SelfTrainerCompileArgs {
  /** A tfjs optimizer (the caller owns it) or `'adam'` (lr 1e-3) / `'sgd'` (lr 0.01), owned by the trainer. */
  optimizer: tf.Optimizer | 'adam' | 'sgd';
  /** Supervised loss on the student logits; default sparse categorical cross-entropy from logits. */
  studentLoss?: 'sparseCategoricalCrossentropy' | SupervisedLoss;
  /**
   * Default `'kerasKl'`: forward KL with Keras's `[1e-7, 1]` clipping (the example). `'kl'` is the exact KL;
   * or `'softCrossEntropy'`, `'meanSquaredError'`, `'jensenShannon'`, or any {@link DistillationLoss}.
   */
  distillationLoss?: DistillationLossName | DistillationLoss;
  /** Softmax temperature passed to the distillation loss; default 10 (the example). */
  temperature?: number;
  /** Weight of the supervised loss in [0, 1]; the distillation loss gets `1 − alpha`; default 0.5. */
  alpha?: number;
  /** Multiply the distillation loss by T² (Hinton et al.; recommended); default false (the example). */
  scaleByTSquared?: boolean;
  /**
   * Only distil samples whose teacher confidence `max softmax(z_t)` (at T = 1) is ≥ `threshold`; a number is the
   * threshold. `normalize: 'batch'` (default, FixMatch) divides by the batch size, `'masked'` by the kept count.
   * Off by default. A custom loss must honour `options.sampleWeights` (see `reducePerSample`).
   */
  confidenceMask?: number | {threshold: number; normalize?: 'batch' | 'masked'};
  /** Extra metrics on the student's softmax; accuracy is always logged. */
  metrics?: readonly MetricSpec[];
}

/** `fit` arguments of {@link SelfTrainer}. */
export interface SelfTrainerFitArgs extends FitArgs<ImageBatch | ViewBatch> {
  /** Makes the student's noisy view from `{image}` batches; required for them. */
  augment?: AugmentFn;
  /**
   * Makes the teacher's clean view from `{image}` batches (e.g. a resize); default: `image` as is. For one
   * flip/crop shared by both views (spec §1.3 `sharedGeometry`), apply it in the source before yielding `image`.
   */
  cleanView?: AugmentFn;
  /**
   * For zipped `(clean, noisy)` batches (or `cleanLabel`): `'throw'` (default), `'warn'` or `'off'`. Comparing
   * the labels costs one small host read per batch.
   */
  alignmentCheck?: 'throw' | 'warn' | 'off';
}

const BUILTIN: Record<DistillationLossName, DistillationLoss> = {
  kl: klDivergence,
  kerasKl: (t, s, o) => klDivergence(t, s, {...o, clip: 'keras'}),
  softCrossEntropy,
  meanSquaredError,
  jensenShannon,
};


/**
 * Trains a student to match a frozen teacher's softened predictions on clean images while it sees noisy
 * views, plus a supervised loss on the labels (consistency training with supervision).
 *
 * Callbacks (`EarlyStopping`, `ReduceLROnPlateau`, tfjs callbacks) see the **student** as the model and act on
 * the compiled optimizer's learning rate. The trainer disposes every batch it pulls.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {SelfTrainer, EarlyStopping} from 'consistency-tfjs';
 * const make = () => tfl.sequential({layers: [tfl.layers.flatten({inputShape: [4, 4, 3]}), tfl.layers.dense({units: 10})]});
 * const trainer = new SelfTrainer({student: make(), teacher: make()});
 * trainer.compile({optimizer: tf.train.adam(1e-3)}); // T = 10, alpha = 0.5: (ce + kl) / 2
 * const batches = () => [0, 1].map(() => ({
 *   clean: tf.randomUniform([8, 4, 4, 3], 0, 255) as tf.Tensor4D,
 *   noisy: tf.randomUniform([8, 4, 4, 3], 0, 255) as tf.Tensor4D,
 *   label: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
 * }));
 * const history = await trainer.fit(batches, {epochs: 2, verbose: 0, callbacks: [new EarlyStopping({monitor: 'loss'})]});
 * console.log(history.history['distillation_loss']);
 * ```
 */
export class SelfTrainer extends TrainerBase {
  /** The trained model. */
  readonly student: LayersModel;
  /** The frozen teacher. */
  readonly teacher: LayersModel;
  protected readonly component = 'SelfTrainer';
  private distillation: DistillationLoss = BUILTIN.kerasKl;
  /** Softmax temperature of the distillation loss. */
  temperature = 10;
  /** Weight of the supervised loss. */
  alpha = 0.5;
  /** Whether the distillation loss is multiplied by T². */
  scaleByTSquared = false;
  private mask: {threshold: number; normalize: 'batch' | 'masked'} | undefined;

  /**
   * @param args The student and the teacher (different models with the same number of outputs).
   * @throws {@link InvalidArgumentError} when a model is missing or both are the same object;
   *   {@link ShapeError} when their output widths differ.
   */
  constructor(args: SelfTrainerArgs) {
    super();
    check(typeof args === 'object' && args !== null, 'args', () => `SelfTrainer: pass {student, teacher}; got ${describeValue(args)}.`);
    for (const key of ['student', 'teacher'] as const) {
      check(isLayersModel(args[key]), key, () =>
        `SelfTrainer: \`${key}\` must be a tfjs-layers LayersModel; got ${describeValue(args[key])}.`);
    }
    check(args.student !== args.teacher, 'teacher', () =>
      'SelfTrainer: `student` and `teacher` are the same model; got one object for both. Clone the teacher (or build a new student).');
    const width = (m: LayersModel) => m.outputs?.[0]?.shape?.[m.outputs[0]!.shape.length - 1];
    const [ws, wt] = [width(args.student), width(args.teacher)];
    if (ws != null && wt != null && ws !== wt) {
      throw new ShapeError(`SelfTrainer: student and teacher must output the same number of classes; got ${ws} and ${wt}. Build both with the same \`classes\`.`);
    }
    this.student = args.student;
    this.teacher = args.teacher;
    // Freeze the teacher: Container.trainable only flags its weights, so flag every layer too. In tfjs this does
    // not switch BatchNorm to inference mode; the trainer always calls the teacher with training: false.
    this.teacher.trainable = false;
    for (const layer of this.teacher.layers) layer.trainable = false;
  }

  /** The trained model (the student). */
  get trainedModel(): LayersModel {
    return this.student;
  }

  /**
   * Sets the optimizer, losses and weights; can be called again between `fit` calls.
   * @param args {@link SelfTrainerCompileArgs}.
   * @throws {@link InvalidArgumentError} for an unknown loss name or an out-of-range number.
   */
  compile(args: SelfTrainerCompileArgs): void {
    check(typeof args === 'object' && args !== null, 'args', () => `SelfTrainer.compile: pass {optimizer, …}; got ${describeValue(args)}.`);
    const temperature = checkNumber('SelfTrainer', 'temperature', args.temperature ?? 10, {min: 0, exclusiveMin: true});
    const alpha = checkNumber('SelfTrainer', 'alpha', args.alpha ?? 0.5, {min: 0, max: 1});
    let distillation: DistillationLoss;
    if (typeof args.distillationLoss === 'function') distillation = args.distillationLoss;
    else distillation = BUILTIN[checkOneOf('SelfTrainer', 'distillationLoss', args.distillationLoss ?? 'kerasKl', Object.keys(BUILTIN) as DistillationLossName[])];
    const supervised = resolveSupervisedLoss('SelfTrainer', 'studentLoss', args.studentLoss);
    let mask: typeof this.mask;
    if (args.confidenceMask !== undefined) {
      const m = typeof args.confidenceMask === 'number' ? {threshold: args.confidenceMask} : args.confidenceMask;
      check(typeof m === 'object' && m !== null, 'confidenceMask',
        () => `SelfTrainer: \`confidenceMask\` must be a threshold or {threshold, normalize}; got ${describeValue(m)}.`);
      mask = {
        threshold: checkNumber('SelfTrainer', 'confidenceMask.threshold', m.threshold, {min: 0, max: 1}),
        normalize: checkOneOf('SelfTrainer', 'confidenceMask.normalize', m.normalize ?? 'batch', ['batch', 'masked'] as const),
      };
    }
    const metrics = resolveMetrics('SelfTrainer', args.metrics);
    this.setOptimizer(args.optimizer);
    this.temperature = temperature;
    this.alpha = alpha;
    this.scaleByTSquared = Boolean(args.scaleByTSquared);
    this.distillation = distillation;
    this.supervisedLoss = supervised;
    this.mask = mask;
    this.metrics = metrics;
  }

  /**
   * Trains the student for `epochs − initialEpoch` epochs.
   * @param data Batches `{clean, noisy, label}`, zipped pairs `[{image, label}, {image, label}]` (clean first),
   *   or `{image, label}` with `args.augment`. Labels `[B]` or `[B,1]`. Disposed by the trainer.
   * @param args {@link SelfTrainerFitArgs}.
   * @returns The {@link History} of epoch logs: `loss`, `student_loss`, `distillation_loss`, `accuracy`, `acc`,
   *   and with validation `val_loss`, `val_accuracy`, `val_acc` (+ keys added by callbacks, e.g. `lr`).
   * @throws {@link ShapeError} for mismatched batch sizes or label shapes (before the step);
   *   {@link AlignmentError} when zipped labels differ; {@link NonFiniteLossError} on a NaN/Inf loss.
   */
  async fit(data: BatchSource<SelfTrainingBatch>, args: SelfTrainerFitArgs): Promise<History> {
    checkFitArgs('SelfTrainer', args);
    void this.optimizer; // throws when not compiled
    const alignment = checkOneOf('SelfTrainer', 'alignmentCheck', args.alignmentCheck ?? 'throw', ['throw', 'warn', 'off'] as const);
    for (const key of ['augment', 'cleanView'] as const) {
      const fn = args[key];
      check(fn === undefined || typeof fn === 'function', key, () => `SelfTrainer: \`${key}\` must be a function; got ${describeValue(fn)}.`);
    }
    let warned = false;
    return runFitLoop<SelfTrainingBatch, ImageBatch | ViewBatch>({
      component: 'SelfTrainer',
      model: this.student,
      port: this.port,
      stopRequested: () => this.stopRequested(),
      clearStop: () => this.clearStop(),
      validate: (v) => this.evaluateModel(v),
      discard: disposeSelfTrainingBatch,
      trainBatch: async (batch, epoch, index) => {
        let views: TrainingViews | undefined;
        try {
          views = await makeViews(batch, args.augment, args.cleanView);
          if (views.cleanLabel !== undefined && alignment !== 'off') {
            const aligned = await labelsAgree(views.cleanLabel, views.label);
            if (!aligned) {
              const msg = `SelfTrainer: clean and noisy labels differ in epoch ${epoch + 1}, batch ${index + 1}; got two ` +
                'pipelines that are out of step (spec §1.2). Derive both views from one dataset, or pass alignmentCheck: \'off\'.';
              if (alignment === 'throw') throw new AlignmentError(msg);
              if (!warned) {
                warned = true;
                // eslint-disable-next-line no-console
                console.warn(msg);
              }
            }
          }
          return await this.trainStep(views, epoch, index);
        } finally {
          if (views) tf.dispose(views.owned);
          disposeSelfTrainingBatch(batch);
        }
      },
    }, data, args);
  }

  /**
   * Evaluates the student in inference mode on `{image, label}` batches (or the clean view of view batches).
   * @param data Batches; disposed by the trainer.
   * @param args {@link EvaluateArgs}.
   * @returns `{loss, accuracy}` (supervised cross-entropy and accuracy over all samples) plus custom metrics.
   * @throws {@link ShapeError} for batches without images or labels.
   */
  async evaluate(data: BatchSource<ImageBatch | ViewBatch>, args?: EvaluateArgs): Promise<EvaluateResult> {
    void this.optimizer;
    return this.evaluateModel(data, args);
  }

  private async trainStep(v: TrainingViews, epoch: number, index: number): Promise<{size: number; values: Record<string, number>}> {
    const b = v.noisy.shape[0];
    const labels = this.labelsOf(v.label, b, 'a training batch');
    // Teacher: inference mode, outside the gradient.
    const teacherLogits = tf.tidy(() => this.teacher.apply(v.clean, {training: false}) as tf.Tensor2D);
    const weights = this.mask === undefined ? undefined : tf.tidy(() =>
      tf.cast(tf.greaterEqual(tf.max(tf.softmax(teacherLogits), 1), this.mask!.threshold), 'float32') as tf.Tensor1D);
    const scale = (1 - this.alpha) * (this.scaleByTSquared ? this.temperature * this.temperature : 1);
    try {
      const host = await this.optimizerStep(epoch, index, () => {
        const logits = this.student.apply(v.noisy, {training: true}) as tf.Tensor2D;
        const sup = this.supervisedLoss(labels, logits);
        const dist = this.distillation(teacherLogits, logits, {
          temperature: this.temperature,
          ...(weights ? {sampleWeights: weights, normalize: this.mask!.normalize} : {}),
        });
        const total = tf.add(tf.mul(sup, this.alpha), tf.mul(dist, scale)) as tf.Scalar;
        const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar;
        const probs = this.metrics.length ? tf.softmax(logits) as tf.Tensor2D : undefined;
        return {total, aux: [sup, dist, acc, ...this.metrics.map((m) => m.fn(labels, probs!))]};
      });
      const values: Record<string, number> = {
        loss: host[0] as number, student_loss: host[1] as number, distillation_loss: host[2] as number, accuracy: host[3] as number,
      };
      this.metrics.forEach((m, i) => { values[m.name] = host[4 + i] as number; });
      return {size: b, values};
    } finally {
      tf.dispose([labels, teacherLogits, ...(weights ? [weights] : [])]);
    }
  }
}
