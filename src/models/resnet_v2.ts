/**
 * ResNetV2: the pre-activation bottleneck network, built layer for layer as Keras Applications builds it.
 *
 * Paper: He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016
 * (https://arxiv.org/abs/1603.05027). Reference implementation: keras-team/keras
 * `keras/src/applications/resnet.py` (the generic `ResNet(stack_fn, preact=True, use_bias=True, ...)`) and
 * `resnet_v2.py`; normative description: `shared/spec/resnet50v2.md`.
 *
 * Matches Keras: layer names and order; stem `conv1_pad` (3 px) + `conv1_conv` (7×7/2, with bias, no BN or
 * ReLU) + `pool1_pad` (1 px) + `pool1_pool` (3×3/2 `valid`); stride placement (the **last** block of every
 * stack except the last downsamples); `post_bn` + `post_relu`; the `avg_pool` + `predictions` top or the
 * `avg_pool` / `max_pool` pooling; BatchNorm epsilon 1.001e-5; `glorotUniform` kernels, zero biases. Weights
 * converted from Keras therefore load by name (`model.loadWeights(map)`).
 *
 * Deviation: `stem: 'cifar'` (opt-in; the default `'imagenet'` is Keras's) replaces the 7×7/2 conv and the
 * 3×3/2 max-pool by a 3×3/1 conv (`conv1_pad` 1 px + `conv1_conv`, still with bias) and no pool, the usual
 * choice for 32×32 images. Names and stride placement stay Keras's.
 * Deviation: the weightless layers Keras leaves unnamed get the names of a fresh Keras 2 session (`input_1`,
 * `max_pooling2d`, `max_pooling2d_1`, …) instead of tfjs's global-counter names, so one call always yields the
 * same topology.
 * Deviation: initialisers are seeded: each weighted layer draws from `Rng(seed).fork('resnet_v2_init')
 * .fork(layerName)`, so the same seed builds the same weights.
 * Deviation: `inputShape` must be concrete (Keras accepts `None` height and width without top).
 *
 * @module models
 */
import * as tfl from '@tensorflow/tfjs-layers';
import {check, checkOneOf, describeValue} from '../internal/assert';
import {Rng, normalizeSeed, randomSeed} from '../random/rng';
import {
  checkImageShape, checkKnownKeys, checkName, checkPositiveInt, checkPositiveInts, checkSeed,
} from './checks';
import {
  applySymbolic, resNetBatchNorm, resNetConv, resNetPad, resNetRelu, seededGlorotUniform, stackResidualBlocksV2,
  type StackResidualBlocksV2Args,
} from './resnet_v2_blocks';

/** Smallest input height and width Keras accepts for ResNets (`min_size=32`). */
export const RESNET_MIN_INPUT_SIZE = 32;

/** Stem of a ResNetV2: Keras's `'imagenet'` (7×7/2 conv + 3×3/2 max-pool) or the 3×3/1 `'cifar'` stem. */
export type ResNetV2Stem = 'imagenet' | 'cifar';
/** Global pooling of a model without top: average (`avg_pool`) or max (`max_pool`). */
export type ResNetV2Pooling = 'avg' | 'max';
/** Activations accepted for the classifier (the tfjs-layers activation identifiers). */
export type ClassifierActivation =
  | 'softmax' | 'linear' | 'sigmoid' | 'relu' | 'relu6' | 'elu' | 'selu' | 'softplus' | 'softsign' | 'tanh'
  | 'hardSigmoid' | 'swish' | 'mish' | 'gelu' | 'gelu_new';

const STEMS: readonly ResNetV2Stem[] = ['imagenet', 'cifar'];
const POOLINGS: readonly ResNetV2Pooling[] = ['avg', 'max'];
const ACTIVATIONS: readonly ClassifierActivation[] = [
  'softmax', 'linear', 'sigmoid', 'relu', 'relu6', 'elu', 'selu', 'softplus', 'softsign', 'tanh', 'hardSigmoid',
  'swish', 'mish', 'gelu', 'gelu_new',
];

