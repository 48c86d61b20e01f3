// Every case of the golden fixtures (../shared/fixtures/randaugment) through the fused CPU kernel: each case
// becomes a one-layer plan in which every image draws the case's op with the case's arguments. The fused
// path must match the fixture bit for bit (tolerant cases included, as the composite path does on cpu) and
// must equal the composite path's output.
import * as tf from '@tensorflow/tfjs-core';
import {RandAugment} from '../../../src/augment/rand_augment';
import type {PlanStep, RandAugmentPlan} from '../../../src/augment/types';
import {expectNoLeak} from '../../helpers/memory';
import {describeWithShared} from '../../helpers/shared';
import {caseInput, compareCase, countDiffs, FIXTURE_DIR, loadIndex, readU8, type FixtureCase} from '../fixtures';
import {bothPaths, differences, usedFusedKernel} from './compare';

/** The case as a plan: one step per image, with the registry record's argument names. */
function planOf(c: FixtureCase): RandAugmentPlan {
  const steps = c.images.map((_, i): PlanStep[] => {
    const a = c.args;
    const centre = c.per_image_args?.[i];
    const args = c.op === 'Cutout' ? {padSize: a['pad_size'], center: [centre?.['cy'], centre?.['cx']]} : {...a};
    return [{op: c.op, level: 9, args}];
  });
  return {height: c.shape[1], width: c.shape[2], steps};
}

describeWithShared('fused kernel: golden fixtures', FIXTURE_DIR, () => {
  const index = loadIndex();
  const inputs = readU8('inputs.u8');

  it('covers the 16 ops', () => {
    expect(new Set(index.cases.map((c) => c.op)).size).toBe(16);
  });

  describe.each(index.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    it('fused output matches the fixture exactly and equals the composite output', async () => {
      const expected = readU8(c.output);
      await expectNoLeak(async () => {
        const x = caseInput(c, inputs);
        const plan = planOf(c);
        const ra = new RandAugment({numLayers: 1, implementation: 'fused'});
        expect(await usedFusedKernel(() => ra.apply(x, plan))).toBe(true);
        const y = ra.apply(x, plan);
        expect(y.shape).toEqual(c.shape);
        expect(y.dtype).toBe('float32');
        const values = await y.data();
        expect(compareCase(c, values, expected)).toEqual([]);
        expect(countDiffs(values, expected)).toBe(0);
        const both = await bothPaths(x, plan);
        expect(differences(both.fused, both.composite)).toEqual({count: 0, first: []});
        tf.dispose([x, y]);
        ra.dispose();
      });
    });
  });
});
