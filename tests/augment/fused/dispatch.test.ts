// Which implementation RandAugment.apply runs: the `implementation` option ('auto' | 'composite' | 'fused'),
// the fallbacks of 'auto' (user-registered or replaced ops, non-integer fill, float32-overflowing factors,
// a backend other than cpu), the UnsupportedError of 'fused' in those cases, identical argument errors on
// both paths, and dispose() of the host tables.
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, UnsupportedError} from '../../../src/errors';
import {rotateOp} from '../../../src/augment/ops/rotate';
import {RandAugment} from '../../../src/augment/rand_augment';
import {defaultOpRegistry} from '../../../src/augment/registry';
import type {AugmentOp, RandAugmentPlan} from '../../../src/augment/types';
import {expectNoLeak, expectNoLeakOnThrow} from '../../helpers/memory';
import {bothPaths, differences, usedFusedKernel} from './compare';

const H = 10;
const W = 9;

function images(n: number): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from({length: n * H * W * 3}, (_, i) => ((i * 7919) % 290) - 15 + (i % 5) / 5), [n, H, W, 3]);
}

const onePlan = (steps: RandAugmentPlan['steps']): RandAugmentPlan => ({height: H, width: W, steps});

/** A user op: halves every value (its output is re-quantised by RandAugment). */
const half: AugmentOp<{}> = {
  name: 'Half', signed: false, levelToArgs: () => ({}),
  apply: (x) => tf.tidy(() => tf.mul(x, 0.5)),
};

