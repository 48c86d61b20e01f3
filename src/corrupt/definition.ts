/**
 * The internal record every corruption is defined by: public metadata, a parameter schema, and a host
 * kernel that maps one image to the reference's float result.
 * @internal
 * @module
 */
import type {Rng} from '../random/rng';
import type {CorruptOptions, CorruptionInfo, CorruptionParams} from './types';

/** One image handed to a kernel: HWC values 0..255 (the reference's uint8 input) as float64. @internal */
export interface KernelImage {
  readonly data: Float64Array;
  readonly height: number;
  readonly width: number;
}

/** What a kernel may use besides pixels. @internal */
export interface KernelContext {
  /** This image's own random stream. */
  readonly rng: Rng;
  /** Whatever `prepareAssets` returned (frost photographs resized once per call). */
  readonly assets: unknown;
}

/** Schema of one parameter field. @internal */
export type FieldSpec =
  | {readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly integer?: boolean}
  | {readonly kind: 'numbers'; readonly min?: number; readonly max?: number}
  | {readonly kind: 'enum'; readonly values: readonly string[]};

/** A corruption: metadata, schema and kernel. @internal */
export interface CorruptionDef<P extends CorruptionParams = CorruptionParams> {
  readonly info: CorruptionInfo;
  /** One entry per parameter field; the order is the order of the spec's tuple. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** True when `p` leaves images unchanged; the driver then returns the input without running the kernel. */
  isIdentity?(p: P): boolean;
  /** Checks and prepares external assets once per call; throws before any work when they are missing. */
  prepareAssets?(options: CorruptOptions, height: number, width: number, component: string): unknown;
  /**
   * The corruption of one image. Returns the float image the reference script hands to `np.uint8`
   * (values in 0..255 up to rounding; the driver clamps and truncates).
   */
  apply(img: KernelImage, p: P, ctx: KernelContext): Float64Array;
  /**
   * Optional batched form for deterministic corruptions whose per-call setup is expensive (JPEG): must give
   * exactly what `apply` gives image by image. The driver calls it on chunks of at most 256 images.
   */
  applyBatch?(imgs: readonly KernelImage[], p: P): Float64Array[];
}

/** Identity helper that keeps a definition's parameter type while typing it for the registry. @internal */
export function defineCorruption<P extends CorruptionParams>(def: CorruptionDef<P>): CorruptionDef<P> {
  deepFreeze(def.info);
  return Object.freeze(def);
}

/** Freezes the public metadata so that no caller can change the settings every other caller uses. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/** `x / 255` of every value, as the reference does first. @internal */
export function toUnit(img: KernelImage): Float64Array {
  const out = new Float64Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (img.data[i] as number) / 255;
  return out;
}

/** `clip(x, 0, 1) * 255` in place, the reference's usual last step. @internal */
export function clipUnitTo255(x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    x[i] = (v < 0 ? 0 : v > 1 ? 1 : v) * 255;
  }
  return x;
}