/** Arguments of {@link resNetV2}. */
export interface ResNetV2Args {
  /** Blocks per stack, e.g. `[3, 4, 6, 3]` for ResNet50V2; each stack needs at least 2 blocks (Keras `stack2`). */
  readonly stages: readonly number[];
  /** Bottleneck width of each stack, e.g. `[64, 128, 256, 512]`; a stack outputs `4 * filters` channels. */
  readonly filters: readonly number[];
  /** Stride of the last block of each stack (Keras `stride1`). Default: 2 for every stack but the last, 1 for it. */
  readonly strides?: readonly number[];
  /** Stem type. Default `'imagenet'` (Keras). `'cifar'`: 3×3/1 conv, no max-pool. */
  readonly stem?: ResNetV2Stem;
  /** Filters of the stem conv `conv1_conv`. Default 64 (Keras). */
  readonly stemFilters?: number;
  /** Adds `avg_pool` + `predictions` (Dense `classes`). Default true. */
  readonly includeTop?: boolean;
  /** Without top: `'avg'`, `'max'`, or `null`/omitted for the 4-D feature map. Ignored with top, as in Keras. */
  readonly pooling?: ResNetV2Pooling | null;
  /** Units of `predictions` (integer >= 1). Default 1000. Used with `includeTop` only. */
  readonly classes?: number;
  /** Activation of `predictions`. Default `'softmax'`; `null` or `'linear'` gives logits. */
  readonly classifierActivation?: ClassifierActivation | null;
  /** `[height, width, channels]`, height and width >= 32. Default `[224, 224, 3]`. */
  readonly inputShape?: readonly number[];
  /** Model name. Default `'resnetv2'`. */
  readonly name?: string;
  /**
   * Seed of the kernel initialisers (integer or string): same seed, same weights. Omitted: a fresh seed is
   * drawn; read it back from `model.getUserDefinedMetadata()` (`{consistencyTfjs: {seed}}`).
   */
  readonly seed?: number | string;
}

const RESNET_V2_KEYS = [
  'stages', 'filters', 'strides', 'stem', 'stemFilters', 'includeTop', 'pooling', 'classes',
  'classifierActivation', 'inputShape', 'name', 'seed',
] as const;

/** Validated, defaulted {@link ResNetV2Args}. @internal */
export interface ResolvedResNetV2Args {
  readonly stages: number[];
  readonly filters: number[];
  readonly strides: number[];
  readonly stem: ResNetV2Stem;
  readonly stemFilters: number;
  readonly includeTop: boolean;
  readonly pooling: ResNetV2Pooling | null;
  readonly classes: number;
  readonly activation: ClassifierActivation;
  readonly inputShape: [number, number, number];
  readonly name: string;
  /** The uint32 seed actually used. */
  readonly seed: number;
}

/**
 * Validates and defaults {@link ResNetV2Args}; errors name `component` and the argument. @internal
 */
export function resolveResNetV2Args(C: string, args: ResNetV2Args): ResolvedResNetV2Args {
  check(args != null && typeof args === 'object', 'args', () => `${C}: \`args\` must be an object; got ${describeValue(args)}.`);
  checkKnownKeys(C, args, RESNET_V2_KEYS);
  const stages = checkPositiveInts(C, 'stages', args.stages, {min: 2});
  const filters = checkPositiveInts(C, 'filters', args.filters, {length: stages.length});
  const strides = args.strides === undefined
    ? stages.map((_, i) => (i === stages.length - 1 ? 1 : 2))
    : checkPositiveInts(C, 'strides', args.strides, {length: stages.length});
  const stem = checkOneOf(C, 'stem', args.stem ?? 'imagenet', STEMS);
  const stemFilters = checkPositiveInt(C, 'stemFilters', args.stemFilters ?? 64);
  const includeTop = args.includeTop ?? true;
  check(typeof includeTop === 'boolean', 'includeTop',
    () => `${C}: \`includeTop\` must be a boolean; got ${describeValue(includeTop)}.`);
  const pooling = args.pooling == null ? null : checkOneOf(C, 'pooling', args.pooling, POOLINGS);
  const classes = checkPositiveInt(C, 'classes', args.classes ?? 1000);
  const activation = args.classifierActivation === null
    ? 'linear' : checkOneOf(C, 'classifierActivation', args.classifierActivation ?? 'softmax', ACTIVATIONS);
  const inputShape = checkImageShape(C, 'inputShape', args.inputShape ?? [224, 224, 3], RESNET_MIN_INPUT_SIZE);
  const name = checkName(C, 'name', args.name ?? 'resnetv2');
  const userSeed = checkSeed(C, args.seed);
  const seed = userSeed === undefined ? randomSeed() : normalizeSeed(userSeed);
  return {stages, filters, strides, stem, stemFilters, includeTop, pooling, classes, activation, inputShape, name, seed};
}

