// SWA state and config round trips: getWeights/setWeights, getConfig/fromConfig, and model.save with the optimizer.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {SWA} from '../../src/optim/swa';
import {MovingAverage} from '../../src/optim/ema';
import {registerConsistencyClasses} from '../../src/optim/register';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {NotSerializableError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

function vari(t: tf.Tensor): tf.Variable {
  const out = tf.variable(t);
  t.dispose();
  return out;
}

/** Owned copies of optimizer weights (the live entries are variables that keep changing). */
function cloneWeights(entries: Array<{name: string; tensor: tf.Tensor}>): Array<{name: string; tensor: tf.Tensor}> {
  const out = entries.map((e) => ({name: e.name, tensor: tf.clone(e.tensor)}));
  for (const e of entries) if (!(e.tensor instanceof tf.Variable)) e.tensor.dispose(); // the fresh scalars
  return out;
}

describe('SWA state round trip', () => {
  it('getWeights lists inner weights, then the averages, then the snapshot count', async () => {
    await expectNoLeak(async () => {
      const w = vari(tf.tensor1d([1, 2]));
      const adam = tf.train.adam(0.1);
      const swa = new SWA(adam, {startAveraging: 0, averagePeriod: 2});
      for (let i = 0; i < 3; i++) swa.minimize(() => tf.sum(tf.square(w)) as tf.Scalar, false, [w]);
      const weights = await swa.getWeights();
      expect(weights.map((e) => e.name)).toEqual(['iter', `${w.name}/m`, `${w.name}/v`, `${w.name}/swa_average`, 'swa/snapshot_count']);
      expect(weights[0]!.tensor.dataSync()[0]).toBe(3);
      expect(weights[4]!.tensor.dataSync()[0]).toBe(2);
      tf.dispose([weights[0]!.tensor, weights[4]!.tensor]);
      swa.dispose();
      disposeOptimizer(adam);
      w.dispose();
    });
  });

  it('setWeights(getWeights()) on a fresh wrapper continues identically', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expectNoLeak(async () => {
        const w = vari(tf.tensor1d([0.5, -1, 2]));
        const target = tf.tensor1d([1, 1, 1]);
        const loss = () => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar;
        const args = {startAveraging: 1, averagePeriod: 2};
        const run = async (opt: SWA, steps: number) => {
          const trace: number[][] = [];
          for (let i = 0; i < steps; i++) {
            opt.minimize(loss, false, [w]);
            const avg = opt.averagedWeights();
            trace.push([...w.dataSync(), ...(avg[0] ? avg[0].tensor.dataSync() : [-99]), opt.snapshotCount, opt.iterations]);
            tf.dispose(avg.map((e) => e.tensor));
          }
          return trace;
        };
        const adamA = tf.train.adam(0.05);
        const a = new SWA(adamA, args);
        await run(a, 5);
        const saved = cloneWeights(await a.getWeights());
        const wSaved = tf.clone(w);
        const traceA = await run(a, 6);

        w.assign(wSaved);
        const adamB = tf.train.adam(0.05);
        const b = new SWA(adamB, args);
        await b.setWeights(saved);
        tf.dispose(saved.map((e) => e.tensor)); // setWeights copied them
        expect([b.iterations, b.snapshotCount]).toEqual([5, 2]); // snapshots after updates 2 and 4
        const traceB = await run(b, 6);
        expect(traceB.length).toBe(traceA.length);
        traceA.forEach((row, i) => row.forEach((v, j) => expect(traceB[i]![j]).toBeCloseTo(v, 5)));
        expect(warn).not.toHaveBeenCalled(); // the stored count agrees with the restored step counter
        for (const o of [a, b]) o.dispose();
        for (const o of [adamA, adamB]) disposeOptimizer(o);
        tf.dispose([w, target, wSaved]);
      });
    } finally {
      warn.mockRestore();
    }
  });

  it('binds restored averages by position at the next step when the variables were renamed', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expectNoLeak(async () => {
        const sgd = tf.train.sgd(1);
        const a = new SWA(sgd, {averagePeriod: 1});
        const w1 = vari(tf.scalar(10));
        for (let i = 0; i < 2; i++) a.minimize(() => tf.sum(w1) as tf.Scalar, false, [w1]); // 9, 8 → average 8.5
        const saved = cloneWeights(await a.getWeights());
        const w2 = vari(tf.scalar(8)); // the same weight in a rebuilt model: another name
        const b = new SWA(sgd, {averagePeriod: 1});
        await b.setWeights(saved);
        tf.dispose(saved.map((e) => e.tensor));
        b.minimize(() => tf.sum(w2) as tf.Scalar, false, [w2]); // 7 → average of 9, 8, 7
        const [avg] = b.averagedWeights();
        expect(avg!.name).toBe(w2.name);
        expect(avg!.tensor.dataSync()[0]).toBeCloseTo(8, 6);
        avg!.tensor.dispose();
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toMatch(/1 restored average\(s\) were bound by position/);
        for (const o of [a, b]) o.dispose();
        disposeOptimizer(sgd);
        tf.dispose([w1, w2]);
      });
    } finally {
      warn.mockRestore();
    }
  });

  it('setWeights rejects a list without the snapshot counter, without touching the state', async () => {
    await expectNoLeak(async () => {
      const sgd = tf.train.sgd(0.1);
      const swa = new SWA(sgd);
      const iter = tf.scalar(3, 'int32');
      const err = await expectNoLeakOnThrow(() => swa.setWeights([{name: 'iter', tensor: iter}]));
      expect(err).toBeInstanceOf(NotSerializableError);
      expect((err as Error).message).toMatch(/expected exactly one scalar 'swa\/snapshot_count' entry; got 0/);
      expect(swa.iterations).toBe(0);
      iter.dispose();
      swa.dispose();
      disposeOptimizer(sgd);
    });
  });
});

