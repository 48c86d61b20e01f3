// The fused CPU kernel against the composite tensor path: the same plan must give the same values, bit for
// bit, over random plans on random images (fast-check: sizes, magnitudes, layer counts, fill modes, fills,
// translate/cutout constants), random plans on the real images of the fixtures, every op at both signs of
// the level (or the same error from both paths), constant fill, [H, W, 3] and int32 inputs.
import * as fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import {RandAugment} from '../../../src/augment/rand_augment';
import {defaultOpRegistry} from '../../../src/augment/registry';
import type {OpContext, PlanStep, RandAugmentPlan} from '../../../src/augment/types';
import {Rng} from '../../../src/random/rng';
import {expectNoLeak} from '../../helpers/memory';
import {describeWithShared} from '../../helpers/shared';
import {FIXTURE_DIR, readU8} from '../fixtures';
import {bothPaths, differences, usedFusedKernel} from './compare';

/** Float images with fractional and out-of-range values (quantisation is part of what is compared). */
const batch = fc.record({n: fc.integer({min: 1, max: 4}), h: fc.integer({min: 1, max: 9}), w: fc.integer({min: 1, max: 9})})
  .chain(({n, h, w}) => fc.array(fc.double({min: -20, max: 280, noNaN: true}), {minLength: n * h * w * 3, maxLength: n * h * w * 3})
    .map((v) => ({n, h, w, data: Float32Array.from(v)})));

const policy = fc.record({
  seed: fc.integer({min: 0, max: 2 ** 31 - 1}),
  magnitude: fc.oneof(fc.integer({min: 0, max: 10}), fc.double({min: 0, max: 10, noNaN: true})),
  numLayers: fc.integer({min: 0, max: 4}),
  fillMode: fc.constantFrom('reflect' as const, 'constant' as const),
  fill: fc.integer({min: 0, max: 255}),
  translateConst: fc.integer({min: 0, max: 20}),
  cutoutConst: fc.integer({min: 0, max: 12}),
});

