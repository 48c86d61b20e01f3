import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {SwaCallback} from '../../src/optim/swa_callback';
import {SWA} from '../../src/optim/swa';
import {updateBatchNormStatistics} from '../../src/optim/update_batch_norm';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {getLearningRate, setLearningRate} from '../../src/optim/learning_rate';
import {InvalidArgumentError} from '../../src/errors';
import type {TrainingPort} from '../../src/train/callbacks/callback';
import {expectNoLeak} from '../helpers/memory';

type Values = number[][];
const values = (ts: readonly tf.Tensor[]): Values => ts.map((t) => Array.from(t.dataSync()));
const trainable = (m: tfl.LayersModel): Values => values(m.trainableWeights.map((w) => w.read()));
const all = (m: tfl.LayersModel): Values => values(m.getWeights());
const mean = (snaps: Values[]): Values =>
  snaps[0]!.map((w, i) => w.map((_, j) => snaps.reduce((s, snap) => s + snap[i]![j]!, 0) / snaps.length));

function expectValues(got: Values, want: Values, digits = 5): void {
  expect(got.length).toBe(want.length);
  got.forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, digits)));
}

const X = Array.from({length: 16 * 3}, (_, i) => Math.sin(i * 1.7) * 2);
const Y = Array.from({length: 16}, (_, i) => Math.cos(i) + 1);

function makeModel(withBn: boolean): tfl.LayersModel {
  return tfl.sequential({layers: [
    tfl.layers.dense({units: 4, inputShape: [3], activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({seed: 3})}),
    ...(withBn ? [tfl.layers.batchNormalization({momentum: 0.9})] : []),
    tfl.layers.dense({units: 1, kernelInitializer: tfl.initializers.glorotUniform({seed: 4})}),
  ]});
}

/** Records trainable and all weights at every batch and epoch end (list it before the callback under test). */
class Recorder extends tfl.Callback {
  batchEnds: Values[] = [];
  epochEnds: Values[] = [];
  epochEndsAll: Values[] = [];
  override async onBatchEnd() {
    this.batchEnds.push(trainable(this.model));
  }
  override async onEpochEnd() {
    this.epochEnds.push(trainable(this.model));
    this.epochEndsAll.push(all(this.model));
  }
}

/** Compiles, fits on the fixed data and cleans up everything but the model. */
async function fit(model: tfl.LayersModel, callbacks: tfl.Callback[], epochs: number, optimizer?: tf.Optimizer) {
  const opt = optimizer ?? tf.train.sgd(0.05);
  model.compile({optimizer: opt, loss: 'meanSquaredError'});
  const x = tf.tensor2d(X, [16, 3]);
  const y = tf.tensor2d(Y, [16, 1]);
  await model.fit(x, y, {epochs, batchSize: 8, shuffle: false, callbacks, verbose: 0});
  tf.dispose([x, y]);
  if (!optimizer) disposeOptimizer(opt);
}

/** A fresh pass of the training inputs for the BatchNorm refresh. */
const bnData = () => (function* () {
  yield tf.tensor2d(X.slice(0, 24), [8, 3]);
  yield tf.tensor2d(X.slice(24), [8, 3]);
})();

function silenceWarnings(): jest.SpyInstance {
  return jest.spyOn(console, 'warn').mockImplementation(() => undefined);
}

