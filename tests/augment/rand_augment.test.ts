// RandAugment: seeding and determinism, the sampler's statistics (17 equally likely choices, fair signs,
// uniform Cutout centres), batched application equal to the reference's one-image-at-a-time semantics,
// one op call per group, custom ops, replayable plans, input/output semantics, errors and memory.
import * as tf from '@tensorflow/tfjs-core';
import {RandAugment} from '../../src/augment/rand_augment';
import {createOpRegistry, defaultOpRegistry, type OpRegistry} from '../../src/augment/registry';
import type {AugmentOp, OpContext, PlanStep, RandAugmentPlan} from '../../src/augment/types';
import {InvalidArgumentError, ShapeError, UnknownOpError} from '../../src/errors';
import {Rng} from '../../src/random/rng';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

const H = 12;
const W = 10;

/** Deterministic test images with fractional and out-of-range values, to exercise input quantisation. */
function images(n: number, h = H, w = W): tf.Tensor4D {
  const data = Float32Array.from({length: n * h * w * 3}, (_, i) => ((i * 7919) % 300) - 20 + ((i % 7) / 7));
  return tf.tensor4d(data, [n, h, w, 3]);
}

/** The reference semantics: each image alone, quantised once, then its steps in order (one op call per image). */
async function referenceApply(x: tf.Tensor4D, plan: RandAugmentPlan, registry: OpRegistry, ctx: Partial<OpContext> = {}): Promise<Float32Array> {
  const [n, h, w] = x.shape;
  const full: OpContext = {height: h, width: w, maxLevel: 10, translateConst: 100, cutoutConst: 40, fillMode: 'reflect', fill: 128, ...ctx};
  const out = new Float32Array(x.size);
  for (let i = 0; i < n; i++) {
    const y = tf.tidy(() => {
      let img = tf.floor(tf.clipByValue(tf.slice(x, i, 1), 0, 255)) as tf.Tensor4D;
      for (const step of plan.steps[i] as PlanStep[]) {
        if (step.op !== 'Identity') img = registry.get(step.op).apply(img, [step.args], full);
      }
      return img;
    });
    out.set(await y.data(), i * h * w * 3);
    y.dispose();
  }
  return out;
}

