import * as tf from '@tensorflow/tfjs-core';
import {SupervisedTrainer} from '../../src/train/supervised_trainer';
import {EarlyStopping} from '../../src/train/callbacks/early_stopping';
import {InvalidArgumentError, NonFiniteLossError, ShapeError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';
import {images, linear, weightsOf} from './models';

// Three separable classes of 2-feature "images".
const X = [[3, 0], [2.5, 0.5], [0, 3], [0.5, 2.5], [-3, -3], [-2.5, -2]];
const Y = [0, 0, 1, 1, 2, 2];
function* batches() {
  for (let i = 0; i < X.length; i += 4) {
    yield {image: images(X.slice(i, i + 4)), label: tf.tensor1d(Y.slice(i, i + 4), 'int32')};
  }
}

describe('SupervisedTrainer', () => {
  it('learns a separable problem; logs loss/accuracy/acc and val_*; evaluate returns named metrics', async () => {
    await expectNoLeak(async () => {
      const model = linear(2, 3);
      const opt = tf.train.adam(0.1);
      const trainer = new SupervisedTrainer({model});
      trainer.compile({optimizer: opt});
      const before = await trainer.evaluate(batches);
      const h = await trainer.fit(batches, {epochs: 60, validationData: batches, verbose: 0});
      const after = await trainer.evaluate(batches);
      expect(after.loss).toBeLessThan(before.loss);
      expect(after.accuracy).toBe(1);
      expect(h.history['val_accuracy']![59]).toBe(1);
      expect(h.history['val_loss']![59]).toBeCloseTo(after.loss, 5);
      expect(h.history['acc']).toEqual(h.history['accuracy']);
      expect(Object.keys(h.history).sort()).toEqual(['acc', 'accuracy', 'loss', 'val_acc', 'val_accuracy', 'val_loss']);
      opt.dispose();
      model.dispose();
    });
  });

  it('matches a hand-computed SGD step of sparse CE on a linear model', async () => {
    await expectNoLeak(async () => {
      const model = linear(2, 2);
      const w = [tf.tensor2d([[1, 0], [0, 1]]), tf.tensor1d([0, 0])];
      model.setWeights(w);
      tf.dispose(w);
      const opt = tf.train.sgd(1);
      const trainer = new SupervisedTrainer({model});
      trainer.compile({optimizer: opt});
      const h = await trainer.fit(() => [{image: images([[1, 0]]), label: tf.tensor1d([1], 'int32')}], {epochs: 1, verbose: 0});
      const p = [Math.E / (Math.E + 1), 1 / (Math.E + 1)]; // softmax([1, 0])
      expect(h.history['loss']![0]).toBeCloseTo(-Math.log(p[1]!), 6);
      const [kernel, bias] = await weightsOf(model);
      // dL/dz = p − onehot(1) = [p0, p1 − 1]; dW = xᵀ dz (x = [1, 0]); db = dz.
      expect(kernel).toEqual([1 - p[0]!, 0 - (p[1]! - 1), 0, 1].map((v) => expect.closeTo(v, 6)));
      expect(bias).toEqual([-p[0]!, -(p[1]! - 1)].map((v) => expect.closeTo(v, 6)));
      opt.dispose();
      model.dispose();
    });
  });

  it('augment is applied to training batches and disposed; callbacks act on the model', async () => {
    await expectNoLeak(async () => {
      const model = linear(2, 3);
      const trainer = new SupervisedTrainer({model});
      trainer.compile({optimizer: 'sgd'});
      let calls = 0;
      const early = new EarlyStopping({monitor: 'loss', patience: 0, mode: 'max'}); // loss falls: stops after epoch 1
      const h = await trainer.fit(batches, {epochs: 10, verbose: 0, callbacks: [early],
        augment: (x) => { calls++; return tf.mul(x, 1) as tf.Tensor4D; }});
      expect(h.epoch).toEqual([0, 1]);
      expect(calls).toBe(4);
      trainer.dispose();
      model.dispose();
    });
  });

  it('typed errors: NaN loss, bad labels, missing images, uncompiled, bad model', async () => {
    const model = linear(2, 3);
    const opt = tf.train.sgd(0.1);
    const trainer = new SupervisedTrainer({model});
    expect(() => new SupervisedTrainer({model: {} as never})).toThrow(InvalidArgumentError);
    await expect(trainer.evaluate(batches)).rejects.toThrow(/not compiled/);
    trainer.compile({optimizer: opt});
    expect(() => trainer.compile({optimizer: opt, loss: 'mse' as never})).toThrow(/Valid values: 'sparseCategoricalCrossentropy'/);
    const before = await weightsOf(model);
    let err = await expectNoLeakOnThrow(() => trainer.fit(() => [{image: images([[Infinity, 0]]), label: tf.tensor1d([0], 'int32')}], {epochs: 1, verbose: 0}));
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect(await weightsOf(model)).toEqual(before);
    err = await expectNoLeakOnThrow(() => trainer.fit(() => [{image: images([[1, 0], [0, 1]]), label: tf.tensor1d([0], 'int32')}], {epochs: 1, verbose: 0}));
    expect(err).toBeInstanceOf(ShapeError);
    err = await expectNoLeakOnThrow(() => trainer.fit(() => [{image: images([[1, 0]])}], {epochs: 1, verbose: 0}));
    expect(String(err)).toMatch(/has no `label`/);
    err = await expectNoLeakOnThrow(() => trainer.evaluate(() => [{image: tf.zeros([2, 2]) as never, label: tf.tensor1d([0, 1], 'int32')}]));
    expect(err).toBeInstanceOf(ShapeError);
    expect(opt.iterations).toBe(0);
    opt.dispose();
    model.dispose();
  });
});
