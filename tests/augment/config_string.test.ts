// Config-string shorthand: parsing, formatting, the round trip, and errors that list the valid keys.
import * as fc from 'fast-check';
import {DEFAULT_RANDAUGMENT_CONFIG, formatRandAugmentConfig, parseRandAugmentConfig, type RandAugmentConfig} from '../../src/augment/config_string';
import {ParseError, isParseError} from '../../src/errors';

function parseError(text: string): ParseError {
  try {
    parseRandAugmentConfig(text);
  } catch (e) {
    if (isParseError(e)) return e as ParseError;
    throw e;
  }
  throw new Error(`'${text}' parsed without error`);
}

describe('RandAugment config strings', () => {
  it('parses the example policy and fills the defaults', () => {
    expect(parseRandAugmentConfig('rand-m9-n2')).toEqual(DEFAULT_RANDAUGMENT_CONFIG);
    expect(parseRandAugmentConfig('rand')).toEqual(DEFAULT_RANDAUGMENT_CONFIG);
    expect(parseRandAugmentConfig('rand-n3-m7.5-t50-c20-constant-f0')).toEqual({
      numLayers: 3, magnitude: 7.5, translateConst: 50, cutoutConst: 20, fillMode: 'constant', fill: 0,
    });
  });

  it('formats m and n always and other fields only when they differ from the defaults', () => {
    expect(formatRandAugmentConfig(DEFAULT_RANDAUGMENT_CONFIG)).toBe('rand-m9-n2');
    expect(formatRandAugmentConfig({})).toBe('rand-m9-n2');
    expect(formatRandAugmentConfig({magnitude: 5, fillMode: 'constant', fill: 0, translateConst: 33})).toBe('rand-m5-n2-t33-constant-f0');
    expect(formatRandAugmentConfig({magnitude: 1e-7})).toBe('rand-m0.0000001-n2');
  });

  it('round-trips: parse(format(config)) equals config', () => {
    const config: fc.Arbitrary<RandAugmentConfig> = fc.record({
      numLayers: fc.integer({min: 0, max: 1000}),
      magnitude: fc.oneof(fc.integer({min: 0, max: 10}), fc.double({min: 0, max: 10, noNaN: true})),
      translateConst: fc.double({min: 0, max: 1e6, noNaN: true}),
      cutoutConst: fc.oneof(fc.constant(40), fc.double({min: 0, max: 1e6, noNaN: true})),
      fillMode: fc.constantFrom('reflect' as const, 'constant' as const),
      fill: fc.oneof(fc.constant(128), fc.integer({min: 0, max: 255}), fc.double({min: 0, max: 255, noNaN: true})),
    });
    fc.assert(fc.property(config, (c) => {
      expect(parseRandAugmentConfig(formatRandAugmentConfig(c))).toEqual(c);
    }), {numRuns: 300, seed: 3});
  });

  it('rejects a missing prefix, unknown or repeated keys and bad values with the offset and the valid keys', () => {
    const e1 = parseError('rnd-m9');
    expect(e1.offset).toBe(0);
    expect(e1.message).toMatch(/starts with 'rand'; got 'rnd-m9'\. Example: 'rand-m9-n2'\./);
    const e2 = parseError('rand-m9-x3');
    expect(e2.offset).toBe(8);
    expect(e2.message).toBe("parseRandAugmentConfig: unknown section 'x3' at offset 8 in 'rand-m9-x3'. Valid sections: " +
      'm<magnitude 0..10>, n<numLayers>, t<translateConst>, c<cutoutConst>, f<fill 0..255>, reflect, constant.');
    expect(parseError('rand-m11').message).toMatch(/bad value '11' for 'm' \(magnitude must be a number in \[0, 10\]\)/);
    expect(parseError('rand-n2.5').message).toMatch(/numLayers must be an integer/);
    expect(parseError('rand-m9-m8').message).toMatch(/repeated key 'm' at offset 8/);
    expect(parseError('rand-constant-reflect').message).toMatch(/repeated fill mode 'reflect'/);
    expect(parseError('rand-m').message).toMatch(/bad value '' for 'm'/);
    expect(parseError('rand-mstd0.5').message).toMatch(/unknown section 'mstd0\.5'/);
    expect(() => formatRandAugmentConfig({magnitude: 12})).toThrow(ParseError);
    expect(() => parseRandAugmentConfig(9 as unknown as string)).toThrow(/expected a string/);
  });
});
