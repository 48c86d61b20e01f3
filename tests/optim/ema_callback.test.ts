import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {EmaCallback} from '../../src/optim/ema_callback';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {InvalidArgumentError} from '../../src/errors';
import {expectNoLeak} from '../helpers/memory';

type Values = number[][];
const allWeights = (m: tfl.LayersModel): Values => m.getWeights().map((t) => Array.from(t.dataSync()));

function expectValues(got: Values, want: Values, digits = 5): void {
  expect(got.length).toBe(want.length);
  got.forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, digits)));
}

describe('EmaCallback (timm ModelEmaV3)', () => {
  it('decayAt follows get_decay: copy until updateAfterStep + 1, then decay or the warm-up curve', () => {
    const plain = new EmaCallback({decay: 0.9, updateAfterStep: 2});
    expect([1, 2, 3].map((s) => plain.decayAt(s))).toEqual([0, 0, 0]);
    expect(plain.decayAt(4)).toBe(0.9);
    const warm = new EmaCallback({decay: 0.999, useWarmup: true, warmupGamma: 1, warmupPower: 0.75, minDecay: 0.1});
    expect(warm.decayAt(1)).toBe(0);
    expect(warm.decayAt(2)).toBeCloseTo(Math.max(0.1, 1 - 2 ** -0.75), 12); // t = 1
    expect(warm.decayAt(11)).toBeCloseTo(1 - 11 ** -0.75, 12); // t = 10
    expect(warm.decayAt(1e9)).toBe(0.999);
    expect(new EmaCallback({useWarmup: true, minDecay: 0.5}).decayAt(2)).toBe(0.5); // 1 − 2^(−2/3) ≈ 0.37 < minDecay
  });

  it('in model.fit: the model ends with the EMA of the post-step weights, BatchNorm statistics included', async () => {
    await expectNoLeak(async () => {
      const model = tfl.sequential({layers: [
        tfl.layers.dense({units: 3, inputShape: [2], kernelInitializer: tfl.initializers.glorotUniform({seed: 5})}),
        tfl.layers.batchNormalization({momentum: 0.5}),
        tfl.layers.dense({units: 1, kernelInitializer: tfl.initializers.glorotUniform({seed: 6})}),
      ]});
      const steps: Values[] = [];
      class Recorder extends tfl.Callback {
        override async onBatchEnd() {
          steps.push(allWeights(this.model));
        }
      }
      const ema = new EmaCallback({decay: 0.6, updateAfterStep: 1});
      const sgd = tf.train.sgd(0.05);
      model.compile({optimizer: sgd, loss: 'meanSquaredError'});
      const x = tf.tensor2d([[1, 2], [2, 0], [0, 1], [3, 1], [1, 1], [2, 2]]);
      const y = tf.tensor2d([[1], [0], [1], [2], [1], [0]]);
      await model.fit(x, y, {epochs: 3, batchSize: 3, shuffle: false, callbacks: [new Recorder(), ema], verbose: 0});
      // By hand: the first two updates copy (t = 0), then avg ← 0.6·avg + 0.4·w.
      let expected = steps[0]!;
      steps.forEach((w, i) => {
        const d = i + 1 <= 2 ? 0 : 0.6;
        expected = expected.map((row, a) => row.map((v, b) => d * v + (1 - d) * w[a]![b]!));
      });
      expect(ema.snapshotCount).toBe(6);
      expectValues(allWeights(model), expected);
      expect(ema.outcome).toEqual({kept: 'averaged', source: 'callback', snapshots: 6, batchNormLayers: []});
      ema.restoreTrainingWeights();
      expectValues(allWeights(model), steps[5]!, 6);
      tf.dispose([x, y]);
      ema.dispose();
      disposeOptimizer(sgd);
      model.dispose();
    });
  });

  it('averageBuffers: false averages trainable weights only and refreshes BatchNorm from bnData', async () => {
    await expectNoLeak(async () => {
      const model = tfl.sequential({layers: [
        tfl.layers.dense({units: 3, inputShape: [2]}),
        tfl.layers.batchNormalization(),
      ]});
      const ema = new EmaCallback({decay: 0.5, averageBuffers: false, bnData: () => [tf.tensor2d([[1, 2], [3, 4]])][Symbol.iterator]()});
      const sgd = tf.train.sgd(0.01);
      model.compile({optimizer: sgd, loss: 'meanSquaredError'});
      const x = tf.tensor2d([[1, 2], [2, 0]]);
      const y = tf.zeros([2, 3]);
      await model.fit(x, y, {epochs: 2, callbacks: [ema], verbose: 0});
      expect(ema.outcome?.batchNormLayers).toEqual([model.layers[1]!.name]);
      const averaged = ema.averagedWeights();
      expect(averaged.length).toBe(model.trainableWeights.length);
      tf.dispose(averaged.map((e) => e.tensor));
      tf.dispose([x, y]);
      ema.dispose();
      disposeOptimizer(sgd);
      model.dispose();
    });
  });

  it.each([
    [{decay: 1.2}, /`decay` must be <= 1; got 1.2/],
    [{warmupGamma: 0}, /`warmupGamma` must be > 0; got 0/],
    [{updateAfterStep: -1}, /`updateAfterStep` must be >= 0; got -1/],
    [{useWarmup: 1 as never}, /`useWarmup` must be a boolean; got 1/],
    [{bnData: [] as never}, /`bnData` needs `averageBuffers: false`/],
  ])('rejects %p', (args, message) => {
    expect(() => new EmaCallback(args)).toThrow(InvalidArgumentError);
    expect(() => new EmaCallback(args)).toThrow(message);
  });
});
