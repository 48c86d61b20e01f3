/**
 * RandAugment, batched: every image draws its own op sequence, and each op runs once per group of images
 * that drew it.
 *
 * Paper: Cubuk, Zoph, Shlens, Le, "RandAugment: Practical automated data augmentation with a reduced
 * search space" (https://arxiv.org/abs/1909.13719). Reference: TF Model Garden
 * `official/vision/image_classification/augment.py`, `RandAugment.distort`, as used by the keras-io example
 * "Consistency training with supervision" with `RandAugment(num_layers=2, magnitude=9)`.
 * Spec: `randaugment.md` §3 and §7. Per layer and image: op index uniform over the ops plus identity
 * (17 choices with the default registry), no application probability, fixed magnitude, a fair sign for
 * signed ops; input `trunc(clamp(x, 0, 255))` once; output float32 with integer values.
 *
 * Deviations: TF's random streams cannot be reproduced, so plans come from this library's seeded {@link Rng}
 * (same distribution). The reference distorts one image per call; here a batch is split into per-image
 * views, images are grouped by op (concatenated), each op runs once per group, and the results are
 * restored to batch order by one concatenation of per-image views (instead of an inverse-permutation
 * `tf.gather`, which costs about 15x more on the CPU backend). Outputs of user-registered ops are
 * re-quantised (`trunc(clamp(·, 0, 255))`) so that every layer sees uint8 semantics.
 *
 * Two implementations give the same values: the composite path above (tensor ops only, every backend), and
 * on the `'cpu'` backend a fused kernel (`./fused/`) that runs the whole plan per image in plain JavaScript
 * on uint8 buffers, with an order of magnitude less CPU time there. `implementation: 'auto'` (default) picks the fused kernel when
 * the backend is cpu and every op of the plan is built in. Deviation of the fused kernel: NaN inputs (out of
 * the reference's contract) become 0 instead of propagating.
 * @module augment
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError} from '../errors';
import {checkNumber, checkOneOf, describeValue} from '../internal/assert';
import {Rng} from '../random/rng';
import {DEFAULT_RANDAUGMENT_CONFIG, formatRandAugmentConfig, type RandAugmentConfig} from './config_string';
import {applyPlan, checkInput, checkPlan} from './internal/apply_plan';
import {checkFill} from './internal/images';
import {TensorCache} from './internal/tensor_cache';
import {applyFused} from './fused/dispatch';
import {HostCache} from './fused/host_cache';
import {OpRegistry, defaultOpRegistry} from './registry';
import {
  FILL_MODES, IDENTITY, RANDAUGMENT_IMPLEMENTATIONS, type AugmentOp, type FillMode, type OpContext, type PlanStep,
  type RandAugmentImplementation, type RandAugmentPlan,
} from './types';

/** The level at which an op is at full strength (the reference's `_MAX_LEVEL`). */
const MAX_LEVEL = 10;
/** Beyond this many cached constant tensors, the cache is emptied before the next call. */
const CACHE_LIMIT = 256;

/** Constructor arguments of {@link RandAugment}; every field is optional. */
export interface RandAugmentArgs {
  /** Ops applied in sequence to every image, integer >= 0. Default 2. */
  readonly numLayers?: number;
  /** Shared magnitude, 0..10 (fractions allowed). Default 9 (the example's; the reference class defaults to 10). */
  readonly magnitude?: number;
  /** Where op names are looked up. Default {@link defaultOpRegistry}(). */
  readonly registry?: OpRegistry;
  /** Names of the ops to sample from (identity is always added). Default: every op of `registry`, in its order. */
  readonly ops?: readonly string[];
  /** Seed of the sampler; omitted (and no `rng`) means a random seed, readable from {@link RandAugment.seed}. */
  readonly seed?: number | string;
  /** A stream to sample from instead of `seed` (e.g. `root.fork('augment')`). */
  readonly rng?: Rng;
  /** Translate distance in pixels at magnitude 10 (reference `translate_const`). Default 100. */
  readonly translateConst?: number;
  /** Cutout half-size in pixels at magnitude 10 (reference `cutout_const`). Default 40. */
  readonly cutoutConst?: number;
  /** Out-of-image handling of geometric ops. Default `'reflect'` (what the reference ran with). */
  readonly fillMode?: FillMode;
  /** Fill value 0..255 of Cutout and of `'constant'` geometry (reference `replace`). Default 128. */
  readonly fill?: number;
  /**
   * `'auto'` (default): the fused CPU kernel when the backend is `'cpu'` and the plan holds only built-in ops,
   * else the composite tensor path; `'composite'` or `'fused'` force one (see {@link RandAugmentImplementation}).
   */
  readonly implementation?: RandAugmentImplementation;
}

