import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {LearningRateScheduler} from '../../src/optim/lr_scheduler';
import {SWA} from '../../src/optim/swa';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {getLearningRate} from '../../src/optim/learning_rate';
import {InvalidArgumentError} from '../../src/errors';
import type {TrainingPort} from '../../src/train/callbacks/callback';
import {expectNoLeak} from '../helpers/memory';

describe('LearningRateScheduler (Keras)', () => {
  it('sets lr = schedule(epoch, lr) at every epoch start in model.fit, through an SWA wrapper, and logs it', async () => {
    await expectNoLeak(async () => {
      const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [2]})]});
      const adam = tf.train.adam(0.1);
      const swa = new SWA(adam);
      model.compile({optimizer: swa, loss: 'meanSquaredError'});
      const calls: Array<[number, number]> = [];
      const scheduler = new LearningRateScheduler((epoch, lr) => {
        calls.push([epoch, lr]);
        return epoch < 2 ? lr : lr / 2;
      });
      const x = tf.ones([4, 2]);
      const y = tf.zeros([4, 1]);
      const history = await model.fit(x, y, {epochs: 4, callbacks: [scheduler], verbose: 0});
      expect(calls).toEqual([[0, 0.1], [1, 0.1], [2, 0.1], [3, 0.05]]);
      expect(scheduler.history).toEqual([0.1, 0.1, 0.05, 0.025]);
      expect(getLearningRate(adam)).toBe(0.025);
      expect(history.history['lr']).toEqual([0.1, 0.1, 0.05, 0.025]);
      expect(history.history['learning_rate']).toEqual([0.1, 0.1, 0.05, 0.025]);
      // reusable: history resets
      await model.fit(x, y, {epochs: 1, callbacks: [scheduler], verbose: 0});
      expect(scheduler.history).toEqual([0.025]);
      tf.dispose([x, y]);
      swa.dispose();
      disposeOptimizer(adam);
      model.dispose();
    });
  });

  it('works through a port handed over by a training loop', async () => {
    let lr = 1;
    const port: TrainingPort = {
      model: undefined as unknown as tfl.LayersModel, optimizer: undefined, stopTraining: false,
      getLearningRate: () => lr, setLearningRate: (v) => { lr = v; },
    };
    const scheduler = new LearningRateScheduler((epoch) => 0.1 * 0.5 ** epoch);
    scheduler.setTrainingPort(port);
    await scheduler.onTrainBegin();
    for (let e = 0; e < 3; e++) await scheduler.onEpochBegin(e);
    expect(lr).toBeCloseTo(0.025, 12);
  });

  it('rejects a schedule that is not a function or returns a bad rate', async () => {
    expect(() => new LearningRateScheduler(0.1 as never)).toThrow(/`schedule` must be a function \(epoch, lr\) => lr; got 0.1/);
    const scheduler = new LearningRateScheduler(() => Number.NaN);
    scheduler.setTrainingPort({
      model: undefined as unknown as tfl.LayersModel, optimizer: undefined, stopTraining: false,
      getLearningRate: () => 1, setLearningRate: () => undefined,
    });
    await expect(scheduler.onEpochBegin(4)).rejects.toThrow(InvalidArgumentError);
    await expect(scheduler.onEpochBegin(4)).rejects.toThrow(/must return a finite number >= 0; got NaN at epoch 4/);
  });
});
