import * as tf from '@tensorflow/tfjs-core';
import {MovingAverage} from '../../src/optim/ema';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {InvalidArgumentError, StateError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

/** SGD(lr 1) on loss = −w from w = 0, so w = k + 1 after the update with step index k. */
function climb(args: ConstructorParameters<typeof MovingAverage>[1]) {
  const w0 = tf.scalar(0);
  const w = tf.variable(w0);
  w0.dispose();
  const sgd = tf.train.sgd(1);
  const ema = new MovingAverage(sgd, args);
  const step = () => ema.minimize(() => tf.neg(tf.sum(w)) as tf.Scalar, false, [w]);
  const average = () => {
    const [e] = ema.averagedWeights();
    const v = e!.tensor.dataSync()[0]!;
    e!.tensor.dispose();
    return v;
  };
  const dispose = () => {
    ema.dispose();
    disposeOptimizer(sgd);
    w.dispose();
  };
  return {w, ema, step, average, dispose};
}

describe('MovingAverage (tfa semantics, swa.md §2.1)', () => {
  it('starts from a copy of the pre-update value and folds avg ← d·avg + (1 − d)·w after every update', async () => {
    await expectNoLeak(() => {
      const r = climb({averageDecay: 0.5});
      const got: number[] = [];
      for (let i = 0; i < 3; i++) {
        r.step();
        got.push(r.average());
      }
      // slot = 0 (pre-update copy); w = 1, 2, 3 → 0.5, 1.25, 2.125
      expect(got[0]).toBeCloseTo(0.5, 6);
      expect(got[1]).toBeCloseTo(1.25, 6);
      expect(got[2]).toBeCloseTo(2.125, 6);
      expect(r.ema.snapshotCount).toBe(3);
      r.dispose();
    });
  });

  it('tracks the weights before startStep, then decays', async () => {
    await expectNoLeak(() => {
      const r = climb({averageDecay: 0.5, startStep: 2});
      const got: number[] = [];
      for (let i = 0; i < 3; i++) {
        r.step();
        got.push(r.average());
      }
      expect(got).toEqual([1, 2, 2.5]);
      r.dispose();
    });
  });

  it('dynamicDecay uses min(d0, (1 + t)/(10 + t)); numUpdates caps d0 once', () => {
    const sgd = tf.train.sgd(1);
    const dyn = new MovingAverage(sgd, {averageDecay: 0.15, dynamicDecay: true, startStep: 3});
    expect([dyn.decayAt(0), dyn.decayAt(2)]).toEqual([0, 0]);
    expect(dyn.decayAt(3)).toBeCloseTo(0.1, 12);
    expect(dyn.decayAt(4)).toBe(0.15); // (1 + 1)/(10 + 1) = 0.18 > d0
    const capped = new MovingAverage(sgd, {averageDecay: 0.99, numUpdates: 5});
    expect(capped.decayAt(0)).toBeCloseTo(0.4, 12);
    expect(new MovingAverage(sgd).decayAt(100)).toBe(0.99);
    disposeOptimizer(sgd);
  });

  it('dynamic decay trajectory matches the formula step by step', async () => {
    await expectNoLeak(() => {
      const r = climb({averageDecay: 0.99, dynamicDecay: true});
      let expected = 0; // pre-update copy
      for (let k = 0; k < 5; k++) {
        r.step();
        const d = Math.min(0.99, (1 + k) / (10 + k));
        expected = d * expected + (1 - d) * (k + 1);
        expect(r.average()).toBeCloseTo(expected, 5);
      }
      r.dispose();
    });
  });

  it('shares the wrapper machinery: swap, assign, state and config', async () => {
    await expectNoLeak(async () => {
      const r = climb({averageDecay: 0.5});
      expect(() => r.ema.assignAverageVars([r.w])).toThrow(StateError);
      r.step();
      r.step(); // w = 2, avg = 1.25
      r.ema.swapWeights();
      expect(r.w.dataSync()[0]).toBeCloseTo(1.25, 6);
      r.ema.swapWeights();
      expect(r.w.dataSync()[0]).toBe(2);
      const weights = await r.ema.getWeights();
      expect(weights.map((e) => e.name)).toEqual(['iter', `${r.w.name}/ema_average`, 'ema/update_count']);
      tf.dispose([weights[0]!.tensor, weights[2]!.tensor]);
      const config = JSON.parse(JSON.stringify(r.ema.getConfig()));
      expect(config).toEqual({optimizer: {className: 'SGD', config: {learningRate: 1}}, averageDecay: 0.5,
        numUpdates: null, startStep: 0, dynamicDecay: false});
      const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap['MovingAverage']!;
      const copy = fromConfig(cls, config) as MovingAverage;
      expect(copy.getConfig()).toEqual(config);
      copy.dispose();
      r.dispose();
    });
  });

  it.each([
    [{averageDecay: 1.5}, /`averageDecay` must be <= 1; got 1.5/],
    [{averageDecay: -0.1}, /`averageDecay` must be >= 0; got -0.1/],
    [{startStep: 2.5}, /`startStep` must be an integer; got 2.5/],
    [{numUpdates: -3}, /`numUpdates` must be >= 0; got -3/],
    [{dynamicDecay: 'yes' as unknown as boolean}, /`dynamicDecay` must be a boolean; got 'yes'/],
  ])('rejects %p before allocating anything', async (args, message) => {
    const sgd = tf.train.sgd(1);
    const err = await expectNoLeakOnThrow(() => new MovingAverage(sgd, args));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(message);
    disposeOptimizer(sgd);
  });
});
