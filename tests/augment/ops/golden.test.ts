// Every case of the golden fixtures (../shared/fixtures/randaugment), through the functional op and through
// the op's registry record, with the tolerance rule of each case (exact / rotate / sharpness). Runs once per
// backend of $TEST_BACKENDS (default cpu; `TEST_BACKENDS=cpu,wasm` also checks wasm, which is bit-exact too).
import * as tf from '@tensorflow/tfjs-core';
import {
  autoContrast, brightness, color, contrast, cutout, equalize, invert, posterize, rotate, sharpness, shearX, shearY,
  solarize, solarizeAdd, translateX, translateY,
} from '../../../src/augment/ops';
import {defaultOpRegistry} from '../../../src/augment/registry';
import type {OpContext} from '../../../src/augment/types';
import {describeBackends} from '../../helpers/backends';
import {expectNoLeak} from '../../helpers/memory';
import {describeWithShared} from '../../helpers/shared';
import {caseInput, compareCase, countDiffs, FIXTURE_DIR, loadIndex, readU8, type FixtureCase} from '../fixtures';

type Runner = (x: tf.Tensor4D, c: FixtureCase) => tf.Tensor4D;

const centres = (c: FixtureCase) => (c.per_image_args ?? []).map((a) => [a['cy'], a['cx']] as [number, number]);

const FUNCTIONAL: Record<string, Runner> = {
  AutoContrast: (x) => autoContrast(x),
  Equalize: (x) => equalize(x),
  Invert: (x) => invert(x),
  Rotate: (x, c) => rotate(x, c.args['degrees'] as number),
  Posterize: (x, c) => posterize(x, c.args['bits'] as number),
  Solarize: (x, c) => solarize(x, c.args['threshold'] as number),
  Color: (x, c) => color(x, c.args['factor'] as number),
  Contrast: (x, c) => contrast(x, c.args['factor'] as number),
  Brightness: (x, c) => brightness(x, c.args['factor'] as number),
  Sharpness: (x, c) => sharpness(x, c.args['factor'] as number),
  ShearX: (x, c) => shearX(x, c.args['level'] as number),
  ShearY: (x, c) => shearY(x, c.args['level'] as number),
  TranslateX: (x, c) => translateX(x, c.args['pixels'] as number),
  TranslateY: (x, c) => translateY(x, c.args['pixels'] as number),
  Cutout: (x, c) => cutout(x, c.args['pad_size'] as number, centres(c)),
  SolarizeAdd: (x, c) => solarizeAdd(x, c.args['addition'] as number, c.args['threshold'] as number),
};

/** The same case expressed as registry-record arguments (one record per image). */
function recordArgs(c: FixtureCase): Array<Record<string, unknown>> {
  const a = c.args;
  const one: Record<string, unknown> = c.op === 'Cutout' ? {padSize: a['pad_size']} : {...a};
  return c.images.map((_, i) => (c.op === 'Cutout' ? {...one, center: centres(c)[i]} : one));
}

describeWithShared('RandAugment golden fixtures', FIXTURE_DIR, () => {
  const index = loadIndex();
  const inputs = readU8('inputs.u8');
  const registry = defaultOpRegistry();

  it('covers all 16 ops', () => {
    expect(new Set(index.cases.map((c) => c.op))).toEqual(new Set(Object.keys(FUNCTIONAL)));
    expect(index.cases.length).toBeGreaterThanOrEqual(60);
  });

  describeBackends('cases', () => describe.each(index.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const expected = readU8(c.output);

    it('functional op matches the fixture', async () => {
      const values = await expectNoLeak(async () => {
        const x = caseInput(c, inputs);
        const y = (FUNCTIONAL[c.op] as Runner)(x, c);
        expect(y.shape).toEqual(c.shape);
        expect(y.dtype).toBe('float32');
        const data = await y.data();
        tf.dispose([x, y]);
        return data;
      });
      expect(compareCase(c, values, expected)).toEqual([]);
      if (c.tolerance.name !== 'exact') expect(countDiffs(values, expected)).toBe(0); // exact in practice on cpu
    });

    it('registry record matches the fixture', async () => {
      const values = await expectNoLeak(async () => {
        const x = caseInput(c, inputs);
        const ctx: OpContext = {height: 72, width: 72, maxLevel: 10, translateConst: 100, cutoutConst: 40, fillMode: 'reflect', fill: 128};
        const y = registry.get(c.op).apply(x, recordArgs(c), ctx);
        const data = await y.data();
        tf.dispose([x, y]);
        return data;
      });
      expect(compareCase(c, values, expected)).toEqual([]);
    });
  }));
});
