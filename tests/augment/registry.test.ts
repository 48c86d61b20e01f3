// OpRegistry: the reference op list, isolation between registries, and the typed errors of register/get.
import * as tf from '@tensorflow/tfjs-core';
import {OpRegistry, createOpRegistry, defaultOpRegistry} from '../../src/augment/registry';
import type {AugmentOp} from '../../src/augment/types';
import {DuplicateOpError, InvalidArgumentError, UnknownOpError, isDuplicateOpError, isUnknownOpError} from '../../src/errors';

const REFERENCE_ORDER = [
  'AutoContrast', 'Equalize', 'Invert', 'Rotate', 'Posterize', 'Solarize', 'Color', 'Contrast', 'Brightness',
  'Sharpness', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Cutout', 'SolarizeAdd',
];

const custom = (name: string): AugmentOp<{k: number}> => ({
  name, signed: false, levelToArgs: (level) => ({k: level}), apply: (images) => tf.clone(images),
});

describe('OpRegistry', () => {
  it('defaultOpRegistry holds the 16 reference ops in the reference order (SolarizeAdd after Cutout)', () => {
    expect(defaultOpRegistry().names()).toEqual(REFERENCE_ORDER);
    const signed = REFERENCE_ORDER.filter((n) => defaultOpRegistry().get(n).signed);
    expect(signed).toEqual(['Rotate', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY']);
  });

  it('returns a fresh registry each time; createOpRegistry is empty; clone copies', () => {
    const a = defaultOpRegistry();
    a.register(custom('Mine'));
    expect(defaultOpRegistry().has('Mine')).toBe(false);
    expect(createOpRegistry().names()).toEqual([]);
    const b = a.clone();
    b.register(custom('Other'));
    expect(a.has('Other')).toBe(false);
    expect(b.names()).toEqual([...REFERENCE_ORDER, 'Mine', 'Other']);
  });

  it('register chains, appends in order, and refuses a duplicate unless {replace: true}', () => {
    const r = createOpRegistry().register(custom('A')).register(custom('B'));
    expect(r.names()).toEqual(['A', 'B']);
    let err: unknown;
    try {
      r.register(custom('A'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DuplicateOpError);
    expect(isDuplicateOpError(err)).toBe(true);
    expect((err as DuplicateOpError).op).toBe('A');
    expect((err as Error).message).toBe("OpRegistry: op 'A' is already registered; got a second op of that name. " +
      'Pass {replace: true} to override it, or choose another name.');
    const replacement = custom('A');
    r.register(replacement, {replace: true});
    expect(r.get('A')).toBe(replacement);
    expect(r.names()).toEqual(['A', 'B']);
  });

  it('get throws UnknownOpError listing the known names and suggesting the closest', () => {
    const r = defaultOpRegistry();
    let err: unknown;
    try {
      r.get('Shear');
    } catch (e) {
      err = e;
    }
    expect(isUnknownOpError(err)).toBe(true);
    const u = err as UnknownOpError;
    expect(u.op).toBe('Shear');
    expect(u.known).toEqual([...REFERENCE_ORDER].sort());
    expect(u.suggestion).toBe('ShearX');
    expect(u.message).toMatch(/^OpRegistry: unknown op 'Shear'\. Known ops: AutoContrast, Brightness, .*, TranslateY\. Did you mean 'ShearX'\? Add ops with registry\.register\(\)\.$/);
    expect(() => r.get('rotate')).toThrow(/Did you mean 'Rotate'\?/);
    expect(() => r.get('Xyzzy-Plugh')).toThrow(expect.objectContaining({suggestion: undefined}));
    expect(() => createOpRegistry().get('Rotate')).toThrow(/Known ops: \(none\)/);
  });

  it('rejects invalid records and the reserved name Identity', () => {
    const r = createOpRegistry();
    const bad: unknown[] = [
      null,
      {...custom('X'), name: ''},
      {...custom('X'), name: 'Identity'},
      {...custom('X'), signed: 'yes'},
      {name: 'X', signed: false, apply: () => undefined},
      {name: 'X', signed: false, levelToArgs: () => ({})},
    ];
    for (const op of bad) expect(() => r.register(op as AugmentOp)).toThrow(InvalidArgumentError);
    expect(() => r.register({...custom('X'), name: 'Identity'})).toThrow(/'Identity' is reserved/);
    expect(r.names()).toEqual([]);
    expect(new OpRegistry().has('X')).toBe(false);
  });
});
