/**
 * Named ResNetV2 configurations: Keras's ResNet50V2 and narrow variants of the same builder for CPU work.
 *
 * Every preset is data for {@link resNetV2} (stack depths, widths, stem), in the manner of timm's
 * `@register_model` variants (timm `models/resnetv2.py`, `_registry.py`): one builder, variants as data.
 * `resnet50v2` is Keras Applications' `ResNet50V2` (`keras/src/applications/resnet_v2.py`), layer for
 * layer; the small presets keep its bottleneck blocks, layer names and stride placement and divide the
 * widths by 8 or 16, so that a training step fits a machine without a native backend.
 *
 * The registry is read-only (no global mutable table); build your own variants with {@link resNetV2}.
 *
 * Deviation: the `-cifar` presets use the opt-in 3×3/1 `'cifar'` stem (no max-pool) for 32×32 inputs.
 *
 * @module models
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import {UnknownOpError} from '../errors';
import {check, closestName, describeValue} from '../internal/assert';
import {buildResNetV2, resolveResNetV2Args, type ResNetV2Args, type ResNetV2Stem} from './resnet_v2';

/** The architecture part of {@link ResNetV2Args} that a preset fixes. */
export interface ResNetV2Architecture {
  /** Blocks per stack. */
  readonly stages: readonly number[];
  /** Bottleneck width per stack (outputs `4 * filters`). */
  readonly filters: readonly number[];
  /** Filters of the stem conv. */
  readonly stemFilters: number;
  /** Stem type. */
  readonly stem: ResNetV2Stem;
}

/** A registry entry. */
export interface ResNetV2Preset {
  /** Registry key, e.g. `'resnet50v2-w8'`. */
  readonly name: string;
  /** What the preset is for. */
  readonly description: string;
  /** Arguments handed to {@link resNetV2}. */
  readonly architecture: ResNetV2Architecture;
  /** The input shape the preset is meant for; the default `inputShape` when building it. */
  readonly inputShape: readonly [number, number, number];
  /** Parameters without top (identical for every input size >= 32×32). */
  readonly paramsWithoutTop: number;
}

/** Arguments of {@link resNetV2Preset} and {@link resNet50V2}: {@link ResNetV2Args} minus the architecture. */
export type ResNetV2PresetArgs = Omit<ResNetV2Args, 'stages' | 'filters' | 'strides' | 'stem' | 'stemFilters'>;

const PRESETS: readonly ResNetV2Preset[] = deepFreeze([
  {
    name: 'resnet50v2',
    description: 'Keras ResNet50V2 (He et al. 2016, pre-activation); the example\'s teacher and student at 72x72.',
    architecture: {stages: [3, 4, 6, 3], filters: [64, 128, 256, 512], stemFilters: 64, stem: 'imagenet'},
    inputShape: [224, 224, 3],
    paramsWithoutTop: 23_564_800,
  },
  {
    name: 'resnet50v2-w8',
    description: 'ResNet50V2 at 1/8 width (base width 8), Keras stem: the example\'s 72x72 setting on a CPU.',
    architecture: {stages: [3, 4, 6, 3], filters: [8, 16, 32, 64], stemFilters: 8, stem: 'imagenet'},
    inputShape: [72, 72, 3],
    paramsWithoutTop: 381_248,
  },
  {
    name: 'resnet50v2-w8-cifar',
    description: 'ResNet50V2 at 1/8 width with the 3x3/1 CIFAR stem, for 32x32 images (4x4 final map).',
    architecture: {stages: [3, 4, 6, 3], filters: [8, 16, 32, 64], stemFilters: 8, stem: 'cifar'},
    inputShape: [32, 32, 3],
    paramsWithoutTop: 380_288,
  },
  {
    name: 'resnet26v2-w4-cifar',
    description: 'ResNet26V2 (2 blocks per stack) at 1/16 width, CIFAR stem: smoke tests and quick runs.',
    architecture: {stages: [2, 2, 2, 2], filters: [4, 8, 16, 32], stemFilters: 8, stem: 'cifar'},
    inputShape: [32, 32, 3],
    paramsWithoutTop: 58_256,
  },
]);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const BY_NAME = new Map(PRESETS.map((p) => [p.name, p]));

/**
 * Names of the built-in ResNetV2 presets, sorted.
 * @returns e.g. `['resnet26v2-w4-cifar', 'resnet50v2', 'resnet50v2-w8', 'resnet50v2-w8-cifar']`.
 * @example
 * ```ts
 * import {listResNetV2Presets} from 'consistency-tfjs';
 * console.log(listResNetV2Presets());
 * ```
 */