describe('SWA config round trip', () => {
  const inners: Array<[string, () => tf.Optimizer]> = [
    ['Adam', () => tf.train.adam(0.01, 0.8, 0.95, 1e-6)],
    ['Momentum', () => tf.train.momentum(0.2, 0.7, true)],
    ['SGD', () => tf.train.sgd(0.3)],
    ['RMSProp', () => tf.train.rmsprop(0.01, 0.8, 0.1, 1e-6, true)],
  ];

  it.each(inners)('nests the inner %s optimizer and rebuilds through the tfjs registry', async (className, make) => {
    await expectNoLeak(() => {
      const inner = make();
      const swa = new SWA(inner, {startAveraging: 7, averagePeriod: 3});
      const config = JSON.parse(JSON.stringify(swa.getConfig()));
      expect(config).toEqual({optimizer: {className, config: inner.getConfig()}, startAveraging: 7, averagePeriod: 3});
      expect(swa.getClassName()).toBe('SWA');
      const entry = tf.serialization.SerializationMap.getMap().classNameMap['SWA'];
      expect(entry).toBeDefined();
      const [cls, fromConfig] = entry!;
      const copy = fromConfig(cls, config) as SWA;
      expect(copy).toBeInstanceOf(SWA);
      expect(copy.inner.getClassName()).toBe(className);
      expect(JSON.parse(JSON.stringify(copy.getConfig()))).toEqual(config);
      copy.dispose(); // owns the inner optimizer fromConfig created
      swa.dispose();
      disposeOptimizer(inner);
    });
  });

  it('fromConfig explains an unknown or malformed inner optimizer', async () => {
    const unknown = await expectNoLeakOnThrow(() =>
      SWA.fromConfig(SWA, {optimizer: {className: 'Lion', config: {}}, startAveraging: 0, averagePeriod: 10}));
    expect(unknown).toBeInstanceOf(NotSerializableError);
    expect((unknown as Error).message).toMatch(/inner optimizer class 'Lion' is not registered.*Registered classes: .*Adam/);
    const malformed = await expectNoLeakOnThrow(() => SWA.fromConfig(SWA, {optimizer: 'adam'}));
    expect((malformed as Error).message).toMatch(/`optimizer` must be \{className, config\}; got 'adam'/);
  });

  it('registration is idempotent and never replaces a class registered first (a second copy of the package)', () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    registerConsistencyClasses();
    expect(registerConsistencyClasses()).toEqual([]);
    expect(map['SWA']![0]).toBe(SWA);
    expect(map['MovingAverage']![0]).toBe(MovingAverage);
    const saved = map['SWA']!;
    class OtherCopyOfSWA extends SWA {}
    map['SWA'] = [OtherCopyOfSWA as never, saved[1]];
    try {
      expect(() => registerConsistencyClasses()).not.toThrow();
      const sgd = tf.train.sgd(0.1);
      new SWA(sgd).dispose(); // constructing registers lazily; it must not overwrite either
      disposeOptimizer(sgd);
      expect(map['SWA']![0]).toBe(OtherCopyOfSWA);
    } finally {
      map['SWA'] = saved;
    }
  });
});

describe('SWA inside model.save / loadLayersModel (includeOptimizer)', () => {
  it('restores the wrapper, its count and its averages, matched to the reloaded weights by name', async () => {
    await expectNoLeak(async () => {
      const model = tfl.sequential({layers: [tfl.layers.dense({units: 2, inputShape: [3], name: 'hidden'}),
        tfl.layers.dense({units: 1, name: 'out'})]});
      const adam = tf.train.adam(0.01);
      const swa = new SWA(adam, {startAveraging: 1, averagePeriod: 2});
      model.compile({optimizer: swa, loss: 'meanSquaredError'});
      const x = tf.tensor2d([[1, 2, 3], [0, 1, 0], [2, 0, 1], [1, 1, 1]]);
      const y = tf.tensor2d([[1], [0], [1], [0]]);
      await model.fit(x, y, {epochs: 6, batchSize: 4, verbose: 0});
      let artifacts: tf.io.ModelArtifacts | undefined;
      await model.save(tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
      }), {includeOptimizer: true});
      const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
      const restored = loaded.optimizer as SWA;
      expect(restored).toBeInstanceOf(SWA);
      expect([restored.snapshotCount, restored.iterations]).toEqual([3, 6]);
      expect(restored.inner.getClassName()).toBe('Adam');
      // The reloaded weights carry de-duplicated names (…_1): the averages are matched by original name.
      expect(restored.assignAverageVars(loaded)).toBe(4);
      swa.assignAverageVars(model);
      const expected = model.getWeights().map((t) => Array.from(t.dataSync()));
      const got = loaded.getWeights().map((t) => Array.from(t.dataSync()));
      got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
      restored.dispose();
      swa.dispose();
      disposeOptimizer(adam);
      tf.dispose([x, y]);
      model.dispose();
      loaded.dispose();
    }, 2); // tfjs leaks the two scalars ('iter', 'swa/snapshot_count') that model.save encodes without disposing
  });
});