describe('RandAugment: seeding and plans', () => {
  it('exposes its seed, prints its config, and draws the same plans from the same seed', () => {
    const a = new RandAugment({seed: 42});
    const b = new RandAugment({seed: 42});
    expect(a.seed).toBe(42);
    expect(String(a)).toBe('rand-m9-n2');
    expect(a.config).toEqual({numLayers: 2, magnitude: 9, translateConst: 100, cutoutConst: 40, fillMode: 'reflect', fill: 128});
    expect(a.sample(50, 72, 72)).toEqual(b.sample(50, 72, 72));
    expect(a.sample(50, 72, 72)).not.toEqual(new RandAugment({seed: 43}).sample(50, 72, 72));
    const unseeded = new RandAugment();
    expect(Number.isInteger(unseeded.seed)).toBe(true);
    expect(new RandAugment({seed: unseeded.seed}).sample(5, 8, 8)).toEqual(unseeded.sample(5, 8, 8));
    const rng = new Rng(7).fork('augment');
    expect(new RandAugment({rng}).seed).toBe(7);
  });

  it('draws plain, JSON-serialisable plans with the reference arguments at magnitude 9', () => {
    const plan = new RandAugment({seed: 3}).sample(400, 72, 72);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(plan.height).toBe(72);
    expect(plan.steps.every((row) => row.length === 2)).toBe(true);
    const seen = new Map<string, Set<string>>();
    for (const step of plan.steps.flat()) {
      const s = seen.get(step.op) ?? new Set<string>();
      s.add(JSON.stringify(step.op === 'Cutout' ? {padSize: step.args['padSize']} : step.args));
      seen.set(step.op, s);
    }
    expect(seen.get('Rotate')).toEqual(new Set(['{"degrees":27}', '{"degrees":-27}']));
    expect(seen.get('ShearX')).toEqual(new Set(['{"level":0.27}', '{"level":-0.27}']));
    expect(seen.get('TranslateY')).toEqual(new Set(['{"pixels":90}', '{"pixels":-90}']));
    expect(seen.get('Posterize')).toEqual(new Set(['{"bits":3}']));
    expect(seen.get('Solarize')).toEqual(new Set(['{"threshold":230}']));
    expect(seen.get('SolarizeAdd')).toEqual(new Set(['{"addition":99,"threshold":128}']));
    expect(seen.get('Color')).toEqual(new Set(['{"factor":1.7200000000000002}']));
    expect(seen.get('Cutout')).toEqual(new Set(['{"padSize":36}']));
    expect(seen.get('Identity')).toEqual(new Set(['{}']));
    expect(seen.size).toBe(17);
  });

  it('samples 17 equally likely choices per layer, fair signs and uniform Cutout centres', () => {
    const ra = new RandAugment({seed: 11});
    const n = 17 * 1500;
    const plan = ra.sample(n, 72, 72);
    for (let layer = 0; layer < 2; layer++) {
      const counts = new Map<string, number>();
      for (const row of plan.steps) counts.set((row[layer] as PlanStep).op, (counts.get((row[layer] as PlanStep).op) ?? 0) + 1);
      expect(counts.size).toBe(17);
      const expected = n / 17;
      const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(39.25); // 16 degrees of freedom, p = 0.001
    }
    const signed = plan.steps.flat().filter((s) => ['Rotate', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY'].includes(s.op));
    const negative = signed.filter((s) => s.level < 0).length;
    expect(Math.abs(negative - signed.length / 2)).toBeLessThan(3.3 * Math.sqrt(signed.length / 4));
    const centres = plan.steps.flat().filter((s) => s.op === 'Cutout').map((s) => s.args['center'] as [number, number]);
    for (const axis of [0, 1]) {
      const v = centres.map((c) => c[axis] as number);
      expect(Math.min(...v)).toBe(0);
      expect(Math.max(...v)).toBe(71);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      expect(Math.abs(mean - 35.5)).toBeLessThan(3.3 * Math.sqrt((72 * 72 - 1) / 12 / v.length));
    }
    // Both layers are independent: same op twice in a row about 1/17 of the time.
    const same = plan.steps.filter((r) => (r[0] as PlanStep).op === (r[1] as PlanStep).op).length;
    expect(Math.abs(same - n / 17)).toBeLessThan(3.3 * Math.sqrt(n * (1 / 17) * (16 / 17)));
  });
});

describe('RandAugment: application', () => {
  it('equals the one-image-at-a-time reference semantics, and the same seed gives the same output', async () => {
    const registry = defaultOpRegistry();
    await expectNoLeak(async () => {
      const x = images(40);
      const ra = new RandAugment({seed: 5});
      const plan = ra.sample(40, H, W);
      const y = ra.apply(x, plan);
      expect(y.shape).toEqual([40, H, W, 3]);
      expect(y.dtype).toBe('float32');
      const got = await y.data();
      expect(got).toEqual(await referenceApply(x, plan, registry));
      const twin = new RandAugment({seed: 5});
      const again = twin.distort(x);
      expect(await again.data()).toEqual(got);
      twin.dispose();
      const replayed = ra.apply(x, JSON.parse(JSON.stringify(plan)) as RandAugmentPlan);
      expect(await replayed.data()).toEqual(got);
      tf.dispose([x, y, again, replayed]);
      ra.dispose();
    });
  });

  it('quantises the input by truncation, returns integers in 0..255, and accepts [H, W, 3] and int32', async () => {
    await expectNoLeak(async () => {
      const ra = new RandAugment({seed: 1, numLayers: 0});
      const x = tf.tensor3d([-3, 127.99, 254.9, 300, 0.5, 12], [1, 2, 3]);
      const y = ra.distort(x);
      expect(y.shape).toEqual([1, 2, 3]);
      expect(Array.from(await y.data())).toEqual([0, 127, 254, 255, 0, 12]);
      const xi = tf.tensor4d([-3, 7, 300], [1, 1, 1, 3], 'int32');
      const yi = ra.distort(xi);
      expect(yi.dtype).toBe('float32');
      expect(Array.from(await yi.data())).toEqual([0, 7, 255]);
      const full = new RandAugment({seed: 2});
      const six = images(6);
      const z = full.distort(six);
      for (const v of await z.data()) if (!(Number.isInteger(v) && v >= 0 && v <= 255)) throw new Error(`bad value ${v}`);
      const one = tf.tidy(() => tf.reshape(images(1, 8, 8), [8, 8, 3])) as tf.Tensor3D;
      const single = full.distort(one);
      expect(single.shape).toEqual([8, 8, 3]);
      tf.dispose([x, y, xi, yi, six, z, one, single]);
      full.dispose();
      ra.dispose();
    });
  });

  it('calls each op once per layer for the group of images that drew it', async () => {
    const calls: Array<{op: string; n: number}> = [];
    const registry = createOpRegistry();
    for (const name of defaultOpRegistry().names()) {
      const inner = defaultOpRegistry().get(name);
      registry.register({...inner, apply: (images, args, ctx) => {
        calls.push({op: name, n: images.shape[0]});
        expect(args.length).toBe(images.shape[0]);
        return inner.apply(images, args, ctx);
      }});
    }
    await expectNoLeak(async () => {
      const ra = new RandAugment({seed: 9, registry});
      const x = images(64);
      const plan = ra.sample(64, H, W);
      const y = ra.apply(x, plan);
      const expected: Array<{op: string; n: number}> = [];
      for (let l = 0; l < 2; l++) {
        const groups = new Map<string, number>();
        for (const row of plan.steps) {
          const op = (row[l] as PlanStep).op;
          if (op !== 'Identity') groups.set(op, (groups.get(op) ?? 0) + 1);
        }
        for (const [op, n] of groups) expected.push({op, n});
      }
      expect(calls).toEqual(expected);
      tf.dispose([x, y]);
      ra.dispose();
    });
  });

  it('magnitude 0 of the signed ops is the identity (after quantisation)', async () => {
    await expectNoLeak(async () => {
      const ra = new RandAugment({seed: 4, magnitude: 0, numLayers: 3, ops: ['Rotate', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY']});
      const x = images(20);
      const y = ra.distort(x);
      const q = tf.tidy(() => tf.floor(tf.clipByValue(x, 0, 255)));
      expect(await y.data()).toEqual(await q.data());
      tf.dispose([x, y, q]);
      ra.dispose();
    });
  });

  it('passes fillMode and fill to the geometric ops and Cutout', async () => {
    const registry = defaultOpRegistry();
    await expectNoLeak(async () => {
      const ra = new RandAugment({seed: 8, fillMode: 'constant', fill: 3, ops: ['TranslateX', 'Cutout']});
      const x = images(16);
      const plan = ra.sample(16, H, W);
      const y = ra.apply(x, plan);
      expect(await y.data()).toEqual(await referenceApply(x, plan, registry, {fillMode: 'constant', fill: 3}));
      expect(Array.from(await y.data())).toContain(3);
      tf.dispose([x, y]);
      ra.dispose();
    });
  });

  it('samples and applies a user-registered op like a built-in one, re-quantising its output', async () => {
    const registry = defaultOpRegistry();
    const half: AugmentOp<{scale: number}> = {
      name: 'Half', signed: false,
      levelToArgs: (level, ctx) => ({scale: 0.5 + level / ctx.maxLevel / 10}),
      apply: (images, args) => tf.tidy(() => tf.mul(images, tf.tensor4d(args.map((a) => a.scale), [args.length, 1, 1, 1]))),
    };
    registry.register(half);
    const ra = new RandAugment({registry, seed: 12});
    expect(ra.ops).toContain('Half');
    const plan = ra.sample(18 * 500, 8, 8);
    const share = plan.steps.flat().filter((s) => s.op === 'Half').length / (18 * 1000);
    expect(Math.abs(share - 1 / 18)).toBeLessThan(0.008);
    await expectNoLeak(async () => {
      const x = tf.fill([2, 8, 8, 3], 101) as tf.Tensor4D;
      const y = ra.apply(x, {height: 8, width: 8, steps: [[{op: 'Half', level: 9, args: {scale: 0.59}}], [{op: 'Identity', level: 9, args: {}}]]});
      // 101 * 0.59 = 59.59 is truncated to 59 for the image that drew 'Half'; the other is untouched.
      const out = await y.data();
      expect([out[0], out[8 * 8 * 3]]).toEqual([59, 101]);
      tf.dispose([x, y]);
    });
    ra.dispose();
  });
});

describe('RandAugment: errors and memory', () => {
  it('checks its arguments before allocating anything', async () => {
    const cases: Array<[() => unknown, new (...a: never[]) => Error, RegExp]> = [
      [() => new RandAugment({numLayers: -1}), InvalidArgumentError, /`numLayers` must be >= 0; got -1/],
      [() => new RandAugment({numLayers: 1.5}), InvalidArgumentError, /`numLayers` must be an integer/],
      [() => new RandAugment({magnitude: 11}), InvalidArgumentError, /`magnitude` must be <= 10; got 11/],
      [() => new RandAugment({fillMode: 'wrap' as 'reflect'}), InvalidArgumentError, /Valid values: 'reflect', 'constant'/],
      [() => new RandAugment({fill: 256}), InvalidArgumentError, /`fill`/],
      [() => new RandAugment({seed: 1, rng: new Rng(1)}), InvalidArgumentError, /either `seed` or `rng`, not both/],
      [() => new RandAugment({magnitdue: 9} as never), InvalidArgumentError, /unknown argument 'magnitdue'\. Valid arguments: numLayers, magnitude/],
      [() => new RandAugment({ops: ['Rotate', 'Shear']}), UnknownOpError, /unknown op 'Shear'.*Did you mean 'ShearX'\?/],
      [() => new RandAugment({ops: ['Rotate', 'Rotate']}), InvalidArgumentError, /distinct op names/],
      [() => new RandAugment({registry: {} as OpRegistry}), InvalidArgumentError, /`registry` must be an OpRegistry/],
    ];
    for (const [fn, cls, pattern] of cases) {
      const err = await expectNoLeakOnThrow(fn);
      expect(err).toBeInstanceOf(cls);
      expect((err as Error).message).toMatch(pattern);
    }
  });

  it('rejects bad images and mismatched or unknown plans without leaking', async () => {
    const ra = new RandAugment({seed: 1});
    const x = images(3);
    const rank2 = tf.zeros([4, 4]);
    const oneChannel = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    const bool = tf.zeros([1, 4, 4, 3], 'bool') as tf.Tensor4D;
    const cases: Array<[() => unknown, new (...a: never[]) => Error, RegExp]> = [
      [() => ra.distort(rank2 as unknown as tf.Tensor3D), ShapeError, /must be \[N, H, W, 3\] or \[H, W, 3\]; got \[4, 4\]/],
      [() => ra.distort(oneChannel), ShapeError, /got \[1, 4, 4, 1\]/],
      [() => ra.distort(bool), InvalidArgumentError, /float32 or int32; got bool/],
      [() => ra.apply(x, ra.sample(2, H, W)), ShapeError, /the plan is for 2 images of 12x10; got 3 images of 12x10\. Draw it with sample\(3, 12, 10\)/],
      [() => ra.apply(x, {height: H, width: W, steps: [[{op: 'Nope', level: 9, args: {}}], [], []]}), InvalidArgumentError, /same number of steps/],
      [() => ra.apply(x, {height: H, width: W, steps: [0, 1, 2].map(() => [{op: 'Rotat', level: 9, args: {}}])}), UnknownOpError, /Did you mean 'Rotate'/],
      [() => ra.apply(x, null as unknown as RandAugmentPlan), InvalidArgumentError, /`plan` must come from sample\(\)/],
      [() => ra.sample(-1, 4, 4), InvalidArgumentError, /`n` must be >= 0/],
    ];
    for (const [fn, cls, pattern] of cases) {
      const err = await expectNoLeakOnThrow(fn);
      expect(err).toBeInstanceOf(cls);
      expect((err as Error).message).toMatch(pattern);
    }
    tf.dispose([x, rank2, oneChannel, bool]);
    ra.dispose();
  });

  it('a custom op returning the wrong shape raises a ShapeError and leaks nothing', async () => {
    const registry = createOpRegistry().register({
      name: 'Crop', signed: false, levelToArgs: () => ({}), apply: (images) => tf.slice(images, [0, 0, 0, 0], [-1, 2, 2, 3]) as tf.Tensor4D,
    });
    const ra = new RandAugment({registry, seed: 1});
    const x = images(2);
    const plan = {height: H, width: W, steps: [[{op: 'Crop', level: 9, args: {}}], [{op: 'Crop', level: 9, args: {}}]]};
    const err = await expectNoLeakOnThrow(() => ra.apply(x, plan));
    expect(err).toBeInstanceOf(ShapeError);
    expect((err as Error).message).toMatch(/op 'Crop' must return a float32 tensor of shape \[2, 12, 10, 3\]; got float32 \[2, 2, 2, 3\]/);
    x.dispose();
  });

  it('keeps its cached constants until dispose(), and stays usable after it (composite path)', async () => {
    await expectNoLeak(async () => {
      // The fused cpu kernel keeps host tables only; the composite path caches maps and masks as tensors.
      const ra = new RandAugment({seed: 6, implementation: 'composite'});
      const x = images(32);
      const before = tf.memory().numTensors;
      tf.dispose(ra.distort(x));
      expect(tf.memory().numTensors).toBeGreaterThan(before); // maps and masks are cached
      ra.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(ra.distort(x));
      ra.dispose();
      x.dispose();
    });
  });

  it('handles an empty batch and 1x1 images', async () => {
    await expectNoLeak(async () => {
      const ra = new RandAugment({seed: 2, numLayers: 4});
      const none = tf.zeros([0, 5, 5, 3]) as tf.Tensor4D;
      const empty = ra.distort(none);
      expect(empty.shape).toEqual([0, 5, 5, 3]);
      const tiny = images(30, 1, 1);
      const y = ra.distort(tiny);
      for (const v of await y.data()) if (!(Number.isInteger(v) && v >= 0 && v <= 255)) throw new Error(`bad value ${v}`);
      tf.dispose([none, empty, tiny, y]);
      ra.dispose();
    });
  });
});
