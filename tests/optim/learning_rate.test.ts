import * as tf from '@tensorflow/tfjs-core';
import {getLearningRate, setLearningRate} from '../../src/optim/learning_rate';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {InvalidArgumentError, UnsupportedError} from '../../src/errors';
import {expectNoLeak} from '../helpers/memory';

/** Size of one update of w (starting at 1, gradient 1 from loss = w) after `warm` steps at the first rate. */
async function stepSize(make: () => tf.Optimizer, lr: number | null, warm = 3): Promise<number> {
  const opt = make();
  const w = tf.tidy(() => tf.variable(tf.scalar(1)));
  const loss = () => tf.sum(w) as tf.Scalar;
  try {
    for (let i = 0; i < warm; i++) opt.minimize(loss);
    if (lr !== null) setLearningRate(opt, lr);
    const before = (await w.data())[0]!;
    opt.minimize(loss);
    const after = (await w.data())[0]!;
    return Math.abs(after - before);
  } finally {
    w.dispose();
    disposeOptimizer(opt);
  }
}

describe('learning-rate control', () => {
  const cases: Array<[string, () => tf.Optimizer]> = [
    ['sgd', () => tf.train.sgd(0.1)],
    ['momentum', () => tf.train.momentum(0.1, 0.9)],
    ['adam', () => tf.train.adam(0.1)],
    ['rmsprop', () => tf.train.rmsprop(0.1)],
    ['adagrad', () => tf.train.adagrad(0.1)],
    ['adamax', () => tf.train.adamax(0.1)],
  ];

  it.each(cases)('%s: reads the rate and a change shows in the next update size', async (_name, make) => {
    await expectNoLeak(async () => {
      const opt = make();
      expect(getLearningRate(opt)).toBeCloseTo(0.1, 12);
      setLearningRate(opt, 0.025);
      expect(getLearningRate(opt)).toBe(0.025);
      disposeOptimizer(opt);
      const full = await stepSize(make, null);
      const quarter = await stepSize(make, 0.025);
      // Every one of these optimizers scales its step linearly in the learning rate.
      expect(quarter / full).toBeCloseTo(0.25, 4);
    });
  });

  it('uses an explicit LearningRateControl when the object has one', () => {
    let lr = 1;
    const ctl = {getLearningRate: () => lr, setLearningRate: (v: number) => { lr = v; }};
    setLearningRate(ctl, 0.5);
    expect(getLearningRate(ctl)).toBe(0.5);
  });

  it('rejects bad rates and optimizers without a numeric rate', () => {
    const opt = tf.train.sgd(0.1);
    expect(() => setLearningRate(opt, -1)).toThrow(InvalidArgumentError);
    expect(() => setLearningRate(opt, NaN)).toThrow(/finite number/);
    disposeOptimizer(opt);
    const odd = {getConfig: () => ({}), applyGradients: () => undefined} as unknown as tf.Optimizer;
    expect(() => getLearningRate(odd)).toThrow(UnsupportedError);
    expect(() => setLearningRate(odd, 0.1)).toThrow(UnsupportedError);
  });
});

describe('disposeOptimizer', () => {
  it('frees the scalar tfjs Momentum.dispose() forgets', async () => {
    const before = tf.memory().numTensors;
    const plain = tf.train.momentum(0.1, 0.9);
    plain.dispose();
    expect(tf.memory().numTensors - before).toBe(1); // the tfjs leak this helper exists for
    (plain as unknown as {c: tf.Tensor}).c.dispose();
    await expectNoLeak(() => {
      for (const make of [() => tf.train.momentum(0.1, 0.9), () => tf.train.sgd(0.1), () => tf.train.adam(0.1)]) {
        disposeOptimizer(make());
      }
    });
  });
});
