// Property tests over all 16 functional ops (fast-check, small random images): shape and dtype kept, integer
// values in 0..255, the input left untouched, per-image arguments equivalent to one call per image, level 0 of
// every signed op is the identity, and no tensor leaks.
import * as fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import * as ops from '../../../src/augment/ops';
import {defaultOpRegistry} from '../../../src/augment/registry';
import type {OpContext} from '../../../src/augment/types';
import {Rng} from '../../../src/random/rng';
import {expectNoLeak} from '../../helpers/memory';

type Apply = (x: tf.Tensor4D, a: unknown) => tf.Tensor4D;
interface OpCase {
  readonly arg: fc.Arbitrary<unknown>;
  readonly apply: Apply;
}

const geometry = fc.record({fillMode: fc.constantFrom('reflect' as const, 'constant' as const), fill: fc.integer({min: 0, max: 255})});
const factor = fc.double({min: 0, max: 3, noNaN: true});

/** One generator of per-image arguments and one call per op. */
const CASES: Record<string, OpCase> = {
  autoContrast: {arg: fc.constant(null), apply: (x) => ops.autoContrast(x)},
  equalize: {arg: fc.constant(null), apply: (x) => ops.equalize(x)},
  invert: {arg: fc.constant(null), apply: (x) => ops.invert(x)},
  posterize: {arg: fc.integer({min: 0, max: 8}), apply: (x, a) => ops.posterize(x, a as number[])},
  solarize: {arg: fc.integer({min: 0, max: 256}), apply: (x, a) => ops.solarize(x, a as number[])},
  solarizeAdd: {
    arg: fc.tuple(fc.integer({min: -255, max: 255}), fc.integer({min: 0, max: 256})),
    apply: (x, a) => ops.solarizeAdd(x, (a as [number, number][]).map((v) => v[0]), (a as [number, number][]).map((v) => v[1])),
  },
  color: {arg: factor, apply: (x, a) => ops.color(x, a as number[])},
  contrast: {arg: factor, apply: (x, a) => ops.contrast(x, a as number[])},
  brightness: {arg: factor, apply: (x, a) => ops.brightness(x, a as number[])},
  sharpness: {arg: factor, apply: (x, a) => ops.sharpness(x, a as number[])},
  rotate: {arg: fc.double({min: -180, max: 180, noNaN: true}), apply: (x, a) => ops.rotate(x, a as number[])},
  shearX: {arg: fc.double({min: -1, max: 1, noNaN: true}), apply: (x, a) => ops.shearX(x, a as number[])},
  shearY: {arg: fc.double({min: -1, max: 1, noNaN: true}), apply: (x, a) => ops.shearY(x, a as number[])},
  translateX: {arg: fc.double({min: -20, max: 20, noNaN: true}), apply: (x, a) => ops.translateX(x, a as number[])},
  translateY: {arg: fc.double({min: -20, max: 20, noNaN: true}), apply: (x, a) => ops.translateY(x, a as number[])},
  cutout: {
    arg: fc.tuple(fc.integer({min: 0, max: 6}), fc.integer({min: -2, max: 9}), fc.integer({min: -2, max: 9})),
    apply: (x, a) => ops.cutout(x, (a as number[][]).map((v) => v[0] as number),
      (a as number[][]).map((v) => [v[1], v[2]] as [number, number])),
  },
};

/** Random batches of 1..3 integer-valued images of 1..7 × 1..7. */
const batch = fc.record({n: fc.integer({min: 1, max: 3}), h: fc.integer({min: 1, max: 7}), w: fc.integer({min: 1, max: 7})})
  .chain(({n, h, w}) => fc.array(fc.integer({min: 0, max: 255}), {minLength: n * h * w * 3, maxLength: n * h * w * 3})
    .map((v) => ({n, h, w, data: Float32Array.from(v)})));

const RUNS = {numRuns: 25, seed: 20240601};

