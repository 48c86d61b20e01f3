import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {updateBatchNormStatistics} from '../../src/optim/update_batch_norm';
import {Rng} from '../../src/random/rng';
import {InvalidArgumentError, UnsupportedError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

/** Batches of [n, 2, 2, 3] "images" as plain arrays (so expected statistics are computed without tfjs). */
function makeBatches(sizes: number[], seed = 7): Float32Array[] {
  const rng = new Rng(seed);
  return sizes.map((n) => Float32Array.from({length: n * 2 * 2 * 3}, (_, i) => rng.float() * 4 - 1 + (i % 3)));
}

/** Per-channel mean and biased variance of one NHWC batch with C channels. */
function channelStats(values: Float32Array, channels: number): {mean: number[]; variance: number[]} {
  const mean: number[] = [];
  const variance: number[] = [];
  for (let c = 0; c < channels; c++) {
    const xs = Array.from(values.filter((_, i) => i % channels === c));
    const mu = xs.reduce((s, v) => s + v, 0) / xs.length;
    mean.push(mu);
    variance.push(xs.reduce((s, v) => s + (v - mu) ** 2, 0) / xs.length);
  }
  return {mean, variance};
}

/** Weighted average of per-batch statistics, as the function should compute them. */
function expectedStats(batches: Float32Array[], channels: number, weights: number[]) {
  const per = batches.map((b) => channelStats(b, channels));
  const total = weights.reduce((s, w) => s + w, 0);
  const avg = (pick: (s: {mean: number[]; variance: number[]}) => number[]) =>
    Array.from({length: channels}, (_, c) => per.reduce((s, st, i) => s + pick(st)[c]! * weights[i]!, 0) / total);
  return {mean: avg((s) => s.mean), variance: avg((s) => s.variance)};
}

function bnModel(): tfl.LayersModel {
  return tfl.sequential({layers: [tfl.layers.batchNormalization({inputShape: [2, 2, 3], momentum: 0.9})]});
}

function stats(layer: tfl.layers.Layer): {mean: number[]; variance: number[]} {
  const [, , mean, variance] = layer.getWeights();
  return {mean: Array.from(mean!.dataSync()), variance: Array.from(variance!.dataSync())};
}

function expectClose(got: number[], want: number[], digits = 5): void {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, digits));
}

