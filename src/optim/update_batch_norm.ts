/**
 * BatchNorm recalibration after weight averaging: recompute every BatchNormalization layer's moving mean and
 * variance with the model's current (averaged) weights.
 *
 * Paper: Izmailov et al. 2018 (https://arxiv.org/abs/1803.05407), §3.2: after averaging, "compute the BatchNorm
 * statistics for the SWA weights" with one additional pass over the data.
 * Reference: PyTorch `torch.optim.swa_utils.update_bn` (reset the running statistics, set `momentum = None` so
 * they become the cumulative equal-weight average over batches, run every batch in training mode without
 * gradients, restore). Spec: `shared/spec/swa.md` §3.2. TF-Addons has no working equivalent (§2.3).
 *
 * How, since tfjs cannot switch a layer to cumulative averaging (its momentum is fixed at construction): for
 * every batch, zeros are written into the moving statistics, the model runs once in training mode, and the batch
 * statistics are read back as `moving / (1 − momentum)` (a tfjs training step writes
 * `moving − (moving − batch)·(1 − momentum)`, which is `batch·(1 − momentum)` from zero). They are folded into
 * running means `M ← M + (μ_b − M)/b`, `V ← V + (σ²_b − V)/b`, written back at the end. Every BatchNorm layer
 * normalises with its own batch statistics in training mode, so the result does not depend on the order of the
 * layers' updates.
 *
 * Deviation: the variance is tfjs's biased batch variance (what tfjs's own moving variance accumulates);
 * PyTorch's running variance uses the unbiased one, larger by `n/(n − 1)` with `n = batch·H·W`.
 * Deviation: with `weightByBatchSize`, batches count in proportion to their size (PyTorch weights batches
 * equally); either way the variance is a mean of per-batch variances, not the variance of the pooled data.
 * Deviation: a BatchNorm layer the forward pass never reaches keeps its statistics (with a warning) instead of
 * PyTorch's reset values.
 *
 * @module optim
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {InvalidArgumentError, UnsupportedError} from '../errors';
import {checkNumber, describeValue} from '../internal/assert';
import {disposeBatch, iterateBatches, type BatchSource} from '../data/batch_source';
import {nameList} from './averaging';

const C = 'updateBatchNormStatistics';

/** Options of {@link updateBatchNormStatistics}. */
export interface UpdateBatchNormOptions<B = unknown> {
  /** Use at most this many batches (integer >= 1). Default: one whole pass over `data`. */
  maxBatches?: number;
  /**
   * Which part of a batch is the model input: an object key, an array index, or a function returning the input
   * tensor(s). Default: a tensor batch is the input; an array batch's first element (as PyTorch); an object
   * batch's `image` (the library's `ImageBatch`), else its `xs` (tfjs-data). Anything else throws.
   */
  inputKey?: string | number | ((batch: B) => tf.Tensor | tf.Tensor[]);
  /** Weight each batch by its number of examples instead of equally (PyTorch: equally). Default false. */
  weightByBatchSize?: boolean;
}

/** What {@link updateBatchNormStatistics} did. */
export interface UpdateBatchNormResult {
  /** Names of the BatchNormalization layers whose statistics were recomputed. */
  readonly layers: string[];
  /** Batches run through the model. */
  readonly batches: number;
  /** Examples seen (sum of the batches' first dimensions). */
  readonly examples: number;
}

/** The parts of a tfjs-layers BatchNormalization layer this module uses. */
interface BatchNormLayer extends tfl.layers.Layer {
  readonly momentum: number;
  readonly movingMean: tfl.LayerVariable | undefined;
  readonly movingVariance: tfl.LayerVariable | undefined;
  readonly gamma: tfl.LayerVariable | undefined;
  readonly beta: tfl.LayerVariable | undefined;
}

/** Every BatchNormalization layer of `layer`, recursively through nested models and wrapper layers. @internal */
export function findBatchNormLayers(layer: tfl.layers.Layer, found = new Set<BatchNormLayer>()): BatchNormLayer[] {
  if (layer.getClassName() === 'BatchNormalization') found.add(layer as BatchNormLayer);
  const nested = (layer as unknown as {layers?: unknown}).layers;
  if (Array.isArray(nested)) for (const l of nested as tfl.layers.Layer[]) findBatchNormLayers(l, found);
  const wrapped = (layer as unknown as {layer?: tfl.layers.Layer}).layer;
  if (wrapped && typeof wrapped.getClassName === 'function') findBatchNormLayers(wrapped, found);
  return [...found];
}

function isTensor(x: unknown): x is tf.Tensor {
  return x instanceof tf.Tensor;
}

