import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {SWALR} from '../../src/optim/swa_schedule';
import {SWA} from '../../src/optim/swa';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {getLearningRate} from '../../src/optim/learning_rate';
import {InvalidArgumentError} from '../../src/errors';
import type {TrainingPort} from '../../src/train/callbacks/callback';
import {expectNoLeak} from '../helpers/memory';

/** A port over a plain number, as a training loop would hand over. */
function numberPort(lr: number): TrainingPort & {lr: number} {
  const port = {
    lr,
    model: undefined as unknown as tfl.LayersModel,
    optimizer: undefined,
    stopTraining: false,
    getLearningRate: () => port.lr,
    setLearningRate: (v: number) => {
      port.lr = v;
    },
  };
  return port;
}

async function rates(schedule: SWALR, lr0: number, epochs: number): Promise<number[]> {
  const port = numberPort(lr0);
  schedule.setTrainingPort(port);
  const out: number[] = [];
  for (let e = 0; e < epochs; e++) {
    await schedule.onEpochBegin(e);
    out.push(port.lr);
  }
  return out;
}

describe('SWALR (PyTorch swa_utils.SWALR)', () => {
  it('anneals with (1 − cos(πt))/2 from the current rate to swaLr over annealEpochs, then holds it', async () => {
    const got = await rates(new SWALR({swaLr: 0.01, annealEpochs: 4, startEpoch: 2}), 0.1, 8);
    const cos = (t: number) => (1 - Math.cos(Math.PI * t)) / 2;
    const want = [0.1, 0.1, ...[1, 2, 3, 4, 5, 6].map((s) => {
      const a = cos(Math.min(1, s / 4));
      return 0.01 * a + 0.1 * (1 - a);
    })];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    expect(got[5]).toBe(0.01);
    expect(got[2]).toBeCloseTo(0.1 - 0.09 * 0.14644660940672624, 12);
  });

  it('linear strategy and annealEpochs = 0', async () => {
    const linear = await rates(new SWALR({swaLr: 0.2, annealEpochs: 2, annealStrategy: 'linear'}), 1, 4);
    expect(linear.map((v) => Number(v.toFixed(12)))).toEqual([0.6, 0.2, 0.2, 0.2]);
    const immediate = await rates(new SWALR({swaLr: 0.05, annealEpochs: 0, startEpoch: 1}), 1, 3);
    expect(immediate).toEqual([1, 0.05, 0.05]);
  });

  it('composes with a change made by another callback, as PyTorch recovers the base rate from the current one', async () => {
    const schedule = new SWALR({swaLr: 0, annealEpochs: 4, annealStrategy: 'linear'});
    const port = numberPort(1);
    schedule.setTrainingPort(port);
    await schedule.onEpochBegin(0); // 0.75
    port.lr /= 2; // e.g. ReduceLROnPlateau halves it: as if the base rate were 0.5
    await schedule.onEpochBegin(1);
    expect(port.lr).toBeCloseTo(0.25, 12); // 0.5 · (1 − 2/4)
  });

  it('drives an SWA-wrapped optimizer inside model.fit, changing the inner optimizer\'s rate', async () => {
    await expectNoLeak(async () => {
      const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [1]})]});
      const sgd = tf.train.sgd(0.1);
      const swa = new SWA(sgd, {averagePeriod: 1});
      model.compile({optimizer: swa, loss: 'meanSquaredError'});
      const seen: number[] = [];
      class Probe extends tfl.Callback {
        override async onEpochEnd() {
          seen.push(getLearningRate(sgd));
        }
      }
      const x = tf.ones([4, 1]);
      const y = tf.ones([4, 1]);
      await model.fit(x, y, {epochs: 4, callbacks: [new SWALR({swaLr: 0.02, annealEpochs: 2, startEpoch: 1, annealStrategy: 'linear'}), new Probe()], verbose: 0});
      expect(seen.map((v) => Number(v.toFixed(10)))).toEqual([0.1, 0.06, 0.02, 0.02]);
      tf.dispose([x, y]);
      swa.dispose();
      disposeOptimizer(sgd);
      model.dispose();
    });
  });

  it.each([
    [{} as never, /`swaLr` must be a finite number; got undefined/],
    [{swaLr: -1}, /`swaLr` must be >= 0; got -1/],
    [{swaLr: 0.1, annealEpochs: 1.5}, /`annealEpochs` must be an integer/],
    [{swaLr: 0.1, annealStrategy: 'cosine' as never}, /unknown `annealStrategy` 'cosine'\. Valid values: 'cos', 'linear'\.$/],
    [{swaLr: 0.1, startEpoch: -2}, /`startEpoch` must be >= 0; got -2/],
  ])('rejects %p', (args, message) => {
    expect(() => new SWALR(args)).toThrow(InvalidArgumentError);
    expect(() => new SWALR(args)).toThrow(message);
  });
});
