/**
 * Host implementations of the 16 built-in RandAugment ops, keyed by their registry records: each turns the
 * argument records of a group of images (the images that drew the op in one layer) into one
 * {@link HostStep} per image, after checking the arguments exactly as the op's tensor implementation does
 * (same component names, same rules, same order), so both paths accept and reject the same plans with the
 * same messages.
 *
 * Only the library's own records have host implementations: a user op, or a built-in replaced through
 * `register(op, {replace: true})`, is a different record and keeps the plan on the composite path.
 * @internal
 * @module
 */
import {checkFill, perImageNumbers, perImageValues} from '../internal/images';
import {sourceMap, rotationAffine, shearXAffine, shearYAffine, translateXAffine, translateYAffine, type Affine} from '../internal/warp_map';
import {autoContrastOp} from '../ops/auto_contrast';
import {brightnessOp} from '../ops/brightness';
import {colorOp} from '../ops/color';
import {contrastOp} from '../ops/contrast';
import {cutoutOp, isCentre} from '../ops/cutout';
import {equalizeOp} from '../ops/equalize';
import {invertOp} from '../ops/invert';
import {posterizeOp} from '../ops/posterize';
import {rotateOp} from '../ops/rotate';
import {sharpnessOp} from '../ops/sharpness';
import {shearXOp} from '../ops/shear_x';
import {shearYOp} from '../ops/shear_y';
import {solarizeOp} from '../ops/solarize';
import {solarizeAddOp} from '../ops/solarize_add';
import {translateXOp} from '../ops/translate_x';
import {translateYOp} from '../ops/translate_y';
import type {AugmentOp, FillMode, OpArgs} from '../types';
import type {HostCache} from './host_cache';
import {
  AutoContrastStep, ColorStep, CutoutStep, EqualizeStep, TableStep, WarpStep, type HostStep,
} from './steps';
import {SharpnessStep} from './sharpness_step';
import {
  blendRow, blendTable, finiteFloat32, invertTable, posterizeTable, solarizeAddTable, solarizeTable,
} from './tables';

/** What a host compiler may know besides the arguments. @internal */
export interface HostEnv {
  readonly height: number;
  readonly width: number;
  readonly fillMode: FillMode;
  readonly fill: number;
  readonly cache: HostCache;
}

/**
 * One step per image of the group (`null`: the op leaves that image unchanged), or a sentence saying why
 * the host cannot reproduce the tensor path for these arguments. Throws the op's own argument errors.
 * @internal
 */
export type HostCompiler = (args: readonly OpArgs[], env: HostEnv) => Array<HostStep | null> | string;

const field = (args: readonly OpArgs[], name: string): number[] => args.map((a) => a[name] as number);

/** One shared step for every image whose argument gives the same key. */
function perValue(values: readonly number[], env: HostEnv, tag: string, build: (v: number) => HostStep | null): Array<HostStep | null> {
  return values.map((v) => env.cache.get(`${tag}:${v}`, () => build(v)));
}

function table(tag: string, build: () => Uint8Array): (env: HostEnv) => HostStep {
  return (env) => env.cache.get(`step:${tag}`, () => new TableStep(build()));
}

/** Color, Contrast, Brightness, Sharpness: `factor` has no range rule, but an infinite float32 factor makes NaN. */
function factors(component: string, args: readonly OpArgs[]): number[] | string {
  const f = perImageNumbers(component, 'factor', field(args, 'factor'), args.length);
  const bad = f.find((v) => !finiteFloat32(v));
  return bad === undefined ? f : `${component} factor ${bad} overflows float32 (the tensor path yields NaN)`;
}

const compileBrightness: HostCompiler = (args, env) => {
  const f = factors('brightness', args);
  return typeof f === 'string' ? f : perValue(f, env, 'brightness', (v) => table(`brightness:${v}`, () => blendRow(0, v))(env));
};

const compileContrast: HostCompiler = (args, env) => {
  const f = factors('contrast', args);
  if (typeof f === 'string') return f;
  // Spec §6.8: the reference's "mean" is the histogram's count over 256, whatever the pixels.
  const d = Math.min(255, Math.floor(Math.fround(env.height * env.width) / 256));
  return perValue(f, env, `contrast:${d}`, (v) => table(`contrast:${d}:${v}`, () => blendRow(d, v))(env));
};

const compileColor: HostCompiler = (args, env) => {
  const f = factors('color', args);
  return typeof f === 'string' ? f : perValue(f, env, 'color', (v) => (v === 1 ? null : new ColorStep(env.cache.get(`blend:${v}`, () => blendTable(v)))));
};