describe('fused kernel = composite path', () => {
  it('on random plans over random images (fast-check)', async () => {
    await fc.assert(fc.asyncProperty(batch, policy, async ({n, h, w, data}, args) => {
      await expectNoLeak(async () => {
        const x = tf.tensor4d(data, [n, h, w, 3]);
        const plan = new RandAugment(args).sample(n, h, w);
        const {fused, composite} = await bothPaths(x, plan, args);
        x.dispose();
        expect(differences(fused, composite)).toEqual({count: 0, first: []});
      });
    }), {numRuns: 80, seed: 20261127});
  });

  it('on 72x72 images at the example\'s magnitude, with many images per op group', async () => {
    await expectNoLeak(async () => {
      const x = tf.tidy(() => tf.mul(tf.randomUniform([48, 72, 72, 3], 0, 1, 'float32', 3), 260)) as tf.Tensor4D;
      for (const seed of [1, 2]) {
        const plan = new RandAugment({seed, numLayers: 3}).sample(48, 72, 72);
        const {fused, composite} = await bothPaths(x, plan);
        expect(differences(fused, composite)).toEqual({count: 0, first: []});
      }
      x.dispose();
    });
  });

  it('for every op at both signs of the level, or both paths throw the same error', async () => {
    const registry = defaultOpRegistry();
    const rng = new Rng(5);
    const x = tf.tidy(() => tf.floor(tf.mul(tf.randomUniform([3, 11, 13, 3], 0, 1, 'float32', 4), 256))) as tf.Tensor4D;
    let compared = 0;
    let rejected = 0;
    for (const name of registry.names()) {
      for (const magnitude of [9, 4.5]) {
        for (const level of [magnitude, -magnitude]) {
          const ctx: OpContext = {height: 11, width: 13, maxLevel: 10, translateConst: 100, cutoutConst: 40, fillMode: 'reflect', fill: 128};
          const steps = [0, 1, 2].map((): PlanStep[] => [{op: name, level, args: registry.get(name).levelToArgs(level, ctx, rng) as PlanStep['args']}]);
          const plan: RandAugmentPlan = {height: 11, width: 13, steps};
          let outcome: unknown;
          try {
            outcome = await expectNoLeak(() => bothPaths(x, plan));
          } catch (e) {
            outcome = e;
          }
          if (outcome instanceof Error) {
            // Negative levels give invalid arguments for some unsigned ops (e.g. bits -3): same error on both paths.
            const msg = outcome.message;
            const fusedErr = await captureError(() => new RandAugment({implementation: 'fused'}).apply(x, plan));
            const compositeErr = await captureError(() => new RandAugment({implementation: 'composite'}).apply(x, plan));
            expect(fusedErr).toBeInstanceOf(Error);
            expect(compositeErr).toBeInstanceOf(Error);
            expect((fusedErr as Error).name).toBe((compositeErr as Error).name);
            expect((fusedErr as Error).message).toBe((compositeErr as Error).message);
            expect(msg).toBe((fusedErr as Error).message);
            rejected++;
          } else {
            const {fused, composite} = outcome as {fused: Float32Array; composite: Float32Array};
            expect({op: name, level, ...differences(fused, composite)}).toEqual({op: name, level, count: 0, first: []});
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(16 * 2 + 5 * 2 * 2); // every op at +M, and the signed ops at -M
    expect(compared + rejected).toBe(16 * 4);
    x.dispose();
  });

  it('in constant fill mode (grey corners and borders)', async () => {
    await expectNoLeak(async () => {
      const x = tf.tidy(() => tf.mul(tf.randomUniform([20, 16, 12, 3], 0, 1, 'float32', 6), 255)) as tf.Tensor4D;
      const args = {seed: 3, fillMode: 'constant' as const, fill: 77, translateConst: 10, ops: ['Rotate', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Cutout']};
      const plan = new RandAugment(args).sample(20, 16, 12);
      const {fused, composite} = await bothPaths(x, plan, args);
      expect(differences(fused, composite)).toEqual({count: 0, first: []});
      expect(Array.from(fused)).toContain(77);
      x.dispose();
    });
  });

  it('on a single [H, W, 3] image and on int32 input', async () => {
    await expectNoLeak(async () => {
      const one = tf.tidy(() => tf.mul(tf.randomUniform([9, 7, 3], -0.1, 1.1, 'float32', 7), 255)) as tf.Tensor3D;
      const ints = tf.tidy(() => tf.cast(tf.mul(tf.randomUniform([5, 9, 7, 3], -0.1, 1.1, 'float32', 8), 255), 'int32')) as tf.Tensor4D;
      for (const seed of [1, 2, 3]) {
        const single = await bothPaths(one, new RandAugment({seed, numLayers: 3}).sample(1, 9, 7));
        expect(single.shape).toEqual([9, 7, 3]);
        expect(single.dtype).toBe('float32');
        expect(differences(single.fused, single.composite).count).toBe(0);
        const int = await bothPaths(ints, new RandAugment({seed, numLayers: 3}).sample(5, 9, 7));
        expect(int.dtype).toBe('float32');
        expect(differences(int.fused, int.composite).count).toBe(0);
      }
      tf.dispose([one, ints]);
    });
  });

  it('on an empty batch and with zero layers (quantisation only)', async () => {
    await expectNoLeak(async () => {
      const none = tf.zeros([0, 4, 4, 3]) as tf.Tensor4D;
      const empty = await bothPaths(none, {height: 4, width: 4, steps: []});
      expect(empty.shape).toEqual([0, 4, 4, 3]);
      const x = tf.tensor4d([-3, 0.5, 127.99, 254.9, 255, 300], [1, 1, 2, 3]);
      const q = await bothPaths(x, {height: 1, width: 2, steps: [[]]});
      expect(Array.from(q.fused)).toEqual([0, 0, 127, 254, 255, 255]);
      expect(Array.from(q.composite)).toEqual(Array.from(q.fused));
      tf.dispose([none, x]);
    });
  });
});

async function captureError(fn: () => tf.Tensor): Promise<unknown> {
  try {
    tf.dispose(fn());
  } catch (e) {
    return e;
  }
  return undefined;
}

describeWithShared('fused kernel = composite path on real images', FIXTURE_DIR, () => {
  it('random two-layer plans at magnitude 9 and random deeper plans over the fixtures\' inputs', async () => {
    const bytes = readU8('inputs.u8');
    const n = bytes.length / (72 * 72 * 3);
    await expectNoLeak(async () => {
      const x = tf.tensor4d(Float32Array.from(bytes), [n, 72, 72, 3]);
      const configs = [
        {seed: 1}, {seed: 2}, {seed: 3}, {seed: 4, numLayers: 4, magnitude: 6.5}, {seed: 5, numLayers: 6, magnitude: 10},
        {seed: 6, numLayers: 3, magnitude: 2}, {seed: 7, fillMode: 'constant' as const},
      ];
      for (const args of configs) {
        const plan = new RandAugment(args).sample(n, 72, 72);
        expect(await usedFusedKernel(() => new RandAugment({...args, implementation: 'fused'}).apply(x, plan))).toBe(true);
        const {fused, composite} = await bothPaths(x, plan, args);
        expect({args, ...differences(fused, composite)}).toEqual({args, count: 0, first: []});
      }
      x.dispose();
    });
  });
});
