import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {SWA} from '../../src/optim/swa';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {getLearningRate, setLearningRate} from '../../src/optim/learning_rate';
import {InvalidArgumentError, StateError, isConsistencyError, isStateError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

const value = (t: tf.Tensor): number => t.dataSync()[0]!;
/** A variable holding `t` (which is disposed: the variable keeps its own reference to the data). */
function vari(t: tf.Tensor): tf.Variable {
  const out = tf.variable(t);
  t.dispose();
  return out;
}

/** Runs `steps` SGD(lr 1) steps of loss = g·w on a scalar variable starting at w0, through an SWA wrapper. */
function sgdRun(w0: number, g: number, args: {startAveraging: number; averagePeriod: number}) {
  const w = vari(tf.scalar(w0));
  const sgd = tf.train.sgd(1);
  const swa = new SWA(sgd, args);
  const step = () => swa.minimize(() => tf.mul(w, g) as tf.Scalar, false, [w]);
  const average = () => {
    const [entry] = swa.averagedWeights();
    const v = value(entry!.tensor);
    entry!.tensor.dispose();
    return v;
  };
  const dispose = () => {
    swa.dispose();
    disposeOptimizer(sgd);
    w.dispose();
  };
  return {w, swa, step, average, dispose};
}

describe('SWA: the step rule (swa.md §1.3)', () => {
  it('averages post-update iterates: 0.9, 0.8, 0.7 → 0.8 (m = 0, p = 1, tfa unit test)', async () => {
    await expectNoLeak(() => {
      const r = sgdRun(1, 0.1, {startAveraging: 0, averagePeriod: 1});
      const iterates: number[] = [];
      const averages: number[] = [];
      for (let i = 0; i < 3; i++) {
        r.step();
        iterates.push(value(r.w));
        averages.push(r.average());
      }
      expect(iterates[0]).toBeCloseTo(0.9, 6);
      expect(iterates[1]).toBeCloseTo(0.8, 6);
      expect(iterates[2]).toBeCloseTo(0.7, 6);
      // Post-update: the first snapshot is 0.9 itself, not the initial 1.0 (a pre-update average would give 0.9 at the end).
      expect(averages[0]).toBeCloseTo(0.9, 6);
      expect(averages[1]).toBeCloseTo(0.85, 6);
      expect(averages[2]).toBeCloseTo(0.8, 6);
      expect(r.swa.snapshotCount).toBe(3);
      r.dispose();
    });
  });

  it('m = 2, p = 3 on a variable falling by 1 a step: 7 after step 3, 5.5 after 6, 4.0 after 9', async () => {
    await expectNoLeak(() => {
      const r = sgdRun(10, 1, {startAveraging: 2, averagePeriod: 3});
      const seen: Array<[number, number, number]> = [];
      for (let u = 1; u <= 9; u++) {
        r.step();
        if (r.swa.snapshotCount > 0) seen.push([u, value(r.w), r.average()]);
        else expect(() => r.swa.assignAverageVars()).toThrow(StateError);
      }
      expect(seen[0]![0]).toBe(3); // first snapshot right after update m + 1 = 3
      const at = (u: number) => seen.find((s) => s[0] === u)![2];
      expect(seen.map((s) => s[1])).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect(at(3)).toBeCloseTo(7, 6);
      expect(at(5)).toBeCloseTo(7, 6); // unchanged between snapshots
      expect(at(6)).toBeCloseTo(5.5, 6);
      expect(at(9)).toBeCloseTo(4.0, 6);
      expect(r.swa.snapshotCount).toBe(3);
      expect(r.swa.expectedSnapshotCount).toBe(3);
      r.dispose();
    });
  });

  it('defaults (m = 0, p = 10) over 387 × 5 Adam steps take 194 snapshots, the first after update 1', async () => {
    await expectNoLeak(() => {
      const w = vari(tf.tensor1d([0.3, -0.2]));
      const adam = tf.train.adam(1e-3);
      const swa = new SWA(adam);
      expect([swa.startAveraging, swa.averagePeriod]).toEqual([0, 10]);
      const target = tf.tensor1d([1, 2]);
      const snapshots: number[][] = [];
      for (let u = 1; u <= 387 * 5; u++) {
        const before = swa.snapshotCount;
        swa.minimize(() => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar, false, [w]);
        if (swa.snapshotCount !== before) snapshots.push([u, ...w.dataSync()]);
      }
      expect(swa.snapshotCount).toBe(194);
      expect(snapshots.length).toBe(194);
      expect(snapshots[0]![0]).toBe(1);
      expect(snapshots[1]![0]).toBe(11);
      expect(snapshots[193]![0]).toBe(1931);
      const [avg] = swa.averagedWeights();
      const mean = [1, 2].map((j) => snapshots.reduce((s, row) => s + row[j]!, 0) / snapshots.length);
      const got = avg!.tensor.dataSync();
      expect(got[0]).toBeCloseTo(mean[0]!, 5);
      expect(got[1]).toBeCloseTo(mean[1]!, 5);
      avg!.tensor.dispose();
      target.dispose();
      swa.dispose();
      disposeOptimizer(adam);
      w.dispose();
    });
  });

  it('forwards the gradient list unchanged, and reports the inner iterations', async () => {
    await expectNoLeak(() => {
      const inner = tf.train.adam(0.1);
      const seen: unknown[] = [];
      const original = inner.applyGradients.bind(inner);
      inner.applyGradients = (g) => {
        seen.push(g);
        original(g);
      };
      const swa = new SWA(inner, {averagePeriod: 1});
      const a = vari(tf.scalar(1));
      const b = vari(tf.scalar(2));
      const grads = [{name: b.name, tensor: tf.scalar(1)}, {name: a.name, tensor: tf.scalar(-1)}];
      swa.applyGradients(grads);
      expect(seen[0]).toBe(grads);
      expect(swa.iterations).toBe(1);
      expect(inner.iterations).toBe(1);
      tf.dispose(grads.map((g) => g.tensor));
      swa.dispose();
      disposeOptimizer(inner);
      tf.dispose([a, b]);
    });
  });

  it('warns once when the stored snapshot count disagrees with the step counter', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expectNoLeak(() => {
        const w = vari(tf.scalar(5));
        const sgd = tf.train.sgd(1);
        for (let i = 0; i < 4; i++) sgd.minimize(() => tf.sum(w) as tf.Scalar, false, [w]); // stepped before wrapping
        const swa = new SWA(sgd, {startAveraging: 0, averagePeriod: 2});
        for (let i = 0; i < 4; i++) swa.minimize(() => tf.sum(w) as tf.Scalar, false, [w]);
        // Snapshots at step indices 4 and 6 (w = 0 and -2): the stored count weights them equally.
        expect(swa.snapshotCount).toBe(2);
        const [avg] = swa.averagedWeights();
        expect(value(avg!.tensor)).toBeCloseTo(-1, 6);
        avg!.tensor.dispose();
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toMatch(/snapshot 1 by the stored count but 3 by the step counter/);
        swa.dispose();
        disposeOptimizer(sgd);
        w.dispose();
      });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('SWA: assigning and swapping', () => {
  it('assignAverageVars before the first snapshot throws a StateError and writes nothing', async () => {
    const r = sgdRun(3, 1, {startAveraging: 5, averagePeriod: 1});
    r.step();
    const err = await expectNoLeakOnThrow(() => r.swa.assignAverageVars([r.w]));
    expect(isStateError(err)).toBe(true);
    const foreign = Object.assign(new Error('x'), {name: 'StateError'}); // from another copy of the package
    expect([isStateError(foreign), isConsistencyError(foreign)]).toEqual([true, true]);
    expect((err as Error).message).toMatch(/SWA\.assignAverageVars: no average exists yet; got 0 snapshot\(s\) after 1 step/);
    expect(value(r.w)).toBe(2);
    expect(() => r.swa.swapWeights()).toThrow(StateError);
    r.dispose();
  });

  it('assigns averages, leaves other variables untouched and warns once for all of them', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expectNoLeak(() => {
        const r = sgdRun(10, 1, {startAveraging: 0, averagePeriod: 1});
        const other1 = vari(tf.scalar(42));
        const other2 = vari(tf.scalar(43));
        r.step();
        r.step(); // iterates 9, 8 → average 8.5
        expect(r.swa.assignAverageVars([r.w, other1, other2])).toBe(1);
        expect(value(r.w)).toBeCloseTo(8.5, 6);
        expect([value(other1), value(other2)]).toEqual([42, 43]);
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toMatch(/2 variable\(s\) have no average/);
        // Assigning does not alias: the next step moves w, the average stays.
        r.step(); // w: 8.5 - 1 = 7.5, average of 9, 8, 7.5
        expect(value(r.w)).toBeCloseTo(7.5, 6);
        expect(r.average()).toBeCloseTo((9 + 8 + 7.5) / 3, 5);
        tf.dispose([other1, other2]);
        r.dispose();
      });
    } finally {
      warn.mockRestore();
    }
  });

  it('assignAverageVars(model) skips BatchNorm moving statistics silently', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expectNoLeak(async () => {
        const model = tfl.sequential({layers: [
          tfl.layers.dense({units: 3, inputShape: [2]}),
          tfl.layers.batchNormalization(),
          tfl.layers.dense({units: 1}),
        ]});
        const sgd = tf.train.sgd(0.1);
        const swa = new SWA(sgd, {averagePeriod: 1});
        model.compile({optimizer: swa, loss: 'meanSquaredError'});
        const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
        const y = tf.tensor2d([[1], [0], [1], [0]]);
        await model.fit(x, y, {epochs: 2, batchSize: 4, verbose: 0});
        const statsBefore = model.layers[1]!.getWeights().slice(2).map((t) => Array.from(t.dataSync()));
        expect(swa.assignAverageVars(model)).toBe(model.trainableWeights.length);
        const statsAfter = model.layers[1]!.getWeights().slice(2).map((t) => Array.from(t.dataSync()));
        expect(statsAfter).toEqual(statsBefore);
        expect(warn).not.toHaveBeenCalled();
        tf.dispose([x, y]);
        swa.dispose();
        disposeOptimizer(sgd);
        model.dispose();
      });
    } finally {
      warn.mockRestore();
    }
  });

  it('swapWeights exchanges live and averaged values reversibly, and refuses to train in between', async () => {
    await expectNoLeak(async () => {
      const r = sgdRun(10, 1, {startAveraging: 0, averagePeriod: 1});
      r.step();
      r.step(); // w = 8, average 8.5
      expect(r.swa.swapWeights()).toBe(1);
      expect(r.swa.isSwapped).toBe(true);
      expect(value(r.w)).toBeCloseTo(8.5, 6);
      const err = await expectNoLeakOnThrow(() => r.step());
      expect(err).toBeInstanceOf(StateError);
      await expect(r.swa.getWeights()).rejects.toThrow(StateError);
      expect(() => r.swa.assignAverageVars()).toThrow(StateError);
      expect(() => r.swa.averagedWeights()).toThrow(StateError);
      r.swa.swapWeights();
      expect(r.swa.isSwapped).toBe(false);
      expect(value(r.w)).toBe(8);
      expect(r.average()).toBeCloseTo(8.5, 6);
      r.step();
      expect(value(r.w)).toBe(7);
      r.dispose();
    });
  });
});