const compileSharpness: HostCompiler = (args, env) => {
  const f = factors('sharpness', args);
  if (typeof f === 'string') return f;
  // Below 3×3 every pixel is on the border ring, which Sharpness leaves unchanged.
  const flat = env.height < 3 || env.width < 3;
  return perValue(f, env, 'sharpness', (v) => (v === 1 || flat ? null : new SharpnessStep(env.cache.get(`blend:${v}`, () => blendTable(v)))));
};

const compilePosterize: HostCompiler = (args, env) => {
  const bits = perImageNumbers('posterize', 'bits', field(args, 'bits'), args.length, {integer: true, min: 0, max: 8});
  return perValue(bits, env, 'posterize', (v) => (v === 8 ? null : table(`posterize:${v}`, () => posterizeTable(v))(env)));
};

const compileSolarize: HostCompiler = (args, env) => {
  const t = perImageNumbers('solarize', 'threshold', field(args, 'threshold'), args.length, {integer: true, min: 0, max: 256});
  return perValue(t, env, 'solarize', (v) => (v >= 256 ? null : table(`solarize:${v}`, () => solarizeTable(v))(env)));
};

const compileSolarizeAdd: HostCompiler = (args, env) => {
  const n = args.length;
  const add = perImageNumbers('solarizeAdd', 'addition', field(args, 'addition'), n, {integer: true, min: -255, max: 255});
  const thr = perImageNumbers('solarizeAdd', 'threshold', field(args, 'threshold'), n, {integer: true, min: 0, max: 256});
  return add.map((a, i) => {
    const t = thr[i] as number;
    return a === 0 || t === 0 ? null : table(`solarizeAdd:${a}:${t}`, () => solarizeAddTable(a, t))(env);
  });
};

const compileInvert: HostCompiler = (args, env) => args.map(() => table('invert', invertTable)(env));
const compileAutoContrast: HostCompiler = (args, env) => {
  const step = env.cache.get('step:autoContrast', () => new AutoContrastStep());
  return args.map(() => step);
};
const compileEqualize: HostCompiler = (args, env) => {
  const step = env.cache.get('step:equalize', () => new EqualizeStep());
  return args.map(() => step);
};

const compileCutout: HostCompiler = (args, env) => {
  const n = args.length;
  const pads = perImageNumbers('cutout', 'padSize', args.map((a) => a['padSize'] as number), n, {integer: true, min: 0});
  const centres = perImageValues('cutout', 'centers', args.map((a) => a['center'] as readonly [number, number]), n, isCentre);
  const fill = checkFill('cutout', env.fill);
  if (!Number.isInteger(fill)) return `the fill value ${fill} is not an integer (uint8 buffers cannot hold it)`;
  return pads.map((pad, i) => {
    const [cy, cx] = centres[i] as readonly [number, number];
    return new CutoutStep(pad, cy, cx, fill);
  });
};

/** The five geometric ops: the composite path's own source maps, sampled on the host. */
function geometric(component: string, argument: string, tag: string, affine: (v: number, h: number, w: number) => Affine): HostCompiler {
  return (args, env) => {
    const values = perImageNumbers(component, argument, field(args, argument), args.length);
    const {height, width, fillMode, fill} = env;
    if (fillMode === 'constant' && !Number.isInteger(fill)) return `the fill value ${fill} is not an integer (uint8 buffers cannot hold it)`;
    return values.map((v) => env.cache.get(`step:${height}x${width}:${tag}:${v}:${fillMode}:${fill}`,
      () => new WarpStep(sourceMap(affine(v, height, width), height, width, fillMode), fill)));
  };
}

/** Host compilers of the built-in records, by record identity. @internal */
export const HOST_OPS: ReadonlyMap<AugmentOp, HostCompiler> = new Map<AugmentOp, HostCompiler>([
  [autoContrastOp, compileAutoContrast],
  [equalizeOp, compileEqualize],
  [invertOp, compileInvert],
  [rotateOp, geometric('rotate', 'degrees', 'rot', rotationAffine)],
  [posterizeOp, compilePosterize],
  [solarizeOp, compileSolarize],
  [colorOp, compileColor],
  [contrastOp, compileContrast],
  [brightnessOp, compileBrightness],
  [sharpnessOp, compileSharpness],
  [shearXOp, geometric('shearX', 'level', 'shx', (v) => shearXAffine(v))],
  [shearYOp, geometric('shearY', 'level', 'shy', (v) => shearYAffine(v))],
  [translateXOp, geometric('translateX', 'pixels', 'tx', (v) => translateXAffine(v))],
  [translateYOp, geometric('translateY', 'pixels', 'ty', (v) => translateYAffine(v))],
  [cutoutOp, compileCutout],
  [solarizeAddOp, compileSolarizeAdd],
] as Array<[AugmentOp, HostCompiler]>);