function selectInput<B>(batch: B, key: UpdateBatchNormOptions<B>['inputKey']): tf.Tensor | tf.Tensor[] {
  let input: unknown;
  if (typeof key === 'function') input = key(batch);
  else if (isTensor(batch)) {
    if (key !== undefined) {
      throw new InvalidArgumentError(`${C}: \`inputKey\` ${describeValue(key)} was given but the batch is a tensor. ` +
        'Drop `inputKey`, or make the data yield objects or arrays.', {argument: 'inputKey'});
    }
    input = batch;
  } else if (Array.isArray(batch)) input = batch[typeof key === 'number' ? key : 0];
  else if (typeof batch === 'object' && batch !== null) {
    const obj = batch as Record<string, unknown>;
    input = key !== undefined ? obj[String(key)] : 'image' in obj ? obj['image'] : obj['xs'];
  }
  const ok = isTensor(input) || (Array.isArray(input) && input.length > 0 && input.every(isTensor));
  if (!ok) {
    const keys = typeof batch === 'object' && batch !== null && !Array.isArray(batch) ? Object.keys(batch) : [];
    throw new InvalidArgumentError(
      `${C}: cannot find the model input in a batch; got ${describeValue(input)} for \`inputKey\` ` +
        `${describeValue(typeof key === 'function' ? 'function' : key ?? '(default)')}` +
        (keys.length ? ` (batch keys: ${keys.join(', ')})` : '') +
        '. Pass `inputKey` (a key, an index or a function returning the input tensor).', {argument: 'inputKey'});
  }
  return input as tf.Tensor | tf.Tensor[];
}

function disposeBatchValue(batch: unknown): void {
  if (isTensor(batch)) batch.dispose();
  else if (Array.isArray(batch)) tf.dispose(batch.filter(isTensor));
  else if (typeof batch === 'object' && batch !== null) disposeBatch(batch);
}

/**
 * Recomputes the moving mean and variance of every BatchNormalization layer of `model` (nested models
 * included) from one pass over `data` with the current weights: the cumulative equal-weight average over
 * batches, as PyTorch's `update_bn`. Run it after copying averaged weights into a model (SWA, EMA): the
 * statistics collected along the training trajectory do not match the averaged weights.
 *
 * The model runs in training mode (`model.apply(x, {training: true})`, so dropout is active, as in PyTorch),
 * without gradients; only the BatchNorm moving statistics change. On any error every statistic is restored.
 *
 * Ownership: every batch pulled from `data` is disposed after use (for an array source these are clones made by
 * `iterateBatches`, so the array's own tensors stay the caller's).
 *
 * @param model The model (its averaged weights already in place).
 * @param data Batches: tensors, arrays whose first element is the input, or objects (`{image}`, `{xs}`, …).
 * @param options `maxBatches`, `inputKey`, `weightByBatchSize`.
 * @returns The layers refreshed and how much data was used.
 * @throws {@link InvalidArgumentError} for bad options, a batch without a usable input, or data with no batch.
 * @throws {@link UnsupportedError} for a BatchNorm layer that tfjs cannot run in training mode or whose
 *   momentum is 1.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {updateBatchNormStatistics} from 'consistency-tfjs';
 *
 * const model = tfl.sequential({layers: [tfl.layers.dense({units: 4, inputShape: [3]}), tfl.layers.batchNormalization()]});
 * function* batches() {
 *   for (let i = 0; i < 5; i++) yield {image: tf.randomNormal([8, 3])};
 * }
 * const {layers, batches: used} = await updateBatchNormStatistics(model, batches);
 * console.log(layers, used); // one layer, 5 batches
 * ```
 */