/**
 * Builds a ResNetV2 (pre-activation bottleneck ResNet) with Keras's layer names, as a functional `LayersModel`.
 *
 * Layers: `input_1`; stem `conv1_pad`, `conv1_conv` (+ `pool1_pad`, `pool1_pool` for the imagenet stem);
 * stacks `conv2`, `conv3`, … (see {@link stackResidualBlocksV2}); `post_bn`, `post_relu`; then `avg_pool` +
 * `predictions` with top, else `avg_pool` / `max_pool` / nothing according to `pooling`.
 * @param args See {@link ResNetV2Args}; `stages` and `filters` are required.
 * @returns An uncompiled model; the caller owns it (`model.dispose()` frees its weights). Its user-defined
 *   metadata records the seed: `{consistencyTfjs: {builder, seed}}`.
 * @throws {@link InvalidArgumentError} naming the argument (e.g. `inputShape` smaller than 32×32, `classes < 1`,
 *   unknown `pooling`, `stem` or option), before any weight is allocated.
 * @example
 * ```ts
 * import {resNetV2} from 'consistency-tfjs';
 * // ResNet26V2 at a quarter of ResNet50V2's width, for 32x32 images, 4-D feature map output.
 * const model = resNetV2({stages: [2, 2, 2, 2], filters: [16, 32, 64, 128], stem: 'cifar', stemFilters: 32,
 *   includeTop: false, inputShape: [32, 32, 3], seed: 7});
 * console.log(model.outputs[0]!.shape); // [null, 4, 4, 512]
 * ```
 */
export function resNetV2(args: ResNetV2Args): tfl.LayersModel {
  return buildResNetV2(resolveResNetV2Args('resNetV2', args), {builder: 'resNetV2'});
}

/** Builds from validated arguments; `metadata` goes into the model's user-defined metadata. @internal */
export function buildResNetV2(a: ResolvedResNetV2Args, metadata: Record<string, unknown>): tfl.LayersModel {
  const rng = new Rng(a.seed).fork('resnet_v2_init');
  const input = tfl.input({shape: a.inputShape, name: 'input_1'});
  let x: tfl.SymbolicTensor;
  if (a.stem === 'imagenet') {
    x = applySymbolic(resNetPad('conv1_pad', 3), input);
    x = applySymbolic(resNetConv(rng, 'conv1_conv', a.stemFilters, 7, 2, true), x);
    x = applySymbolic(resNetPad('pool1_pad', 1), x);
    x = applySymbolic(tfl.layers.maxPooling2d({poolSize: 3, strides: 2, padding: 'valid', name: 'pool1_pool'}), x);
  } else {
    x = applySymbolic(resNetPad('conv1_pad', 1), input);
    x = applySymbolic(resNetConv(rng, 'conv1_conv', a.stemFilters, 3, 1, true), x);
  }
  let pools = 0;
  a.stages.forEach((blocks, i) => {
    const stride1 = a.strides[i] as number;
    const stack: StackResidualBlocksV2Args = {filters: a.filters[i] as number, blocks, stride1, name: `conv${i + 2}`, rng};
    if (stride1 > 1) {
      // Keras leaves these pools unnamed; a fresh Keras 2 session calls them max_pooling2d, max_pooling2d_1, …
      x = stackResidualBlocksV2(x, {...stack, shortcutPoolName: pools === 0 ? 'max_pooling2d' : `max_pooling2d_${pools}`});
      pools++;
    } else {
      x = stackResidualBlocksV2(x, stack);
    }
  });
  x = applySymbolic(resNetRelu('post_relu'), applySymbolic(resNetBatchNorm('post_bn'), x));
  if (a.includeTop) {
    x = applySymbolic(tfl.layers.globalAveragePooling2d({name: 'avg_pool'}), x);
    x = applySymbolic(tfl.layers.dense({
      units: a.classes, activation: a.activation, name: 'predictions',
      kernelInitializer: seededGlorotUniform(rng, 'predictions'), biasInitializer: 'zeros',
    }), x);
  } else if (a.pooling === 'avg') {
    x = applySymbolic(tfl.layers.globalAveragePooling2d({name: 'avg_pool'}), x);
  } else if (a.pooling === 'max') {
    x = applySymbolic(tfl.layers.globalMaxPooling2d({name: 'max_pool'}), x);
  }
  const model = tfl.model({inputs: input, outputs: x, name: a.name});
  model.setUserDefinedMetadata({consistencyTfjs: {...metadata, seed: a.seed}});
  return model;
}