const ARG_KEYS: readonly (keyof RandAugmentArgs)[] = [
  'numLayers', 'magnitude', 'registry', 'ops', 'seed', 'rng', 'translateConst', 'cutoutConst', 'fillMode', 'fill',
  'implementation',
];

/**
 * The RandAugment policy of the consistency-training example, batched and seedable.
 *
 * `sample(n, h, w)` draws a plan (plain data), `apply(images, plan)` replays it, and `distort(images)` does
 * both. The instance caches constant tensors per image size (index maps, masks); call {@link RandAugment.dispose}
 * when done with it. On the `'cpu'` backend plans of built-in ops run through a fused CPU kernel (same values as the
 * composite tensor path, an order of magnitude faster there); `implementation` forces one path.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {RandAugment} from 'consistency-tfjs';
 * const ra = new RandAugment({numLayers: 2, magnitude: 9, seed: 42});
 * console.log(`${ra} seed=${ra.seed}`);            // "rand-m9-n2 seed=42"
 * const images = tf.randomUniform([8, 72, 72, 3], 0, 255) as tf.Tensor4D;
 * const noisy = ra.distort(images);                 // float32 [8, 72, 72, 3], integer values
 * const plan = ra.sample(8, 72, 72);                // or: draw, print, replay
 * console.log(JSON.stringify(plan.steps[0]));       // e.g. [{"op":"Rotate","level":-9,"args":{"degrees":-27}}, ...]
 * const replayed = ra.apply(images, plan);
 * const portable = new RandAugment({seed: 42, implementation: 'composite'}); // tensor ops only, any backend
 * const same = portable.apply(images, plan);        // equal to `replayed`
 * tf.dispose([images, noisy, replayed, same]);
 * ra.dispose();
 * portable.dispose();
 * ```
 */
export class RandAugment {
  /** Ops per image. */
  readonly numLayers: number;
  /** Shared magnitude (0..10). */
  readonly magnitude: number;
  /** Translate distance at magnitude 10, pixels. */
  readonly translateConst: number;
  /** Cutout half-size at magnitude 10, pixels. */
  readonly cutoutConst: number;
  /** Out-of-image handling of geometric ops. */
  readonly fillMode: FillMode;
  /** Fill value of Cutout and constant-mode geometry. */
  readonly fill: number;
  /** The sampler's seed: pass it back as `seed` to reproduce a run. */
  readonly seed: number;
  /** Names of the sampled ops, in index order (identity is index `ops.length`). */
  readonly ops: readonly string[];
  /** Which implementation applies plans (`'auto'` unless forced). */
  readonly implementation: RandAugmentImplementation;
  private readonly records: ReadonlyMap<string, AugmentOp>;
  private readonly rng: Rng;
  private readonly cache = new TensorCache(true);
  private readonly host = new HostCache();

