/**
 * Shared types of the augmentation module: per-image arguments, geometry options, the op record that an
 * {@link OpRegistry} holds, and the plain-data plan that {@link RandAugment.sample} draws.
 *
 * Images are float32 `[N, H, W, 3]` tensors holding integer values in 0..255 (the uint8 semantics of
 * the TF Model Garden reference, `official/vision/image_classification/augment.py`).
 *
 * @module augment
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import type {Rng} from '../random/rng';
import type {TensorCache} from './internal/tensor_cache';

/** One value for the whole batch, or one value per image (length N). */
export type PerImage<T> = T | readonly T[];

/**
 * How geometric ops fill output pixels whose source lies outside the image.
 * - `'reflect'`: half-sample symmetric reflection (`dcba|abcd|dcba`), what the reference really ran with
 *   (TF >= 2.4); no pixel is ever filled with a constant.
 * - `'constant'`: samples outside the image become `fill` in all three channels (the reference's stated intent).
 */
export type FillMode = 'reflect' | 'constant';

/** The fill modes, for validation and error messages. */
export const FILL_MODES: readonly FillMode[] = ['reflect', 'constant'];

/**
 * How {@link RandAugment} applies a plan.
 * - `'auto'`: the fused CPU kernel when the active backend is `'cpu'` and every op of the plan is a built-in
 *   one; the composite tensor path otherwise.
 * - `'composite'`: always the composite path (tensor ops only; what every non-cpu backend runs).
 * - `'fused'`: always the fused CPU kernel; throws `UnsupportedError` when it cannot run (another backend, a
 *   user-registered op in the plan, a non-integer `fill`).
 *
 * Both paths give the same values for every plan the fused kernel accepts.
 */
export type RandAugmentImplementation = 'auto' | 'composite' | 'fused';

/** The implementations, for validation and error messages. */
export const RANDAUGMENT_IMPLEMENTATIONS: readonly RandAugmentImplementation[] = ['auto', 'composite', 'fused'];

/** Options of the geometric ops (`rotate`, `shearX`, `shearY`, `translateX`, `translateY`). */
export interface GeometryOptions {
  /** Out-of-image handling; default `'reflect'` (what the reference ran with). */
  readonly fillMode?: FillMode;
  /** Fill value for `fillMode: 'constant'`, 0..255; default 128. */
  readonly fill?: number;
}

/** Options of `cutout`. */
export interface CutoutOptions {
  /** Value painted into the patch, 0..255; default 128 (the reference's replace value). */
  readonly fill?: number;
}

/**
 * What an op may know besides the pixels. Host values only; built by {@link RandAugment} once per call.
 */
export interface OpContext {
  /** Image height (rows). */
  readonly height: number;
  /** Image width (columns). */
  readonly width: number;
  /** RandAugment magnitude scale: a level of `maxLevel` is full strength (10, as in the reference). */
  readonly maxLevel: number;
  /** Translate distance in pixels at level `maxLevel` (reference `translate_const`, default 100). */
  readonly translateConst: number;
  /** Cutout half-size in pixels at level `maxLevel` (reference `cutout_const`, default 40). */
  readonly cutoutConst: number;
  /** Out-of-image handling of geometric ops. */
  readonly fillMode: FillMode;
  /** Fill value (0..255) for Cutout and for `fillMode: 'constant'`. */
  readonly fill: number;
  /**
   * Where an op may keep constant tensors (index maps, masks) across calls; owned and disposed by the
   * {@link RandAugment} that passes it. Absent when an op is applied outside a RandAugment.
   * @internal
   */
  readonly cache?: TensorCache;
}

/** Argument record of an op: plain, JSON-serialisable data. */
export type OpArgs = Readonly<Record<string, unknown>>;

/**
 * One registry entry: a named op with its magnitude-to-arguments mapping and its batched apply function.
 *
 * @typeParam A The op's argument record, e.g. `{degrees: number}`.
 */
export interface AugmentOp<A extends object = OpArgs> {
  /** Registry key in the reference's spelling, e.g. `'Rotate'`, `'ShearX'`. */
  readonly name: string;
  /** When true the sampler negates the level for a random half of the images (fair coin per image and layer). */
  readonly signed: boolean;
  /**
   * Maps a level (the RandAugment magnitude, negated by the sampler for signed ops) to the op's arguments.
   * Host-side and pure apart from `rng`, which an op with its own randomness (Cutout's centre) draws from.
   * The result must be plain data (it is stored in the plan).
   */
  levelToArgs(level: number, ctx: OpContext, rng: Rng): A;
  /**
   * Applies the op to a batch: `images` is float32 `[n, H, W, 3]` with integer values in 0..255 and
   * `args[i]` belongs to image `i`. Returns a new tensor of the same shape (integer values in 0..255);
   * never disposes `images`.
   */
  apply(images: Tensor4D, args: readonly A[], ctx: OpContext): Tensor4D;
}

/** The name a plan uses for the identity choice (the reference's default branch). Reserved in registries. */
export const IDENTITY = 'Identity';

/** One layer of one image in a {@link RandAugmentPlan}. */
export interface PlanStep {
  /** Op name, or `'Identity'`. */
  readonly op: string;
  /** The level passed to `levelToArgs` (negative when the sampler flipped a signed op). */
  readonly level: number;
  /** The op's arguments for this image, as `levelToArgs` returned them. */
  readonly args: OpArgs;
}

/**
 * A drawn RandAugment plan: plain data (printable, JSON-serialisable) that {@link RandAugment.apply}
 * replays exactly.
 */
export interface RandAugmentPlan {
  /** Image height the plan was drawn for. */
  readonly height: number;
  /** Image width the plan was drawn for. */
  readonly width: number;
  /** `steps[i][l]`: what layer `l` does to image `i`. */
  readonly steps: ReadonlyArray<ReadonlyArray<PlanStep>>;
}