describe('updateBatchNormStatistics', () => {
  it('reproduces the equal-weight average of per-batch mean and (biased) variance computed by hand', async () => {
    const model = bnModel();
    const arrays = makeBatches([4, 4, 2]);
    await expectNoLeak(async () => {
      const source = function* () {
        for (const a of arrays) yield {image: tf.tensor4d(a, [a.length / 12, 2, 2, 3]), label: tf.tensor1d([0])};
      };
      const result = await updateBatchNormStatistics(model, source);
      expect(result).toEqual({layers: [model.layers[0]!.name], batches: 3, examples: 10});
    });
    const want = expectedStats(arrays, 3, [1, 1, 1]);
    const got = stats(model.layers[0]!);
    expectClose(got.mean, want.mean);
    expectClose(got.variance, want.variance);
    // gamma and beta untouched
    const [gamma, beta] = model.layers[0]!.getWeights();
    expect(Array.from(gamma!.dataSync())).toEqual([1, 1, 1]);
    expect(Array.from(beta!.dataSync())).toEqual([0, 0, 0]);
    model.dispose();
  });

  it('weightByBatchSize weights batches by their number of examples', async () => {
    const model = bnModel();
    const arrays = makeBatches([4, 4, 2], 11);
    await expectNoLeak(async () => {
      const source = () => arrays.map((a) => tf.tensor4d(a, [a.length / 12, 2, 2, 3]))[Symbol.iterator]();
      await updateBatchNormStatistics(model, source, {weightByBatchSize: true});
    });
    const want = expectedStats(arrays, 3, [4, 4, 2]);
    const got = stats(model.layers[0]!);
    expectClose(got.mean, want.mean);
    expectClose(got.variance, want.variance);
    model.dispose();
  });

  it('finds BatchNorm layers inside nested models and leaves every other weight untouched', async () => {
    const inner = tfl.sequential({layers: [tfl.layers.batchNormalization({inputShape: [2], momentum: 0.99})]});
    const outer = tfl.sequential({layers: [
      tfl.layers.dense({units: 2, inputShape: [3], weights: [tf.tensor2d([[1, 0], [2, 1], [0, -1]]), tf.tensor1d([0.5, -0.5])]}),
      inner,
    ]});
    const rng = new Rng(3);
    const xs = [0, 1].map(() => Float32Array.from({length: 5 * 3}, () => rng.float() * 2));
    const dense = outer.layers[0]!.getWeights().map((t) => Array.from(t.dataSync()));
    await expectNoLeak(async () => {
      const result = await updateBatchNormStatistics(outer, () => xs.map((x) => [tf.tensor2d(x, [5, 3]), tf.zeros([5])])[Symbol.iterator]());
      expect(result.layers).toEqual([inner.layers[0]!.name]);
    });
    // the BatchNorm input is z = x·W + b, computed here by hand
    const zs = xs.map((x) => Float32Array.from({length: 10}, (_, i) => {
      const r = Math.floor(i / 2);
      const c = i % 2;
      const W = [[1, 0], [2, 1], [0, -1]];
      return x[r * 3]! * W[0]![c]! + x[r * 3 + 1]! * W[1]![c]! + x[r * 3 + 2]! * W[2]![c]! + (c === 0 ? 0.5 : -0.5);
    }));
    const want = expectedStats(zs, 2, [1, 1]);
    const got = stats(inner.layers[0]!);
    expectClose(got.mean, want.mean, 4);
    expectClose(got.variance, want.variance, 4);
    expect(outer.layers[0]!.getWeights().map((t) => Array.from(t.dataSync()))).toEqual(dense);
    outer.dispose();
  });

  it('keeps (and names in one warning) a BatchNorm layer the forward pass never reaches', async () => {
    const hidden = tfl.layers.batchNormalization({name: 'unused_bn'});
    const built = tf.zeros([1, 3]);
    tf.dispose(hidden.apply(built) as tf.Tensor);
    built.dispose();
    class Holder extends tfl.layers.Layer {
      static className = 'Holder';
      readonly layers = [hidden];
      override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
        return tf.clone(Array.isArray(inputs) ? inputs[0]! : inputs);
      }
    }
    const model = tfl.sequential({layers: [new Holder({inputShape: [3]}), tfl.layers.batchNormalization({name: 'used_bn'})]});
    hidden.setWeights([tf.ones([3]), tf.zeros([3]), tf.fill([3], 7), tf.fill([3], 9)]);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expectNoLeak(async () => {
        const result = await updateBatchNormStatistics(model, function* () {
          yield tf.tensor2d([[1, 2, 3], [3, 4, 5]]);
        });
        expect(result.layers).toEqual(['used_bn']);
      });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/1 BatchNormalization layer\(s\) were not reached.*'unused_bn'/);
      expect(stats(hidden)).toEqual({mean: [7, 7, 7], variance: [9, 9, 9]});
      expectClose(stats(model.layers[1]!).mean, [2, 3, 4]);
      expectClose(stats(model.layers[1]!).variance, [1, 1, 1]);
    } finally {
      warn.mockRestore();
      model.dispose();
      hidden.dispose();
    }
  });

  it('maxBatches stops pulling from the source', async () => {
    const model = bnModel();
    const arrays = makeBatches([3, 3, 3, 3], 5);
    let pulled = 0;
    await expectNoLeak(async () => {
      const source = function* () {
        for (const a of arrays) {
          pulled++;
          yield tf.tensor4d(a, [3, 2, 2, 3]);
        }
      };
      const result = await updateBatchNormStatistics(model, source, {maxBatches: 2});
      expect(result.batches).toBe(2);
    });
    expect(pulled).toBe(2);
    expectClose(stats(model.layers[0]!).mean, expectedStats(arrays.slice(0, 2), 3, [1, 1]).mean);
    model.dispose();
  });

  it('selects the input by key, index or function', async () => {
    const model = bnModel();
    const [a] = makeBatches([2], 9);
    const want = expectedStats([a!], 3, [1]);
    const x = tf.tensor4d(a!, [2, 2, 2, 3]);
    const y = tf.zeros([2, 1]);
    await expectNoLeak(async () => {
      await updateBatchNormStatistics(model, [{xs: x, ys: y}]);
      expectClose(stats(model.layers[0]!).mean, want.mean);
      await updateBatchNormStatistics(model, [{ys: y, pixels: x}], {inputKey: 'pixels'});
      await updateBatchNormStatistics(model, [[y, x]], {inputKey: 1});
      await updateBatchNormStatistics(model, [{nested: {x}}], {inputKey: (b) => b.nested.x});
      expectClose(stats(model.layers[0]!).mean, want.mean);
    });
    // an array source belongs to the caller: its tensors are not disposed
    expect(x.isDisposed || y.isDisposed).toBe(false);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('restores every statistic and leaks nothing when a batch has no usable input or the forward pass fails', async () => {
    const model = bnModel();
    const before = stats(model.layers[0]!);
    const [a, b] = makeBatches([2, 2], 4);
    const missing = await expectNoLeakOnThrow(() => updateBatchNormStatistics(model, function* () {
      yield {image: tf.tensor4d(a!, [2, 2, 2, 3])};
      yield {pixels: tf.tensor4d(b!, [2, 2, 2, 3]), label: tf.zeros([2])};
    }));
    expect(missing).toBeInstanceOf(InvalidArgumentError);
    expect((missing as Error).message).toMatch(/cannot find the model input in a batch.*\(batch keys: pixels, label\)\. Pass `inputKey`/);
    expect(stats(model.layers[0]!)).toEqual(before);
    const badShape = await expectNoLeakOnThrow(() => updateBatchNormStatistics(model, function* () {
      yield tf.zeros([2, 2, 2, 5]); // 5 channels where the layer expects 3
    }));
    expect(badShape).toBeInstanceOf(Error);
    expect(stats(model.layers[0]!)).toEqual(before);
    const empty = await expectNoLeakOnThrow(() => updateBatchNormStatistics(model, []));
    expect((empty as Error).message).toMatch(/`data` yielded no batch; got 0 batches/);
    expect(stats(model.layers[0]!)).toEqual(before);
    model.dispose();
  });

  it('validates its arguments and refuses BatchNorm layers it cannot re-estimate', async () => {
    const model = bnModel();
    for (const [opts, re] of [
      [{maxBatches: 0}, /`maxBatches` must be >= 1; got 0/],
      [{inputKey: true}, /`inputKey` must be a string, a number or a function; got true/],
      [{weightByBatchSize: 'yes'}, /`weightByBatchSize` must be a boolean; got 'yes'/],
    ] as const) {
      const err = await expectNoLeakOnThrow(() => updateBatchNormStatistics(model, [], opts as never));
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(re);
    }
    const notModel = await expectNoLeakOnThrow(() => updateBatchNormStatistics({} as tfl.LayersModel, []));
    expect((notModel as Error).message).toMatch(/`model` must be a tfjs-layers LayersModel/);
    model.dispose();
    const frozen = tfl.sequential({layers: [tfl.layers.batchNormalization({inputShape: [3], momentum: 1})]});
    const noScale = tfl.sequential({layers: [tfl.layers.batchNormalization({inputShape: [3], scale: false})]});
    const batch = tf.zeros([2, 3]);
    for (const [m, re] of [[frozen, /has momentum 1/], [noScale, /center or scale disabled/]] as const) {
      m.predict(batch); // builds the layer
      const err = await expectNoLeakOnThrow(() => updateBatchNormStatistics(m, [batch]));
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as Error).message).toMatch(re);
      m.dispose();
    }
    batch.dispose();
  });

  it('returns at once for a model without BatchNorm, without pulling any batch', async () => {
    const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [2]})]});
    let pulled = 0;
    const result = await updateBatchNormStatistics(model, function* () {
      pulled++;
      yield tf.zeros([1, 2]);
    });
    expect(result).toEqual({layers: [], batches: 0, examples: 0});
    expect(pulled).toBe(0);
    model.dispose();
  });
});