describe('RandAugment implementation option', () => {
  it('defaults to auto, validates the value before allocating, and lists the valid ones', async () => {
    expect(new RandAugment().implementation).toBe('auto');
    expect(new RandAugment({implementation: 'composite'}).implementation).toBe('composite');
    const err = await expectNoLeakOnThrow(() => new RandAugment({implementation: 'fast' as 'fused'}));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(/`implementation`.*'fast'.*'auto', 'composite', 'fused'/);
  });

  it('auto and fused run the fused kernel on cpu, composite never does; all three agree', async () => {
    await expectNoLeak(async () => {
      const x = images(6);
      const plan = new RandAugment({seed: 4}).sample(6, H, W);
      const outputs: Float32Array[] = [];
      for (const [implementation, fused] of [['auto', true], ['fused', true], ['composite', false]] as const) {
        const ra = new RandAugment({implementation});
        expect(await usedFusedKernel(() => ra.apply(x, plan))).toBe(fused);
        const y = ra.apply(x, plan);
        outputs.push(await y.data() as Float32Array);
        y.dispose();
        ra.dispose();
      }
      expect(differences(outputs[0] as Float32Array, outputs[2] as Float32Array).count).toBe(0);
      expect(differences(outputs[1] as Float32Array, outputs[2] as Float32Array).count).toBe(0);
      x.dispose();
    });
  });

  it('auto falls back to the composite path for a user op in the plan; fused throws UnsupportedError', async () => {
    const registry = defaultOpRegistry().register(half);
    const plan = onePlan([[{op: 'Half', level: 9, args: {}}, {op: 'Invert', level: 9, args: {}}], [{op: 'Rotate', level: 9, args: {degrees: 27}}, {op: 'Identity', level: 9, args: {}}]]);
    await expectNoLeak(async () => {
      const x = images(2);
      const auto = new RandAugment({registry});
      expect(await usedFusedKernel(() => auto.apply(x, plan))).toBe(false);
      const y = auto.apply(x, plan);
      const compositeRa = new RandAugment({registry, implementation: 'composite'});
      const composite = compositeRa.apply(x, plan);
      expect(differences(await y.data(), await composite.data()).count).toBe(0);
      compositeRa.dispose(); // frees the composite path's cached rotation boxes
      // A plan of the same instance without the user op still runs fused.
      const builtinOnly = onePlan([[{op: 'Invert', level: 9, args: {}}], [{op: 'Equalize', level: 9, args: {}}]]);
      expect(await usedFusedKernel(() => auto.apply(x, builtinOnly))).toBe(true);
      const err = await expectNoLeakOnThrow(() => new RandAugment({registry, implementation: 'fused'}).apply(x, plan));
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as Error).message).toMatch(/^RandAugment: implementation 'fused' cannot run this plan; got op 'Half' has no host implementation.*Use implementation 'auto'/);
      tf.dispose([x, y, composite]);
      auto.dispose();
    });
  });

  it('treats a built-in replaced by a copy of its record as a user op (composite path)', async () => {
    const registry = defaultOpRegistry().register({...rotateOp}, {replace: true});
    await expectNoLeak(async () => {
      const x = images(3);
      const ra = new RandAugment({registry, ops: ['Rotate', 'Invert']});
      const plan = onePlan([0, 1, 2].map(() => [{op: 'Rotate', level: -9, args: {degrees: -27}}]));
      expect(await usedFusedKernel(() => ra.apply(x, plan))).toBe(false);
      const {fused, composite} = await bothPaths(x, plan); // the default registry's record: fused
      const y = ra.apply(x, plan);
      expect(differences(await y.data(), composite).count).toBe(0);
      expect(differences(fused, composite).count).toBe(0);
      tf.dispose([x, y]);
      ra.dispose();
    });
  });

  it('a non-integer fill keeps Cutout and constant-mode geometry on the composite path', async () => {
    await expectNoLeak(async () => {
      const x = images(2);
      const cut = onePlan([[{op: 'Cutout', level: 9, args: {padSize: 3, center: [4, 4]}}], [{op: 'Invert', level: 9, args: {}}]]);
      const shift = onePlan([[{op: 'TranslateX', level: 9, args: {pixels: 4}}], [{op: 'Invert', level: 9, args: {}}]]);
      const reflect = new RandAugment({fill: 127.5});
      expect(await usedFusedKernel(() => reflect.apply(x, cut))).toBe(false);
      expect(await usedFusedKernel(() => reflect.apply(x, shift))).toBe(true); // reflection never reads fill
      const constant = new RandAugment({fill: 127.5, fillMode: 'constant'});
      expect(await usedFusedKernel(() => constant.apply(x, shift))).toBe(false);
      const y = constant.apply(x, shift);
      expect(Array.from(await y.data())).toContain(127.5);
      const err = await expectNoLeakOnThrow(() => new RandAugment({fill: 127.5, implementation: 'fused'}).apply(x, cut));
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as Error).message).toMatch(/got the fill value 127\.5 is not an integer/);
      tf.dispose([x, y]);
      reflect.dispose();
      constant.dispose();
    });
  });

  it('a factor that overflows float32 stays on the composite path (which yields NaN there)', async () => {
    await expectNoLeak(async () => {
      const x = images(1);
      const plan = onePlan([[{op: 'Brightness', level: 9, args: {factor: 1e39}}]]);
      const ra = new RandAugment();
      expect(await usedFusedKernel(() => ra.apply(x, plan))).toBe(false);
      const y = ra.apply(x, plan);
      expect(Array.from(await y.data()).some(Number.isNaN)).toBe(true); // 0 · Infinity, as tfjs computes it
      y.dispose();
      const err = await expectNoLeakOnThrow(() => new RandAugment({implementation: 'fused'}).apply(x, plan));
      expect((err as Error).message).toMatch(/brightness factor 1e\+39 overflows float32/);
      const big = onePlan([[{op: 'Brightness', level: 9, args: {factor: 1e38}}]]); // finite in float32
      const {fused, composite} = await bothPaths(x, big);
      expect(differences(fused, composite).count).toBe(0);
      x.dispose();
    });
  });

  it('both paths reject bad plan arguments with the same error, before allocating', async () => {
    const x = images(3);
    const bad: RandAugmentPlan[] = [
      onePlan([[{op: 'Posterize', level: 9, args: {bits: 3}}], [{op: 'Posterize', level: 9, args: {bits: 2.5}}], [{op: 'Invert', level: 9, args: {}}]]),
      onePlan([[{op: 'Cutout', level: 9, args: {padSize: 2, center: [1, 'x']}}], [{op: 'Invert', level: 9, args: {}}], [{op: 'Invert', level: 9, args: {}}]]),
      onePlan([[{op: 'Rotate', level: 9, args: {}}], [{op: 'Invert', level: 9, args: {}}], [{op: 'Invert', level: 9, args: {}}]]),
      onePlan([[{op: 'SolarizeAdd', level: 9, args: {addition: 99, threshold: 300}}], [{op: 'Invert', level: 9, args: {}}], [{op: 'Color', level: 9, args: {factor: Number.NaN}}]]),
    ];
    for (const plan of bad) {
      const fusedErr = await expectNoLeakOnThrow(() => new RandAugment({implementation: 'fused'}).apply(x, plan));
      const compositeErr = await expectNoLeakOnThrow(() => new RandAugment({implementation: 'composite'}).apply(x, plan));
      expect(fusedErr).toBeInstanceOf(InvalidArgumentError);
      expect((fusedErr as Error).message).toBe((compositeErr as Error).message);
    }
    x.dispose();
  });

  it('dispose() drops the host tables; the instance stays usable and gives the same output', async () => {
    await expectNoLeak(async () => {
      const x = images(8);
      const ra = new RandAugment({seed: 9});
      const plan = ra.sample(8, H, W);
      const a = ra.apply(x, plan);
      const host = (ra as unknown as {host: {size: number}}).host;
      expect(host.size).toBeGreaterThan(0);
      ra.dispose();
      expect(host.size).toBe(0);
      const b = ra.apply(x, plan);
      expect(differences(await a.data(), await b.data()).count).toBe(0);
      tf.dispose([x, a, b]);
      ra.dispose();
    });
  });
});

describe('RandAugment implementation on a backend other than cpu (wasm)', () => {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend is not available');
    await tf.ready();
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('auto runs the composite path (same values as on cpu); fused throws UnsupportedError', async () => {
    const data = Float32Array.from({length: 4 * H * W * 3}, (_, i) => ((i * 7919) % 290) - 15 + (i % 5) / 5);
    const plan = new RandAugment({seed: 12, numLayers: 3}).sample(4, H, W);
    let onWasm: Float32Array = new Float32Array(0);
    await expectNoLeak(async () => {
      const x = tf.tensor4d(data, [4, H, W, 3]);
      const ra = new RandAugment();
      expect(await usedFusedKernel(() => ra.apply(x, plan))).toBe(false);
      const y = ra.apply(x, plan);
      onWasm = await y.data() as Float32Array;
      const err = await expectNoLeakOnThrow(() => new RandAugment({implementation: 'fused'}).apply(x, plan));
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as Error).message).toMatch(/runs only on the 'cpu' backend; got backend 'wasm'/);
      tf.dispose([x, y]);
      ra.dispose();
    });
    await tf.setBackend('cpu');
    const x = tf.tensor4d(data, [4, H, W, 3]);
    const y = new RandAugment({implementation: 'fused'}).apply(x, plan);
    expect(differences(onWasm, await y.data()).count).toBe(0);
    tf.dispose([x, y]);
    await tf.setBackend('wasm');
  });
});
