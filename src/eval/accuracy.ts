/**
 * The predictor types of the evaluation, and batched top-1 counting over host images.
 * @module eval
 */
import * as tf from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import {AbortedError, InvalidArgumentError, ShapeError} from '../errors';
import {describeValue} from '../internal/assert';

/** A function from a batch of images to class scores (logits or probabilities), `[N, classes]`. */
export type PredictFn = (images: tf.Tensor4D) => tf.Tensor | Promise<tf.Tensor>;

/** A tfjs `LayersModel` (its `predict` is used) or a {@link PredictFn}. */
export type Predictor = LayersModel | PredictFn;

/** Checks a predictor and returns a uniform predict function. @internal */
export function toPredictFn(component: string, model: unknown): PredictFn {
  if (typeof model === 'function') return model as PredictFn;
  if (typeof model === 'object' && model !== null && typeof (model as LayersModel).predict === 'function') {
    const m = model as LayersModel;
    return (x) => {
      const out = m.predict(x);
      if (Array.isArray(out)) {
        tf.dispose(out);
        throw new ShapeError(`${component}: the model has ${out.length} outputs; got a multi-output model. ` +
          'Pass a predict function that returns the class scores tensor.');
      }
      return out as tf.Tensor;
    };
  }
  throw new InvalidArgumentError(
    `${component}: \`model\` must be a tfjs LayersModel or a function (images: Tensor4D) => Tensor2D; ` +
      `got ${describeValue(model)}.`, {argument: 'model'});
}

/** What {@link countCorrect} needs to know. @internal */
export interface CountJob {
  readonly component: string;
  readonly predict: PredictFn;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly batchSize: number;
  /** Pixels (values 0..255, NHWC) of images `start … start + n − 1`. */
  readonly pixels: (start: number, n: number) => Uint8Array;
  readonly labels: ArrayLike<number>;
  readonly preprocess: ((images: tf.Tensor4D) => tf.Tensor4D) | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onBatch: (batch: number, batches: number) => void | Promise<void>;
  /** Describes the work for an abort message, e.g. "fog at severity 3". */
  readonly what: string;
}

/** Number of images whose arg-max score equals the label. @internal */
export async function countCorrect(job: CountJob): Promise<number> {
  const batches = Math.ceil(job.count / job.batchSize);
  let total: tf.Tensor = tf.scalar(0, 'int32');
  try {
    for (let b = 0; b < batches; b++) {
      // A macrotask turn per batch, so that signal handlers (Ctrl-C) and timers can run between batches.
      if (b > 0) await tf.nextFrame();
      if (job.signal?.aborted) {
        throw new AbortedError(`${job.component}: aborted during ${job.what} (batch ${b + 1} of ${batches}).`,
          {cause: job.signal.reason});
      }
      const start = b * job.batchSize;
      const n = Math.min(job.batchSize, job.count - start);
      const pixels = job.pixels(start, n);
      const labels = Int32Array.from({length: n}, (_, i) => job.labels[start + i] as number);
      const x = tf.tidy(() => {
        const images = tf.tensor4d(Float32Array.from(pixels), [n, job.height, job.width, 3]);
        return job.preprocess ? job.preprocess(images) : images;
      });
      let out: tf.Tensor | undefined;
      try {
        out = await job.predict(x);
        const scores = out;
        if (!(scores instanceof tf.Tensor) || scores.rank !== 2 || scores.shape[0] !== n) {
          throw new ShapeError(
            `${job.component}: the model must return class scores of shape [${n}, classes]; got ` +
              `${scores instanceof tf.Tensor ? `shape [${scores.shape.join(', ')}]` : describeValue(scores)}.`);
        }
        const next = tf.tidy(() => {
          const hits = tf.equal(tf.argMax(scores, 1), tf.tensor1d(labels, 'int32'));
          return tf.add(total, tf.sum(tf.cast(hits, 'int32')));
        });
        total.dispose();
        total = next;
      } finally {
        tf.dispose([x, ...(out && out !== x ? [out] : [])]);
      }
      await job.onBatch(b + 1, batches);
    }
    return (await total.data())[0] as number;
  } finally {
    total.dispose();
  }
}