describe('SWA inside model.fit', () => {
  it('the assigned weights are the arithmetic mean of the post-update weights recorded at the snapshot steps', async () => {
    await expectNoLeak(async () => {
      const model = tfl.sequential({layers: [
        tfl.layers.dense({units: 3, inputShape: [2], activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({seed: 1})}),
        tfl.layers.dense({units: 1, kernelInitializer: tfl.initializers.glorotUniform({seed: 2})}),
      ]});
      const adam = tf.train.adam(0.05);
      const m = 2;
      const p = 3;
      const swa = new SWA(adam, {startAveraging: m, averagePeriod: p});
      model.compile({optimizer: swa, loss: 'meanSquaredError'});
      const snapshots: number[][][] = [];
      let updates = 0;
      class Recorder extends tfl.Callback {
        override async onBatchEnd() {
          const k = updates++; // 0-based index of the step that just ran
          if (k >= m && (k - m) % p === 0) snapshots.push(this.model.getWeights().map((t) => Array.from(t.dataSync())));
        }
      }
      const x = tf.tensor2d([[0, 1], [1, 0], [1, 1], [2, 1], [0, 2], [1, 3], [3, 1], [2, 2], [0, 0], [3, 3], [1, 2], [2, 0]]);
      const y = tf.tensor2d([[1], [1], [2], [3], [2], [4], [4], [4], [0], [6], [3], [2]]);
      await model.fit(x, y, {epochs: 4, batchSize: 4, shuffle: false, callbacks: [new Recorder()], verbose: 0});
      expect(updates).toBe(12);
      expect(snapshots.length).toBe(4); // after updates 3, 6, 9, 12
      expect(swa.snapshotCount).toBe(4);
      const live = model.getWeights().map((t) => Array.from(t.dataSync()));
      expect(swa.assignAverageVars(model)).toBe(4);
      const assigned = model.getWeights().map((t) => Array.from(t.dataSync()));
      assigned.forEach((weight, i) => weight.forEach((v, j) => {
        const mean = snapshots.reduce((sum, snap) => sum + snap[i]![j]!, 0) / snapshots.length;
        expect(v).toBeCloseTo(mean, 5);
      }));
      expect(assigned).not.toEqual(live); // the average differs from the last iterate
      tf.dispose([x, y]);
      swa.dispose();
      disposeOptimizer(adam);
      model.dispose();
    });
  });
});