describe('functional ops: properties', () => {
  it('there is one case per exported op', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(ops).sort());
  });

  describe.each(Object.entries(CASES))('%s', (_name, c) => {
    it('keeps shape and dtype, outputs integers in 0..255, leaves the input untouched, and leaks nothing', async () => {
      await fc.assert(fc.asyncProperty(batch.chain((b) => fc.tuple(fc.constant(b), fc.array(c.arg, {minLength: b.n, maxLength: b.n}))),
        async ([b, args]) => {
          await expectNoLeak(async () => {
            const x = tf.tensor4d(b.data, [b.n, b.h, b.w, 3]);
            const y = c.apply(x, args);
            expect(y.shape).toEqual(x.shape);
            expect(y.dtype).toBe('float32');
            const out = await y.data();
            for (const v of out) {
              if (!(Number.isInteger(v) && v >= 0 && v <= 255)) throw new Error(`value ${v} is not an integer in 0..255`);
            }
            expect(await x.data()).toEqual(b.data);
            tf.dispose([x, y]);
          });
        }), RUNS);
    });

    it('treats every image on its own: a batch with per-image arguments equals one call per image', async () => {
      await fc.assert(fc.asyncProperty(batch.filter((b) => b.n > 1).chain((b) => fc.tuple(fc.constant(b), fc.array(c.arg, {minLength: b.n, maxLength: b.n}))),
        async ([b, args]) => {
          await expectNoLeak(async () => {
            const x = tf.tensor4d(b.data, [b.n, b.h, b.w, 3]);
            const whole = c.apply(x, args);
            const parts = args.map((a, i) => tf.tidy(() => c.apply(tf.slice(x, i, 1), [a])));
            const singles = tf.concat(parts, 0);
            expect(await whole.data()).toEqual(await singles.data());
            tf.dispose([x, whole, singles, ...parts]);
          });
        }), RUNS);
    });
  });

  it('geometric ops honour both fill modes and stay integer-valued', async () => {
    await fc.assert(fc.asyncProperty(batch, geometry, fc.double({min: -60, max: 60, noNaN: true}), async (b, opts, deg) => {
      await expectNoLeak(async () => {
        const x = tf.tensor4d(b.data, [b.n, b.h, b.w, 3]);
        const y = ops.rotate(x, deg, opts);
        const out = await y.data();
        const allowed = new Set([...b.data, ...(opts.fillMode === 'constant' ? [opts.fill] : [])]);
        for (const v of out) if (!allowed.has(v)) throw new Error(`value ${v} is neither an input value nor the fill`);
        tf.dispose([x, y]);
      });
    }), RUNS);
  });
});

describe('registry records: level 0 of every signed op is the identity', () => {
  const registry = defaultOpRegistry();
  const signed = registry.names().filter((n) => registry.get(n).signed);
  const ctx: OpContext = {height: 9, width: 7, maxLevel: 10, translateConst: 100, cutoutConst: 40, fillMode: 'reflect', fill: 128};

  it('the signed ops are the five geometric ones', () => {
    expect(signed).toEqual(['Rotate', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY']);
  });

  it.each(signed)('%s at level +0 and -0', async (name) => {
    await expectNoLeak(async () => {
      const data = Float32Array.from({length: 2 * 9 * 7 * 3}, (_, i) => (i * 37) % 256);
      const x = tf.tensor4d(data, [2, 9, 7, 3]);
      const op = registry.get(name);
      const args = [op.levelToArgs(0, ctx, new Rng(1)), op.levelToArgs(-0, ctx, new Rng(1))];
      for (const mode of ['reflect', 'constant'] as const) {
        const y = op.apply(x, args, {...ctx, fillMode: mode});
        expect(await y.data()).toEqual(data);
        y.dispose();
      }
      x.dispose();
    });
  });

  it('levelToArgs is odd in the level for signed ops (the sampler only flips the sign)', () => {
    for (const name of signed) {
      const op = registry.get(name);
      for (const level of [0.5, 3, 9, 10]) {
        const pos = op.levelToArgs(level, ctx, new Rng(1)) as Record<string, number>;
        const neg = op.levelToArgs(-level, ctx, new Rng(1)) as Record<string, number>;
        for (const k of Object.keys(pos)) expect(neg[k]).toBe(-(pos[k] as number));
      }
    }
  });
});