  /**
   * @param args Policy, registry and seeding; see {@link RandAugmentArgs}.
   * @throws {@link InvalidArgumentError} for an out-of-range or unknown argument; {@link UnknownOpError} for an op
   *   name the registry does not hold.
   */
  constructor(args: RandAugmentArgs = {}) {
    if (typeof args !== 'object' || args === null) {
      throw new InvalidArgumentError(`RandAugment: \`args\` must be an object; got ${describeValue(args)}.`, {argument: 'args'});
    }
    for (const key of Object.keys(args)) {
      if (!(ARG_KEYS as readonly string[]).includes(key)) {
        throw new InvalidArgumentError(`RandAugment: unknown argument '${key}'. Valid arguments: ${ARG_KEYS.join(', ')}.`, {argument: key});
      }
    }
    const d = DEFAULT_RANDAUGMENT_CONFIG;
    this.numLayers = checkNumber('RandAugment', 'numLayers', args.numLayers ?? d.numLayers, {integer: true, min: 0});
    this.magnitude = checkNumber('RandAugment', 'magnitude', args.magnitude ?? d.magnitude, {min: 0, max: MAX_LEVEL});
    this.translateConst = checkNumber('RandAugment', 'translateConst', args.translateConst ?? d.translateConst, {min: 0});
    this.cutoutConst = checkNumber('RandAugment', 'cutoutConst', args.cutoutConst ?? d.cutoutConst, {min: 0});
    this.fillMode = checkOneOf('RandAugment', 'fillMode', args.fillMode ?? d.fillMode, FILL_MODES);
    this.fill = args.fill === undefined ? d.fill : checkFill('RandAugment', args.fill);
    this.implementation = checkOneOf('RandAugment', 'implementation', args.implementation ?? 'auto', RANDAUGMENT_IMPLEMENTATIONS);
    if (args.seed !== undefined && args.rng !== undefined) {
      throw new InvalidArgumentError('RandAugment: pass either `seed` or `rng`, not both; got both. ' +
        'Use rng.fork(label) to derive a stream from a seeded root.', {argument: 'seed'});
    }
    if (args.rng !== undefined && !(args.rng instanceof Rng)) {
      throw new InvalidArgumentError(`RandAugment: \`rng\` must be an Rng; got ${describeValue(args.rng)}.`, {argument: 'rng'});
    }
    if (args.registry !== undefined && !(args.registry instanceof OpRegistry)) {
      throw new InvalidArgumentError(`RandAugment: \`registry\` must be an OpRegistry; got ${describeValue(args.registry)}. ` +
        'Use defaultOpRegistry() or createOpRegistry().', {argument: 'registry'});
    }
    const registry = args.registry ?? defaultOpRegistry();
    const names = args.ops ?? registry.names();
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string') || new Set(names).size !== names.length) {
      throw new InvalidArgumentError(`RandAugment: \`ops\` must be an array of distinct op names; got ${describeValue(names)}.`, {argument: 'ops'});
    }
    this.records = new Map(names.map((n) => [n, registry.get(n)]));
    this.ops = Object.freeze([...names]);
    this.rng = args.rng ?? new Rng(args.seed);
    this.seed = this.rng.seed;
  }

  /** The policy as plain data (without registry and seed). */
  get config(): RandAugmentConfig {
    return {numLayers: this.numLayers, magnitude: this.magnitude, translateConst: this.translateConst,
      cutoutConst: this.cutoutConst, fillMode: this.fillMode, fill: this.fill};
  }

  /** The policy as a config string, e.g. `'rand-m9-n2'`. */
  toString(): string {
    return formatRandAugmentConfig(this.config);
  }

  private context(height: number, width: number): OpContext {
    return {height, width, maxLevel: MAX_LEVEL, translateConst: this.translateConst, cutoutConst: this.cutoutConst,
      fillMode: this.fillMode, fill: this.fill, cache: this.cache};
  }

  /**
   * Draws a plan for `n` images of `height`×`width`: per image and layer an op (or identity) uniformly, a
   * fair sign for signed ops, and the op's own draws (Cutout's centre). Advances the sampler's stream.
   * @param n Number of images (integer >= 0).
   * @param height Image height (integer >= 1).
   * @param width Image width (integer >= 1).
   * @returns A JSON-serialisable {@link RandAugmentPlan}.
   * @throws {@link InvalidArgumentError} for bad sizes.
   */
  sample(n: number, height: number, width: number): RandAugmentPlan {
    checkNumber('RandAugment.sample', 'n', n, {integer: true, min: 0});
    checkNumber('RandAugment.sample', 'height', height, {integer: true, min: 1});
    checkNumber('RandAugment.sample', 'width', width, {integer: true, min: 1});
    const ctx = this.context(height, width);
    const ops = this.ops.map((name) => this.records.get(name) as AugmentOp);
    const steps: PlanStep[][] = [];
    for (let i = 0; i < n; i++) {
      const row: PlanStep[] = [];
      for (let l = 0; l < this.numLayers; l++) {
        const k = this.rng.int(0, ops.length + 1);
        // The reference keeps the sign when floor(u + 0.5) = 1, i.e. u >= 0.5.
        const positive = this.rng.float() >= 0.5;
        const op = ops[k];
        if (op === undefined) {
          row.push({op: IDENTITY, level: this.magnitude, args: {}});
          continue;
        }
        const level = op.signed && !positive ? -this.magnitude : this.magnitude;
        const args = op.levelToArgs(level, ctx, this.rng);
        if (typeof args !== 'object' || args === null) {
          throw new InvalidArgumentError(`RandAugment: op '${op.name}' levelToArgs must return an object; got ${describeValue(args)}.`, {argument: 'ops'});
        }
        row.push({op: op.name, level, args: args as PlanStep['args']});
      }
      steps.push(row);
    }
    return {height, width, steps};
  }

  private op(name: string): AugmentOp {
    const op = this.records.get(name);
    if (op) return op;
    const registry = new OpRegistry();
    for (const o of this.records.values()) registry.register(o);
    return registry.get(name); // throws UnknownOpError listing this instance's ops
  }

  /**
   * Applies a plan drawn by {@link RandAugment.sample} (exact replay: the same plan gives the same output),
   * with the fused CPU kernel or the composite tensor path as {@link RandAugment.implementation} says.
   * @param images float32 or int32, `[N, H, W, 3]` or one `[H, W, 3]` image, any range (not disposed).
   * @param plan A plan for N images of H×W.
   * @returns float32 tensor of the input's shape with integer values in 0..255.
   * @throws {@link ShapeError} when the shapes disagree with each other or with the plan; {@link UnknownOpError}
   *   for an op name this instance does not sample; {@link UnsupportedError} when `implementation: 'fused'`
   *   cannot run (backend other than cpu, user-registered op in the plan, non-integer `fill`).
   */
  apply<T extends tf.Tensor3D | tf.Tensor4D>(images: T, plan: RandAugmentPlan): T {
    const {n, height, width} = checkInput(images);
    const lookup = (name: string): AugmentOp => this.op(name);
    const layers = checkPlan(plan, n, height, width, lookup);
    if (this.implementation !== 'composite') {
      const env = {height, width, fillMode: this.fillMode, fill: this.fill, cache: this.host};
      const fused = applyFused(images, plan, layers, lookup, env, this.implementation);
      if (fused) return fused;
    }
    if (this.cache.size > CACHE_LIMIT) this.cache.dispose();
    return applyPlan(images, plan, layers, lookup, this.context(height, width));
  }

  /**
   * Draws a plan for `images` and applies it: every image gets its own `numLayers` ops.
   * @param images float32 or int32, `[N, H, W, 3]` or one `[H, W, 3]` image, any range (not disposed).
   * @returns float32 tensor of the input's shape with integer values in 0..255.
   * @throws {@link ShapeError} when `images` is not `[N, H, W, 3]` or `[H, W, 3]`.
   */
  distort<T extends tf.Tensor3D | tf.Tensor4D>(images: T): T {
    const {n, height, width} = checkInput(images);
    return this.apply(images, this.sample(n, height, width));
  }

  /**
   * Frees the cached constant tensors and the fused kernel's host tables and scratch buffers (the instance
   * stays usable and rebuilds them on demand).
   */
  dispose(): void {
    this.cache.dispose();
    this.host.clear();
  }
}