describe('SWA: validation', () => {
  it.each([
    [{startAveraging: -1}, /`startAveraging` must be >= 0; got -1/],
    [{startAveraging: 1.5}, /`startAveraging` must be an integer; got 1.5/],
    [{averagePeriod: 0}, /`averagePeriod` must be >= 1; got 0/],
    [{averagePeriod: Number.NaN}, /`averagePeriod` must be an integer; got NaN/],
  ])('rejects %p before allocating anything', async (args, message) => {
    const sgd = tf.train.sgd(0.1);
    const err = await expectNoLeakOnThrow(() => new SWA(sgd, args));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(message);
    disposeOptimizer(sgd);
  });

  it('rejects something that is not an optimizer', async () => {
    const err = await expectNoLeakOnThrow(() => new SWA({} as tf.Optimizer));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(/^SWA: `optimizer` must be a tfjs Optimizer; got \{\}/);
  });
});

describe('SWA: learning rate', () => {
  const cases: Array<[string, () => tf.Optimizer]> = [
    ['sgd', () => tf.train.sgd(0.1)],
    ['momentum', () => tf.train.momentum(0.1, 0.9)],
    ['adam', () => tf.train.adam(0.1)],
    ['rmsprop', () => tf.train.rmsprop(0.1)],
  ];

  /** |Δw| of the 4th step of loss = w from w = 1, with the rate changed through the wrapper before it. */
  async function stepSize(make: () => tf.Optimizer, lr: number | null): Promise<number> {
    const inner = make();
    const swa = new SWA(inner, {averagePeriod: 1});
    const w = vari(tf.scalar(1));
    const loss = () => tf.sum(w) as tf.Scalar;
    try {
      for (let i = 0; i < 3; i++) swa.minimize(loss, false, [w]);
      if (lr !== null) setLearningRate(swa, lr); // the generic helper sees the wrapper's LearningRateControl
      const before = value(w);
      swa.minimize(loss, false, [w]);
      return Math.abs(value(w) - before);
    } finally {
      swa.dispose();
      disposeOptimizer(inner);
      w.dispose();
    }
  }

  it.each(cases)('%s: a rate set through the wrapper changes the next update size', async (_name, make) => {
    await expectNoLeak(async () => {
      const inner = make();
      const swa = new SWA(inner);
      expect(swa.getLearningRate()).toBeCloseTo(0.1, 12);
      swa.setLearningRate(0.05);
      expect(getLearningRate(inner)).toBe(0.05);
      expect(getLearningRate(swa)).toBe(0.05);
      swa.dispose();
      disposeOptimizer(inner);
      const full = await stepSize(make, null);
      const quarter = await stepSize(make, 0.025);
      expect(quarter / full).toBeCloseTo(0.25, 4);
    });
  });
});

describe('SWA: memory', () => {
  it('leaks no tensor over 100 steps, and dispose() frees the averages but not the inner optimizer', async () => {
    await expectNoLeak(() => {
      const w = vari(tf.randomNormal([4, 3], 0, 1, 'float32', 1));
      const b = vari(tf.zeros([3]));
      const x = tf.randomNormal([8, 4], 0, 1, 'float32', 2);
      const adam = tf.train.adam(1e-2);
      const swa = new SWA(adam, {startAveraging: 0, averagePeriod: 3});
      const loss = () => tf.mean(tf.square(tf.add(tf.matMul(x, w), b))) as tf.Scalar;
      swa.minimize(loss, false, [w, b]); // creates Adam's slots and the averages
      const settled = tf.memory().numTensors;
      for (let i = 1; i < 100; i++) swa.minimize(loss, false, [w, b]);
      expect(tf.memory().numTensors).toBe(settled);
      expect(swa.snapshotCount).toBe(34);
      const beforeDispose = tf.memory().numTensors;
      swa.dispose();
      expect(beforeDispose - tf.memory().numTensors).toBe(2); // the two averages
      disposeOptimizer(adam);
      tf.dispose([w, b, x]);
    });
  });
});
