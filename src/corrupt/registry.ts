/**
 * The table of the 19 CIFAR-10-C corruptions: names (file stems plus the TFDS aliases `frosted_glass_blur`
 * and `elastic`), families, and the CIFAR settings of severities 1..5 (spec/datasets.md §4.3, §6.1).
 *
 * Lookups of an unknown name throw {@link UnknownOpError} listing every valid name and the closest one.
 * @module corrupt
 */
import {UnknownOpError} from '../errors';
import {closestName, describeValue} from '../internal/assert';
import {defocusBlurDef, gaussianBlurDef, glassBlurDef} from './blur';
import {brightnessDef, contrastDef, saturateDef} from './color';
import type {CorruptionDef} from './definition';
import {elasticTransformDef} from './elastic';
import {fogDef} from './fog';
import {frostDef} from './frost';
import {jpegCompressionDef} from './jpeg';
import {motionBlurDef} from './motion_blur';
import {gaussianNoiseDef, impulseNoiseDef, shotNoiseDef, speckleNoiseDef} from './noise';
import {pixelateDef} from './pixelate';
import {snowDef} from './snow';
import {spatterDef} from './spatter';
import type {CorruptionFamily, CorruptionInfo, CorruptionName} from './types';
import {zoomBlurDef} from './zoom_blur';

// Paper order: the 15 benchmark corruptions, then the 4 held-out ones (as in make_cifar_c.py).
const DEFS = [
  gaussianNoiseDef, shotNoiseDef, impulseNoiseDef,
  defocusBlurDef, glassBlurDef, motionBlurDef, zoomBlurDef,
  snowDef, frostDef, fogDef, brightnessDef,
  contrastDef, elasticTransformDef, pixelateDef, jpegCompressionDef,
  speckleNoiseDef, gaussianBlurDef, spatterDef, saturateDef,
] as unknown as readonly CorruptionDef[];

const BY_NAME = new Map<string, CorruptionDef>();
for (const def of DEFS) {
  BY_NAME.set(def.info.name, def);
  BY_NAME.set(def.info.tfdsName, def);
}

/**
 * Metadata of the 19 corruptions keyed by file-stem name, in the paper's order (15 benchmark corruptions,
 * then speckle noise, Gaussian blur, spatter, saturate). Plain JSON data.
 * @example
 * ```ts
 * import {CORRUPTIONS} from 'consistency-tfjs';
 * console.log(CORRUPTIONS.glass_blur.tfdsName);          // 'frosted_glass_blur'
 * console.log(CORRUPTIONS.gaussian_noise.severities[4]); // { sigma: 0.1 }
 * ```
 */
export const CORRUPTIONS: Readonly<Record<CorruptionName, CorruptionInfo>> = Object.freeze(
  Object.fromEntries(DEFS.map((d) => [d.info.name, d.info])) as Record<CorruptionName, CorruptionInfo>,
);

/** Filter of {@link corruptionNames}. */
export interface CorruptionFilter {
  /** Keep only this family (or these families). */
  readonly family?: CorruptionFamily | readonly CorruptionFamily[];
  /** `true`: only the 15 benchmark corruptions; `false`: only the 4 held-out ones. */
  readonly benchmark?: boolean;
  /** `false`: leave out corruptions that need external images (frost). */
  readonly needsAssets?: boolean;
  /** Spell names as TensorFlow Datasets does (`frosted_glass_blur`, `elastic`). */
  readonly tfds?: boolean;
}

/**
 * Names of the corruptions, in the paper's order, optionally filtered.
 * @param filter Which corruptions to list (default: all 19, file-stem spelling).
 * @returns Names, a fresh array.
 * @example
 * ```ts
 * import {corruptionNames} from 'consistency-tfjs';
 * corruptionNames();                       // the 19 file stems
 * corruptionNames({benchmark: true});      // the paper's 15
 * corruptionNames({needsAssets: false});   // the 18 the generator can make without frost photographs
 * ```
 */
export function corruptionNames(filter: CorruptionFilter = {}): string[] {
  const families = filter.family === undefined ? undefined : ([] as CorruptionFamily[]).concat(filter.family);
  return DEFS.filter((d) =>
    (families === undefined || families.includes(d.info.family)) &&
    (filter.benchmark === undefined || d.info.benchmark === filter.benchmark) &&
    (filter.needsAssets === undefined || d.info.needsAssets === filter.needsAssets),
  ).map((d) => (filter.tfds ? d.info.tfdsName : d.info.name));
}

/** The definition of a corruption by file-stem or TFDS name. @internal */
export function lookupCorruption(name: unknown, component: string): CorruptionDef {
  const def = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  if (def !== undefined) return def;
  const known = [...BY_NAME.keys()].sort();
  const suggestion = typeof name === 'string' ? closestName(name, known) : undefined;
  throw new UnknownOpError(
    `${component}: unknown corruption ${describeValue(name)}. Known corruptions: ${DEFS.map((d) => d.info.name).join(', ')} ` +
      `(TFDS names frosted_glass_blur and elastic are accepted too).${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
    {op: String(name), known, ...(suggestion === undefined ? {} : {suggestion})});
}

/**
 * Metadata of one corruption, by file-stem or TFDS name.
 * @param name E.g. `'glass_blur'` or `'frosted_glass_blur'`.
 * @returns The corruption's {@link CorruptionInfo}.
 * @throws {@link UnknownOpError} for an unknown name (lists the valid names and the closest one).
 * @example
 * ```ts
 * import {getCorruptionInfo} from 'consistency-tfjs';
 * const info = getCorruptionInfo('elastic');
 * console.log(info.name, info.family); // 'elastic_transform' 'digital'
 * ```
 */
export function getCorruptionInfo(name: string): CorruptionInfo {
  return lookupCorruption(name, 'getCorruptionInfo').info;
}