describe('SwaCallback with its own averages', () => {
  it('epoch mode in model.fit: assigns the mean of the epoch-end weights, refreshes BatchNorm, restores on request', async () => {
    await expectNoLeak(async () => {
      const model = makeModel(true);
      const rec = new Recorder();
      const swa = new SwaCallback({startEpoch: 2, bnData});
      expect(swa.runsLast).toBe(true);
      await fit(model, [rec, swa], 5);
      expectValues(trainable(model), mean(rec.epochEnds.slice(2)));
      const bnName = model.layers[1]!.name;
      expect(swa.outcome).toEqual({kept: 'averaged', source: 'callback', snapshots: 3, batchNormLayers: [bnName]});
      // The refreshed statistics are those of the averaged weights: refreshing again changes nothing …
      const refreshed = all(model);
      await updateBatchNormStatistics(model, bnData);
      expectValues(all(model), refreshed, 5);
      // … and differ from the ones collected along the trajectory.
      const live = rec.epochEndsAll[4]!;
      expect(refreshed[3]).not.toEqual(live[3]);
      expect(swa.restoreTrainingWeights()).toBe(true);
      expectValues(all(model), live, 6);
      expect(swa.restoreTrainingWeights()).toBe(false);
      swa.dispose();
      model.dispose();
    });
  });

  it('steps mode follows the tfa rule: snapshots after steps startStep + i·p (0-based)', async () => {
    await expectNoLeak(async () => {
      const model = makeModel(false);
      const rec = new Recorder();
      const swa = new SwaCallback({frequency: {steps: 3}, startStep: 1});
      await fit(model, [rec, swa], 3); // 6 steps: snapshots after step indices 1 and 4
      expect(swa.snapshotCount).toBe(2);
      expectValues(trainable(model), mean([rec.batchEnds[1]!, rec.batchEnds[4]!]));
      const averaged = swa.averagedWeights();
      expectValues(values(averaged.map((e) => e.tensor)), mean([rec.batchEnds[1]!, rec.batchEnds[4]!]));
      tf.dispose(averaged.map((e) => e.tensor));
      swa.dispose();
      model.dispose();
    });
  });

  it('averageBuffers averages the BatchNorm statistics too and skips the refresh', async () => {
    const warn = silenceWarnings();
    try {
      await expectNoLeak(async () => {
        const model = makeModel(true);
        const rec = new Recorder();
        const swa = new SwaCallback({startEpoch: 1, averageBuffers: true});
        await fit(model, [rec, swa], 3);
        expectValues(all(model), mean(rec.epochEndsAll.slice(1)));
        expect(swa.outcome?.batchNormLayers).toEqual([]);
        expect(warn).not.toHaveBeenCalled();
        swa.dispose();
        model.dispose();
      });
    } finally {
      warn.mockRestore();
    }
  });

  it('swapAtTrainEnd: false leaves the model alone and hands the averages out', async () => {
    await expectNoLeak(async () => {
      const model = makeModel(false);
      const rec = new Recorder();
      const swa = new SwaCallback({startEpoch: 0, swapAtTrainEnd: false});
      await fit(model, [rec, swa], 2);
      expectValues(trainable(model), rec.epochEnds[1]!, 6);
      const averaged = swa.averagedWeights();
      expectValues(values(averaged.map((e) => e.tensor)), mean(rec.epochEnds));
      tf.dispose(averaged.map((e) => e.tensor));
      expect(swa.outcome?.kept).toBe('live');
      swa.dispose();
      model.dispose();
    });
  });

  it('warns and keeps the live weights when training ends before the first snapshot', async () => {
    const warn = silenceWarnings();
    try {
      await expectNoLeak(async () => {
        const model = makeModel(false);
        const rec = new Recorder();
        const swa = new SwaCallback({startEpoch: 10});
        await fit(model, [rec, swa], 2);
        expectValues(trainable(model), rec.epochEnds[1]!, 6);
        expect(swa.outcome).toEqual({kept: 'none', source: 'none', snapshots: 0, batchNormLayers: []});
        expect(String(warn.mock.calls[0]![0])).toMatch(/no average to apply at train end; got 0 snapshots/);
        swa.dispose();
        model.dispose();
      });
    } finally {
      warn.mockRestore();
    }
  });

  it('selectBy keeps whichever weights score better', async () => {
    await expectNoLeak(async () => {
      const outcomes: Array<{kept: string; averaged: number; live: number; final: number}> = [];
      for (const mode of ['max', 'min'] as const) {
        const model = makeModel(false);
        // score: the prediction for one fixed input (it differs between the average and the last iterate). Under
        // fit, tfjs hands callbacks a Sequential's inner functional model, so the score must not index layers.
        const score = (m: tfl.LayersModel) => tf.tidy(() => (m.predict(tf.tensor2d([[1, -1, 0.5]])) as tf.Tensor).dataSync()[0]!);
        const swa = new SwaCallback({startEpoch: 0, selectBy: {score, mode}});
        await fit(model, [swa], 4);
        const o = swa.outcome!;
        outcomes.push({kept: o.kept, averaged: o.scores!.averaged, live: o.scores!.live, final: score(model)});
        swa.dispose();
        model.dispose();
      }
      const [max, min] = outcomes;
      expect(max!.averaged).not.toBeCloseTo(max!.live, 6);
      expect(max!.kept).toBe(max!.averaged >= max!.live ? 'averaged' : 'live');
      expect(min!.kept).toBe(min!.averaged <= min!.live ? 'averaged' : 'live');
      expect(max!.kept).not.toBe(min!.kept);
      expect(max!.final).toBeCloseTo(Math.max(max!.averaged, max!.live), 6);
      expect(min!.final).toBeCloseTo(Math.min(min!.averaged, min!.live), 6);
    });
  });

  it('warns when another callback restored weights after the last step (EarlyStopping-style)', async () => {
    const warn = silenceWarnings();
    try {
      await expectNoLeak(async () => {
        class RestoreAtEnd extends tfl.Callback {
          saved: tf.Tensor[] = [];
          override async onTrainBegin() {
            this.saved = this.model.getWeights().map((t) => tf.clone(t));
          }
          override async onTrainEnd() {
            this.model.setWeights(this.saved);
            tf.dispose(this.saved);
          }
        }
        const model = makeModel(false);
        const swa = new SwaCallback({startEpoch: 0});
        await fit(model, [new RestoreAtEnd(), swa], 2);
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toMatch(/trainable weights were replaced after the last training step.*selectBy/);
        swa.dispose();
        model.dispose();
      });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('SwaCallback applying an averaging optimizer', () => {
  it('puts the SWA optimizer\'s averages into the model at train end', async () => {
    await expectNoLeak(async () => {
      const model = makeModel(false);
      const adam = tf.train.adam(0.02);
      const opt = new SWA(adam, {startAveraging: 1, averagePeriod: 2});
      const rec = new Recorder();
      const swa = new SwaCallback();
      expect(swa.ownsAveraging).toBe(false);
      await fit(model, [rec, swa], 3, opt);
      expect(swa.outcome).toEqual({kept: 'averaged', source: 'optimizer', snapshots: 3, batchNormLayers: []});
      expectValues(trainable(model), mean([rec.batchEnds[1]!, rec.batchEnds[3]!, rec.batchEnds[5]!]));
      const fromCallback = swa.averagedWeights();
      expect(fromCallback.length).toBe(4);
      tf.dispose(fromCallback.map((e) => e.tensor));
      swa.restoreTrainingWeights();
      expectValues(trainable(model), rec.batchEnds[5]!, 6);
      swa.dispose();
      opt.dispose();
      disposeOptimizer(adam);
      model.dispose();
    });
  });
});

describe('SwaCallback in a training loop that hands over its port (as the SelfTrainer does)', () => {
  it('averages at epoch ends, anneals the rate through the port and applies the average in onTrainEnd', async () => {
    const warn = silenceWarnings();
    try {
      await expectNoLeak(async () => {
        const model = makeModel(false);
        const sgd = tf.train.sgd(0.1);
        const port: TrainingPort & {callbacks: unknown[]} = {
          model, optimizer: sgd, stopTraining: false,
          getLearningRate: () => getLearningRate(sgd),
          setLearningRate: (lr) => setLearningRate(sgd, lr),
          callbacks: [{restoreBestWeights: true}],
        };
        const swa = new SwaCallback({startEpoch: 1, swaLr: 0.01, annealEpochs: 1});
        swa.setTrainingPort(port);
        const x = tf.tensor2d(X, [16, 3]);
        const y = tf.tensor2d(Y, [16, 1]);
        const rates: number[] = [];
        const epochEnds: Values[] = [];
        await swa.onTrainBegin();
        for (let epoch = 0; epoch < 3; epoch++) {
          await swa.onEpochBegin(epoch);
          rates.push(getLearningRate(sgd));
          for (let b = 0; b < 2; b++) {
            sgd.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, false,
              model.trainableWeights.map((w) => w.read() as tf.Variable));
            await swa.onBatchEnd(b);
          }
          epochEnds.push(trainable(model));
          await swa.onEpochEnd(epoch);
        }
        await swa.onTrainEnd();
        expect(rates).toEqual([0.1, 0.01, 0.01]);
        expectValues(trainable(model), mean(epochEnds.slice(1)));
        expect(swa.outcome?.snapshots).toBe(2);
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toMatch(/an EarlyStopping with restoreBestWeights is also registered/);
        tf.dispose([x, y]);
        swa.dispose();
        disposeOptimizer(sgd);
        model.dispose();
      });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('SwaCallback validation', () => {
  it.each([
    [{startStep: 3}, /`startStep` needs `frequency: \{steps: p\}`/],
    [{frequency: {steps: 2}, startEpoch: 1}, /`startEpoch` applies to frequency 'epoch'/],
    [{frequency: {steps: 0}}, /`frequency.steps` must be >= 1; got 0/],
    [{frequency: 'batch' as never}, /`frequency` must be 'epoch' or \{steps: p\}; got 'batch'/],
    [{startEpoch: 1, averageBuffers: true, bnData}, /`averageBuffers` and `bnData` exclude each other/],
    [{swaLr: 0.01}, /`swaLr` needs `startEpoch`/],
    [{startEpoch: 1, swaLr: 0.01, annealStrategy: 'cosine' as never}, /unknown `annealStrategy` 'cosine'/],
    [{startEpoch: -1}, /`startEpoch` must be >= 0; got -1/],
    [{selectBy: {score: 1, mode: 'max'} as never}, /`selectBy` must be \{score: \(model\) => number, mode\}/],
    [{selectBy: {score: () => 1, mode: 'up'} as never}, /unknown `selectBy.mode` 'up'\. Valid values: 'max', 'min'/],
    [{swapAtTrainEnd: 'no' as never}, /`swapAtTrainEnd` must be a boolean; got 'no'/],
  ])('rejects %p', (args, message) => {
    expect(() => new SwaCallback(args)).toThrow(InvalidArgumentError);
    expect(() => new SwaCallback(args)).toThrow(message);
  });
});
