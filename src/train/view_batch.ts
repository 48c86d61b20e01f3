/**
 * Turning a training batch into the teacher's clean view and the student's noisy view, for `SelfTrainer`.
 *
 * Accepted shapes (`spec/self-training.md` §1.3): `{clean, noisy, label}` (optionally `cleanLabel`), a zipped pair
 * `[{image, label}, {image, label}]` (clean first; both labels are kept for the alignment check), or `{image, label}`
 * with an `augment` function (noisy view) and an optional `cleanView` function (teacher view).
 *
 * @module train
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, ShapeError} from '../errors';
import {disposeBatch, type ImageBatch, type ViewBatch} from '../data/batch_source';
import {describeValue} from '../internal/assert';
import type {AugmentFn} from './compile_options';

/** A zipped pair of batches as tfjs-data `zip([clean, noisy])` yields it. */
export type ZippedViewBatch = readonly [ImageBatch, ImageBatch];

/** What `SelfTrainer.fit` accepts per batch. */
export type SelfTrainingBatch = ViewBatch | ImageBatch | ZippedViewBatch | (ViewBatch & {cleanLabel?: tf.Tensor1D | tf.Tensor2D});

/** Both views, the labels, and the tensors the trainer made (and must dispose). @internal */
export interface TrainingViews {
  clean: tf.Tensor4D;
  noisy: tf.Tensor4D;
  label: tf.Tensor;
  cleanLabel: tf.Tensor | undefined;
  owned: tf.Tensor[];
}

/**
 * The teacher and student views of one batch, with batch-size and label-shape checks (before any step).
 * @internal
 */
export async function makeViews(
batch: SelfTrainingBatch, augment: AugmentFn | undefined, cleanView: AugmentFn | undefined,
): Promise<TrainingViews> {
  if (Array.isArray(batch)) {
    const [c, n] = batch as ZippedViewBatch;
    if (c === undefined || n === undefined || c.label === undefined || n.label === undefined) {
      throw new ShapeError('SelfTrainer: a zipped batch must be [clean {image, label}, noisy {image, label}]; got an incomplete pair.');
    }
    return checked({clean: c.image, noisy: n.image, label: n.label, cleanLabel: c.label, owned: []});
  }
  const b = batch as Partial<ViewBatch & ImageBatch & {cleanLabel: tf.Tensor}>;
  if (b.clean !== undefined || b.noisy !== undefined) {
    if (b.clean === undefined || b.noisy === undefined || b.label === undefined) {
      throw new ShapeError('SelfTrainer: a view batch needs `clean`, `noisy` and `label`; got ' +
        `${Object.keys(b).join(', ')}. Yield {clean, noisy, label}.`);
    }
    return checked({clean: b.clean, noisy: b.noisy, label: b.label, cleanLabel: b.cleanLabel, owned: []});
  }
  if (b.image !== undefined) {
    if (augment === undefined) {
      throw new InvalidArgumentError('SelfTrainer: got {image, label} batches but no `augment` function to make the noisy view. ' +
        'Pass fit(data, {augment}) or yield {clean, noisy, label}.', {argument: 'augment'});
    }
    if (b.label === undefined) throw new ShapeError('SelfTrainer: an {image} batch has no `label`. Yield {image, label}.');
    checkImages(b.image, 'image');
    const owned: tf.Tensor[] = [];
    try {
      const noisy = await augment(b.image);
      if (noisy !== b.image) owned.push(noisy);
      const clean = cleanView ? await cleanView(b.image) : b.image;
      if (clean !== b.image && clean !== noisy) owned.push(clean);
      return checked({clean, noisy, label: b.label, cleanLabel: undefined, owned});
    } catch (e) {
      tf.dispose(owned);
      throw e;
    }
  }
  throw new ShapeError(`SelfTrainer: unrecognised batch with keys ${describeValue(Object.keys(b))}. ` +
    'Yield {clean, noisy, label}, [clean, noisy] pairs of {image, label}, or {image, label} with `augment`.');
}

function checkImages(t: tf.Tensor, name: string): void {
  if (t == null || t.rank !== 4) {
    throw new ShapeError(`SelfTrainer: \`${name}\` must be [B,H,W,C]; got ${t == null ? String(t) : `shape [${t.shape.join(',')}]`}.`);
  }
}

function checked(v: TrainingViews): TrainingViews {
  checkImages(v.clean, 'clean');
  checkImages(v.noisy, 'noisy');
  const b = v.noisy.shape[0];
  if (v.clean.shape[0] !== b) {
    throw new ShapeError(`SelfTrainer: clean and noisy views must have the same batch size; got ${v.clean.shape[0]} and ${b}. ` +
      'Batch both views of the same images together.');
  }
  for (const [name, l] of [['label', v.label], ['clean label', v.cleanLabel]] as const) {
    if (l === undefined) continue;
    const ok = (l.rank === 1 && l.shape[0] === b) || (l.rank === 2 && l.shape[0] === b && l.shape[1] === 1);
    if (!ok) {
      throw new ShapeError(`SelfTrainer: ${name} must have shape [${b}] or [${b},1]; got [${l.shape.join(',')}]. ` +
        'Pass one integer class index per image.');
    }
  }
  return v;
}

/** Whether two label tensors `[B]`/`[B,1]` hold the same classes (one small host read). @internal */
export async function labelsAgree(a: tf.Tensor, b: tf.Tensor): Promise<boolean> {
  const n = b.shape[0] as number;
  const diff = tf.tidy(() => tf.any(tf.notEqual(tf.reshape(tf.cast(a, 'float32'), [n]), tf.reshape(tf.cast(b, 'float32'), [n]))));
  try {
    return (await diff.data())[0] === 0;
  } finally {
    diff.dispose();
  }
}

/** Disposes every tensor of a training batch (object or zipped pair). @internal */
export function disposeSelfTrainingBatch(batch: SelfTrainingBatch): void {
  if (Array.isArray(batch)) {
    for (const b of batch as ZippedViewBatch) if (b != null) disposeBatch(b);
  } else if (batch != null && typeof batch === 'object') {
    disposeBatch(batch);
  }
}
