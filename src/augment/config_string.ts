/**
 * A config-string shorthand for RandAugment policies, after timm's `rand-m9-n2`: `'rand'` followed by
 * dash-separated sections, each a key and a number (or a bare fill-mode word).
 *
 * | section | field | default |
 * | --- | --- | --- |
 * | `m<number>` | `magnitude` (0..10) | 9 |
 * | `n<integer>` | `numLayers` (>= 0) | 2 |
 * | `t<number>` | `translateConst` (pixels at magnitude 10) | 100 |
 * | `c<number>` | `cutoutConst` (Cutout half-size at magnitude 10) | 40 |
 * | `f<number>` | `fill` (0..255) | 128 |
 * | `reflect` / `constant` | `fillMode` | `reflect` |
 *
 * Deviation from timm: timm's keys `mstd`, `mmax`, `inc`, `w`, `p` do not exist here (this policy has no
 * magnitude noise, no increasing variants, no op weights and no application probability), and the
 * defaults are the consistency-training example's (`m9-n2`), not timm's.
 * @module augment
 */
import {ParseError} from '../errors';
import {FILL_MODES, type FillMode} from './types';

/** A complete, plain-data RandAugment policy (what a config string describes). */
export interface RandAugmentConfig {
  /** Ops applied in sequence to every image (each drawn independently). */
  readonly numLayers: number;
  /** Shared magnitude, 0..10 (fractions allowed). */
  readonly magnitude: number;
  /** Translate distance in pixels at magnitude 10. */
  readonly translateConst: number;
  /** Cutout half-size in pixels at magnitude 10. */
  readonly cutoutConst: number;
  /** Out-of-image handling of geometric ops. */
  readonly fillMode: FillMode;
  /** Fill value (0..255) for Cutout and `'constant'` geometry. */
  readonly fill: number;
}

/** The defaults: the keras-io consistency-training example's `RandAugment(num_layers=2, magnitude=9)`. */
export const DEFAULT_RANDAUGMENT_CONFIG: RandAugmentConfig = Object.freeze({
  numLayers: 2, magnitude: 9, translateConst: 100, cutoutConst: 40, fillMode: 'reflect', fill: 128,
});

interface KeySpec {
  readonly field: 'numLayers' | 'magnitude' | 'translateConst' | 'cutoutConst' | 'fill';
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
}

const KEYS: Readonly<Record<string, KeySpec>> = {
  m: {field: 'magnitude', integer: false, min: 0, max: 10},
  n: {field: 'numLayers', integer: true, min: 0, max: 1000},
  t: {field: 'translateConst', integer: false, min: 0, max: 1e9},
  c: {field: 'cutoutConst', integer: false, min: 0, max: 1e9},
  f: {field: 'fill', integer: false, min: 0, max: 255},
};

const VALID_KEYS = 'm<magnitude 0..10>, n<numLayers>, t<translateConst>, c<cutoutConst>, f<fill 0..255>, reflect, constant';

/**
 * Parses a config string such as `'rand-m9-n2'` or `'rand-m7-n3-t50-constant-f0'`; missing sections take
 * the defaults of {@link DEFAULT_RANDAUGMENT_CONFIG}.
 * @param text The config string.
 * @returns The complete config.
 * @throws {@link ParseError} (with the character `offset`) for a missing `rand` prefix, an unknown or
 *   repeated key, or a bad value; the message lists the valid keys.
 * @example
 * ```ts
 * import {parseRandAugmentConfig, RandAugment} from 'consistency-tfjs';
 * const config = parseRandAugmentConfig('rand-m9-n2');
 * const ra = new RandAugment({...config, seed: 7});
 * ```
 */
export function parseRandAugmentConfig(text: string): RandAugmentConfig {
  if (typeof text !== 'string') {
    throw new ParseError(`parseRandAugmentConfig: expected a string such as 'rand-m9-n2'; got ${typeof text}.`, {offset: 0});
  }
  const sections = text.split('-');
  if (sections[0] !== 'rand') {
    throw new ParseError(`parseRandAugmentConfig: a config string starts with 'rand'; got '${text}'. Example: 'rand-m9-n2'.`, {offset: 0});
  }
  const out: {-readonly [K in keyof RandAugmentConfig]: RandAugmentConfig[K]} = {...DEFAULT_RANDAUGMENT_CONFIG};
  const seen = new Set<string>();
  let offset = 5;
  for (const section of sections.slice(1)) {
    const fail = (what: string): never => {
      throw new ParseError(`parseRandAugmentConfig: ${what} at offset ${offset} in '${text}'. Valid sections: ${VALID_KEYS}.`, {offset});
    };
    if ((FILL_MODES as readonly string[]).includes(section)) {
      if (seen.has('fillMode')) fail(`repeated fill mode '${section}'`);
      seen.add('fillMode');
      out.fillMode = section as FillMode;
    } else {
      const key = /^[a-z]*/.exec(section)?.[0] ?? '';
      const spec = KEYS[key];
      if (!spec) fail(`unknown section '${section}'`);
      const {field, integer, min, max} = spec as KeySpec;
      if (seen.has(field)) fail(`repeated key '${key}'`);
      seen.add(field);
      const raw = section.slice(key.length);
      const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
        fail(`bad value '${raw}' for '${key}' (${field} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}])`);
      }
      out[field] = value;
    }
    offset += section.length + 1;
  }
  return out;
}

/** Writes a non-negative finite number without exponent (shortest digits that read back to the same value). */
function plainDecimal(v: number): string {
  const s = String(v);
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = (m[1] ?? '') + (m[2] ?? '');
  const exp = Number(m[3]);
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
  return digits.length > exp + 1 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : digits + '0'.repeat(exp + 1 - digits.length);
}

/**
 * Writes a config as a string: `rand-m<magnitude>-n<numLayers>`, then only the fields that differ from the
 * defaults. `parseRandAugmentConfig(formatRandAugmentConfig(c))` equals the completed `c`.
 * @param config A complete or partial config (missing fields take the defaults).
 * @returns The config string, e.g. `'rand-m9-n2'`.
 * @throws {@link ParseError} when a field is outside the range a config string can hold.
 * @example
 * ```ts
 * import {formatRandAugmentConfig} from 'consistency-tfjs';
 * console.log(formatRandAugmentConfig({magnitude: 9, numLayers: 2})); // 'rand-m9-n2'
 * console.log(formatRandAugmentConfig({magnitude: 5, fillMode: 'constant'})); // 'rand-m5-n2-constant'
 * ```
 */
export function formatRandAugmentConfig(config: Partial<RandAugmentConfig>): string {
  const c = {...DEFAULT_RANDAUGMENT_CONFIG, ...config};
  const parts = ['rand', `m${plainDecimal(c.magnitude)}`, `n${plainDecimal(c.numLayers)}`];
  if (c.translateConst !== DEFAULT_RANDAUGMENT_CONFIG.translateConst) parts.push(`t${plainDecimal(c.translateConst)}`);
  if (c.cutoutConst !== DEFAULT_RANDAUGMENT_CONFIG.cutoutConst) parts.push(`c${plainDecimal(c.cutoutConst)}`);
  if (c.fillMode !== DEFAULT_RANDAUGMENT_CONFIG.fillMode) parts.push(c.fillMode);
  if (c.fill !== DEFAULT_RANDAUGMENT_CONFIG.fill) parts.push(`f${plainDecimal(c.fill)}`);
  const text = parts.join('-');
  parseRandAugmentConfig(text); // validates the ranges, so that what is written can be read back
  return text;
}
