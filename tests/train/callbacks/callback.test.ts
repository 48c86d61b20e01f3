import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {TrainingCallback, portFromModel, type TrainingPort} from '../../../src/train/callbacks/callback';
import {UnsupportedError} from '../../../src/errors';
import {expectNoLeak} from '../../helpers/memory';

class Recorder extends TrainingCallback {
  epochs: number[] = [];
  lrSeen: number[] = [];
  constructor(private readonly stopAt: number, private readonly newLr?: number) {
    super();
  }
  override async onTrainBegin() {
    this.epochs = [];
    this.lrSeen = [];
  }
  override async onEpochEnd(epoch: number) {
    this.epochs.push(epoch);
    this.lrSeen.push(this.training.getLearningRate());
    if (this.newLr !== undefined) this.training.setLearningRate(this.newLr);
    if (epoch + 1 >= this.stopAt) this.training.stopTraining = true;
  }
}

function tinyModel(lr: number) {
  const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [2]})]});
  model.compile({optimizer: tf.train.sgd(lr), loss: 'meanSquaredError'});
  return model;
}

describe('TrainingCallback', () => {
  it('works inside tfjs model.fit: stops training and changes the learning rate through the model port', async () => {
    await expectNoLeak(async () => {
      const model = tinyModel(0.1);
      const x = tf.ones([4, 2]);
      const y = tf.zeros([4, 1]);
      const cb = new Recorder(2, 0.05);
      const history = await model.fit(x, y, {epochs: 10, callbacks: [cb], verbose: 0});
      expect(history.epoch).toEqual([0, 1]);
      expect(cb.epochs).toEqual([0, 1]);
      expect(cb.lrSeen[0]).toBeCloseTo(0.1, 10);
      expect(cb.lrSeen[1]).toBeCloseTo(0.05, 10);
      // Reusable: state resets in onTrainBegin.
      model.stopTraining = false;
      await model.fit(x, y, {epochs: 10, callbacks: [cb], verbose: 0});
      expect(cb.epochs).toEqual([0, 1]);
      x.dispose();
      y.dispose();
      model.optimizer.dispose(); // a user-supplied optimizer is not owned (or disposed) by the model
      model.dispose();
    });
  });

  it('prefers a port handed over by a training loop', async () => {
    let lr = 3;
    const port: TrainingPort = {
      model: tinyModel(1),
      optimizer: undefined,
      stopTraining: false,
      getLearningRate: () => lr,
      setLearningRate: (v) => { lr = v; },
    };
    const cb = new Recorder(1, 0.5);
    cb.setTrainingPort(port);
    await cb.onTrainBegin();
    await cb.onEpochEnd(0);
    expect(cb.lrSeen).toEqual([3]);
    expect(lr).toBe(0.5);
    expect(port.stopTraining).toBe(true);
    port.model.optimizer.dispose();
    port.model.dispose();
  });

  it('explains when neither a model nor a loop is attached', async () => {
    const cb = new Recorder(1);
    await expect(cb.onEpochEnd(0)).rejects.toThrow(UnsupportedError);
  });

  it('portFromModel reports a missing optimizer clearly', () => {
    const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [1]})]});
    expect(() => portFromModel(model).getLearningRate()).toThrow(/compile it before training/);
    model.dispose();
  });
});
