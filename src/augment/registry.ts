/**
 * The op registry: one record per op (name, signed or not, level → arguments, batched apply), so no parallel
 * tables can drift apart. There is no global table: `defaultOpRegistry()` returns a fresh registry holding
 * the 16 ops of the reference in the reference's order, and users add their own with `register()`.
 *
 * Reference: TF Model Garden `official/vision/image_classification/augment.py` (`NAME_TO_FUNC`,
 * `level_to_arg`); shape of the API after timm's `NAME_TO_OP`/`LEVEL_TO_ARG` and torchvision's augmentation
 * space, merged into one record per op. Spec: `randaugment.md` §2 and §4.
 * @module augment
 */
import {DuplicateOpError, InvalidArgumentError, UnknownOpError} from '../errors';
import {closestName, describeValue} from '../internal/assert';
import {autoContrastOp} from './ops/auto_contrast';
import {brightnessOp} from './ops/brightness';
import {colorOp} from './ops/color';
import {contrastOp} from './ops/contrast';
import {cutoutOp} from './ops/cutout';
import {equalizeOp} from './ops/equalize';
import {invertOp} from './ops/invert';
import {posterizeOp} from './ops/posterize';
import {rotateOp} from './ops/rotate';
import {sharpnessOp} from './ops/sharpness';
import {shearXOp} from './ops/shear_x';
import {shearYOp} from './ops/shear_y';
import {solarizeOp} from './ops/solarize';
import {solarizeAddOp} from './ops/solarize_add';
import {translateXOp} from './ops/translate_x';
import {translateYOp} from './ops/translate_y';
import {IDENTITY, type AugmentOp} from './types';

/** The built-in records in the reference's op order (spec §2: SolarizeAdd comes after Cutout). */
const BUILTINS: readonly AugmentOp[] = [
  autoContrastOp, equalizeOp, invertOp, rotateOp, posterizeOp, solarizeOp, colorOp, contrastOp, brightnessOp,
  sharpnessOp, shearXOp, shearYOp, translateXOp, translateYOp, cutoutOp, solarizeAddOp,
];

const BUILTIN_SET: ReadonlySet<AugmentOp> = new Set(BUILTINS);

/** Whether `op` is one of the library's own records (whose outputs are integer-valued by construction). @internal */
export function isBuiltinOp(op: AugmentOp): boolean {
  return BUILTIN_SET.has(op);
}

/** Options of {@link OpRegistry.register}. */
export interface RegisterOptions {
  /** Replace an op already registered under the same name instead of throwing. Default false. */
  readonly replace?: boolean;
}

function checkOp(op: unknown): asserts op is AugmentOp {
  const o = op as Partial<AugmentOp> | null;
  const problem = typeof op !== 'object' || op === null ? 'it is not an object'
    : typeof o?.name !== 'string' || o.name.length === 0 ? '`name` must be a non-empty string'
      : o.name === IDENTITY ? `'${IDENTITY}' is reserved for the identity choice`
        : typeof o.signed !== 'boolean' ? '`signed` must be a boolean'
          : typeof o.levelToArgs !== 'function' ? '`levelToArgs` must be a function'
            : typeof o.apply !== 'function' ? '`apply` must be a function' : undefined;
  if (problem) {
    throw new InvalidArgumentError(`OpRegistry.register: invalid op, ${problem}; got ${describeValue(op)}. ` +
      'An op is {name, signed, levelToArgs(level, ctx, rng), apply(images, args, ctx)}.', {argument: 'op'});
  }
}

/**
 * A set of named augmentation ops. Names keep the reference's spelling (`'ShearX'`); the order of
 * registration is the order in which {@link RandAugment} indexes the ops.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {defaultOpRegistry, RandAugment, type AugmentOp} from 'consistency-tfjs';
 * const registry = defaultOpRegistry();
 * const flip: AugmentOp<{}> = {
 *   name: 'FlipLeftRight',
 *   signed: false,
 *   levelToArgs: () => ({}),
 *   apply: (images) => tf.image.flipLeftRight(images) as tf.Tensor4D,
 * };
 * registry.register(flip);
 * const ra = new RandAugment({registry, seed: 1}); // 17 ops + identity: each drawn with probability 1/18
 * console.log(registry.names());
 * ```
 */
export class OpRegistry {
  private readonly ops = new Map<string, AugmentOp>();

  /**
   * Adds an op.
   * @param op The op record.
   * @param options `replace: true` to overwrite an op of the same name.
   * @returns This registry, for chaining.
   * @throws {@link DuplicateOpError} when the name is taken and `replace` is not set.
   * @throws {@link InvalidArgumentError} when `op` is not a valid record or uses the reserved name `'Identity'`.
   */
  register<A extends object>(op: AugmentOp<A>, options: RegisterOptions = {}): this {
    checkOp(op);
    if (this.ops.has(op.name) && options.replace !== true) {
      throw new DuplicateOpError(`OpRegistry: op '${op.name}' is already registered; got a second op of that name. ` +
        'Pass {replace: true} to override it, or choose another name.', {op: op.name});
    }
    this.ops.set(op.name, op as unknown as AugmentOp);
    return this;
  }

  /**
   * The op registered under `name`.
   * @throws {@link UnknownOpError} listing the known names and suggesting the closest one.
   */
  get(name: string): AugmentOp {
    const op = this.ops.get(name);
    if (op) return op;
    const known = [...this.ops.keys()].sort();
    const suggestion = typeof name === 'string' ? closestName(name, known) : undefined;
    throw new UnknownOpError(`OpRegistry: unknown op ${describeValue(name)}. Known ops: ${known.join(', ') || '(none)'}.` +
      `${suggestion ? ` Did you mean '${suggestion}'?` : ''} Add ops with registry.register().`,
    {op: String(name), known, ...(suggestion ? {suggestion} : {})});
  }

  /** Whether an op is registered under `name`. */
  has(name: string): boolean {
    return this.ops.has(name);
  }

  /** The registered names in registration order (the reference's order for {@link defaultOpRegistry}). */
  names(): readonly string[] {
    return [...this.ops.keys()];
  }

  /** A new registry holding the same op records. */
  clone(): OpRegistry {
    const copy = new OpRegistry();
    for (const op of this.ops.values()) copy.register(op);
    return copy;
  }
}

/**
 * An empty registry, for policies made only of your own ops (or a chosen subset of built-ins).
 * @returns A new, empty {@link OpRegistry}.
 * @example
 * ```ts
 * import {createOpRegistry, defaultOpRegistry} from 'consistency-tfjs';
 * const builtins = defaultOpRegistry();
 * const geometric = createOpRegistry();
 * for (const name of ['Rotate', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY']) geometric.register(builtins.get(name));
 * ```
 */
export function createOpRegistry(): OpRegistry {
  return new OpRegistry();
}

/**
 * A fresh registry with the 16 ops of the reference, in its order: AutoContrast, Equalize, Invert, Rotate,
 * Posterize, Solarize, Color, Contrast, Brightness, Sharpness, ShearX, ShearY, TranslateX, TranslateY, Cutout,
 * SolarizeAdd. Changing it never affects another registry.
 * @returns A new {@link OpRegistry}.
 * @example
 * ```ts
 * import {defaultOpRegistry} from 'consistency-tfjs';
 * const registry = defaultOpRegistry();
 * console.log(registry.names().length); // 16
 * console.log(registry.get('Rotate').signed); // true
 * ```
 */
export function defaultOpRegistry(): OpRegistry {
  const registry = new OpRegistry();
  for (const op of BUILTINS) registry.register(op);
  return registry;
}