export function listResNetV2Presets(): string[] {
  return PRESETS.map((p) => p.name).sort();
}

/**
 * The registry entry of a preset (architecture, intended input shape, parameter count).
 * @param name A name from {@link listResNetV2Presets}.
 * @returns The entry (frozen data).
 * @throws {@link UnknownOpError} for an unknown name; the message lists the known names and the closest one.
 * @example
 * ```ts
 * import {getResNetV2Preset} from 'consistency-tfjs';
 * const p = getResNetV2Preset('resnet50v2-w8');
 * console.log(p.architecture.filters, p.paramsWithoutTop); // [8, 16, 32, 64] 381248
 * ```
 */
export function getResNetV2Preset(name: string): ResNetV2Preset {
  return lookupResNetV2Preset('getResNetV2Preset', 'name', name);
}

/** Registry lookup; errors name the caller's component and argument. @internal */
export function lookupResNetV2Preset(component: string, argument: string, name: unknown): ResNetV2Preset {
  const preset = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  if (preset) return preset;
  const known = listResNetV2Presets();
  const suggestion = typeof name === 'string' ? closestName(name, known) : undefined;
  throw new UnknownOpError(
    `${component}: unknown \`${argument}\` ${describeValue(name)}. Known presets: ${known.join(', ')}.` +
      (suggestion ? ` Did you mean '${suggestion}'?` : '') + ' Build other variants with resNetV2({stages, filters}).',
    {op: String(name), known, ...(suggestion ? {suggestion} : {})});
}

/**
 * Builds a preset by name; `args` sets everything but the architecture (top, pooling, classes, input, seed).
 * @param name A name from {@link listResNetV2Presets}.
 * @param args Defaults as {@link resNetV2}, except `inputShape` (the preset's) and `name` (the preset's name).
 * @returns An uncompiled functional model; the caller owns it.
 * @throws {@link UnknownOpError} for an unknown preset; {@link InvalidArgumentError} for a bad argument.
 * @example
 * ```ts
 * import {resNetV2Preset} from 'consistency-tfjs';
 * const backbone = resNetV2Preset('resnet50v2-w8', {includeTop: false, inputShape: [72, 72, 3], seed: 1});
 * console.log(backbone.outputs[0]!.shape); // [null, 3, 3, 256]
 * ```
 */
export function resNetV2Preset(name: string, args: ResNetV2PresetArgs = {}): tfl.LayersModel {
  return buildPreset('resNetV2Preset', lookupResNetV2Preset('resNetV2Preset', 'name', name), args);
}

/** Builds a registry entry with user arguments. @internal */
export function buildPreset(component: string, preset: ResNetV2Preset, args: ResNetV2PresetArgs): tfl.LayersModel {
  check(args != null && typeof args === 'object', 'args',
    () => `${component}: \`args\` must be an object; got ${describeValue(args)}.`);
  for (const key of ['stages', 'filters', 'strides', 'stem', 'stemFilters']) {
    check(!(key in args), key, () =>
      `${component}: \`${key}\` is fixed by the preset '${preset.name}'; got ${describeValue((args as Record<string, unknown>)[key])}. ` +
        'Use resNetV2({...}) for a custom architecture.');
  }
  const given = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) as ResNetV2PresetArgs;
  const resolved = resolveResNetV2Args(component, {
    inputShape: preset.inputShape, name: preset.name, ...given, ...preset.architecture,
  });
  return buildResNetV2(resolved, {builder: component, preset: preset.name});
}

/**
 * Keras's ResNet50V2: same layer names, order, parameter counts (23,564,800 without top, 25,613,800 with the
 * 1000-class top at 224×224) and initialisers, so Keras-converted weights load by name.
 * @param args `inputShape` (default `[224, 224, 3]`, >= 32×32), `includeTop` (default true), `classes`
 *   (default 1000), `pooling`, `classifierActivation` (default `'softmax'`), `name` (default `'resnet50v2'`), `seed`.
 * @returns An uncompiled functional model; the caller owns it (about 94 MB of float32 weights).
 * @throws {@link InvalidArgumentError} naming the argument, before any weight is allocated.
 * @example
 * ```ts
 * import {resNet50V2} from 'consistency-tfjs';
 * const backbone = resNet50V2({includeTop: false, inputShape: [72, 72, 3], seed: 42});
 * console.log(backbone.countParams(), backbone.outputs[0]!.shape); // 23564800 [null, 3, 3, 2048]
 * ```
 */
export function resNet50V2(args: ResNetV2PresetArgs = {}): tfl.LayersModel {
  return buildPreset('resNet50V2', lookupResNetV2Preset('resNet50V2', 'preset', 'resnet50v2'), args);
}