export async function updateBatchNormStatistics<B>(
  model: tfl.LayersModel, data: BatchSource<B>, options: UpdateBatchNormOptions<B> = {},
): Promise<UpdateBatchNormResult> {
  if (typeof model !== 'object' || model === null || !Array.isArray((model as tfl.LayersModel).layers) ||
    typeof (model as tfl.LayersModel).apply !== 'function') {
    throw new InvalidArgumentError(`${C}: \`model\` must be a tfjs-layers LayersModel; got ${describeValue(model)}.`,
      {argument: 'model'});
  }
  const maxBatches = options.maxBatches === undefined ? undefined
    : checkNumber(C, 'maxBatches', options.maxBatches, {integer: true, min: 1});
  const key = options.inputKey;
  if (key !== undefined && !['string', 'number', 'function'].includes(typeof key)) {
    throw new InvalidArgumentError(
      `${C}: \`inputKey\` must be a string, a number or a function; got ${describeValue(key)}.`, {argument: 'inputKey'});
  }
  const byBatchSize = options.weightByBatchSize ?? false;
  if (typeof byBatchSize !== 'boolean') {
    throw new InvalidArgumentError(
      `${C}: \`weightByBatchSize\` must be a boolean; got ${describeValue(byBatchSize)}.`, {argument: 'weightByBatchSize'});
  }
  const layers = findBatchNormLayers(model);
  if (layers.length === 0) return {layers: [], batches: 0, examples: 0};
  for (const bn of layers) {
    if (!bn.movingMean || !bn.movingVariance) {
      throw new UnsupportedError(`${C}: BatchNormalization layer '${bn.name}' is not built; got no moving statistics. ` +
        'Run the model once (or build it) before refreshing its statistics.');
    }
    if (!bn.gamma || !bn.beta) {
      throw new UnsupportedError(`${C}: BatchNormalization layer '${bn.name}' has center or scale disabled; got ` +
        `center = ${bn.beta !== undefined}, scale = ${bn.gamma !== undefined}. tfjs-layers 4.x cannot run such a layer ` +
        'in training mode (it reads gamma and beta unconditionally), so its statistics cannot be re-estimated.');
    }
    if (!(1 - bn.momentum > 0)) {
      throw new UnsupportedError(`${C}: BatchNormalization layer '${bn.name}' has momentum ${bn.momentum}; got a layer ` +
        'whose moving statistics never change in training. Use a momentum below 1.');
    }
  }
  const stats = layers.map((bn) => ({
    bn,
    mean: bn.movingMean!.read() as tf.Variable,
    variance: bn.movingVariance!.read() as tf.Variable,
    decay: 1 - bn.momentum,
  }));
  const backups = stats.map((s) => [tf.clone(s.mean), tf.clone(s.variance)] as const);
  const acc = stats.map(() => ({mean: null as tf.Tensor | null, variance: null as tf.Tensor | null, weight: 0}));
  let batches = 0;
  let examples = 0;
  let succeeded = false;
  try {
    for await (const batch of iterateBatches(data, C)) {
      try {
        const input = selectInput(batch, key);
        const n = (Array.isArray(input) ? input[0]! : input).shape[0] ?? 1;
        tf.tidy(() => {
          for (const s of stats) {
            s.mean.assign(tf.zerosLike(s.mean));
            s.variance.assign(tf.zerosLike(s.variance));
          }
        });
        const ids = stats.map((s) => s.mean.dataId);
        tf.tidy(() => {
          model.apply(input, {training: true});
        });
        batches++;
        examples += n;
        const w = byBatchSize ? n : 1;
        stats.forEach((s, i) => {
          if (s.mean.dataId === ids[i]) return; // this layer was not reached by the forward pass
          const a = acc[i]!;
          a.weight += w;
          const f = w / a.weight;
          const [mean, variance] = tf.tidy(() => {
            const mu = tf.div(s.mean, s.decay);
            const sigma2 = tf.div(s.variance, s.decay);
            return a.mean === null || a.variance === null ? [mu, sigma2]
              : [tf.add(a.mean, tf.mul(tf.sub(mu, a.mean), f)), tf.add(a.variance, tf.mul(tf.sub(sigma2, a.variance), f))];
          });
          tf.dispose([a.mean, a.variance].filter((t): t is tf.Tensor => t !== null));
          a.mean = mean!;
          a.variance = variance!;
        });
      } finally {
        disposeBatchValue(batch);
      }
      if (maxBatches !== undefined && batches >= maxBatches) break;
    }
    if (batches === 0) {
      throw new InvalidArgumentError(`${C}: \`data\` yielded no batch; got 0 batches. Pass data with at least one batch ` +
        '(a source must make fresh batches on every pass).', {argument: 'data'});
    }
    const unreached: string[] = [];
    stats.forEach((s, i) => {
      const a = acc[i]!;
      if (a.mean === null || a.variance === null) {
        unreached.push(s.bn.name);
        s.mean.assign(backups[i]![0]);
        s.variance.assign(backups[i]![1]);
      } else {
        s.mean.assign(a.mean);
        s.variance.assign(a.variance);
      }
    });
    if (unreached.length > 0) {
      console.warn(`${C}: ${unreached.length} BatchNormalization layer(s) were not reached by the forward pass and ` +
        `keep their statistics (${nameList(unreached)}).`);
    }
    succeeded = true;
    return {layers: stats.filter((_, i) => acc[i]!.mean !== null).map((s) => s.bn.name), batches, examples};
  } finally {
    if (!succeeded) {
      stats.forEach((s, i) => {
        s.mean.assign(backups[i]![0]);
        s.variance.assign(backups[i]![1]);
      });
    }
    tf.dispose(backups.flat());
    tf.dispose(acc.flatMap((a) => [a.mean, a.variance]).filter((t): t is tf.Tensor => t !== null));
  }
}
