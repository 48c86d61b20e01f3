/**
 * The building blocks of ResNetV2: the pre-activation bottleneck block and a stack of them, applied to
 * symbolic tensors as Keras builds them.
 *
 * Paper: He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016
 * (https://arxiv.org/abs/1603.05027). Reference implementation: keras-team/keras
 * `keras/src/applications/resnet.py` (`residual_block_v2` and `stack_residual_blocks_v2`; `block2` and
 * `stack2` in Keras 2); normative description: `shared/spec/resnet50v2.md` §2.
 *
 * Matches Keras: layer names, BatchNorm epsilon 1.001e-5 and momentum 0.99, explicit 1-px `ZeroPadding2D`
 * before the `valid` 3×3 conv, biases on `_0_conv` and `_3_conv` only, `glorotUniform` kernels (tfjs would
 * default to `glorotNormal`), zero biases. The projection shortcut reads the pre-activated tensor; identity
 * and pooled (1×1 max-pool, stride s) shortcuts read the raw block input. The Add takes the shortcut first,
 * which reproduces Keras's layer order.
 *
 * Deviation: kernels are seeded per layer from `rng.fork(layerName)`, so a seed fixes the weights.
 *
 * @module models
 */
import * as tfl from '@tensorflow/tfjs-layers';
import {ShapeError} from '../errors';
import {check, describeValue} from '../internal/assert';
import {Rng} from '../random/rng';
import {checkKnownKeys, checkName, checkPositiveInt} from './checks';

/** BatchNormalization epsilon of every Keras ResNet (tfjs defaults to 1e-3). */
export const RESNET_BN_EPSILON = 1.001e-5;

/** Arguments of {@link residualBlockV2}. */
export interface ResidualBlockV2Args {
  /** Bottleneck width `f` (integer >= 1); the block outputs `4f` channels. */
  readonly filters: number;
  /** Stride of the 3×3 conv and of the shortcut (integer >= 1). Default 1. */
  readonly stride?: number;
  /** Projection shortcut `N_0_conv` (1×1, `4f` filters) on the pre-activated input. Default false. */
  readonly convShortcut?: boolean;
  /** Name prefix `N`, e.g. `'conv3_block2'`. */
  readonly name: string;
  /** Initialiser stream; each conv draws from `rng.fork(layerName)`. Default: a freshly seeded `Rng`. */
  readonly rng?: Rng;
  /** Name of the 1×1 max-pool of a strided identity shortcut. Default: tfjs's automatic name. */
  readonly shortcutPoolName?: string;
}

const BLOCK_KEYS = ['filters', 'stride', 'convShortcut', 'name', 'rng', 'shortcutPoolName'] as const;

/** Arguments of {@link stackResidualBlocksV2}. */
export interface StackResidualBlocksV2Args {
  /** Bottleneck width of every block (integer >= 1). */
  readonly filters: number;
  /** Number of blocks (integer >= 2). */
  readonly blocks: number;
  /** Stride of the last block (Keras `stride1`). Default 2. */
  readonly stride1?: number;
  /** Name prefix of the stack, e.g. `'conv2'`; blocks are `conv2_block1` … */
  readonly name: string;
  /** Initialiser stream, passed to every block. Default: a freshly seeded `Rng`. */
  readonly rng?: Rng;
  /** Name of the last block's shortcut max-pool (when `stride1 > 1`). Default: tfjs's automatic name. */
  readonly shortcutPoolName?: string;
}

const STACK_KEYS = ['filters', 'blocks', 'stride1', 'name', 'rng', 'shortcutPoolName'] as const;

/** A glorotUniform initialiser seeded for one layer from `rng.fork(layerName)`. @internal */
export function seededGlorotUniform(rng: Rng, layerName: string): ReturnType<typeof tfl.initializers.glorotUniform> {
  return tfl.initializers.glorotUniform({seed: rng.fork(layerName).tfSeed()});
}

/** Conv2D, `valid` padding, seeded glorotUniform kernel, zero bias. @internal */
export function resNetConv(
  rng: Rng, name: string, filters: number, kernelSize: number, strides: number, useBias: boolean,
): tfl.layers.Layer {
  return tfl.layers.conv2d({
    filters, kernelSize, strides, padding: 'valid', useBias, name,
    kernelInitializer: seededGlorotUniform(rng, name), biasInitializer: 'zeros',
  });
}

/** Keras ResNet BatchNormalization (axis −1, momentum 0.99, epsilon 1.001e-5). @internal */
export function resNetBatchNorm(name: string): tfl.layers.Layer {
  return tfl.layers.batchNormalization({axis: -1, momentum: 0.99, epsilon: RESNET_BN_EPSILON, name});
}

/** `Activation('relu')` layer. @internal */
export function resNetRelu(name: string): tfl.layers.Layer {
  return tfl.layers.activation({activation: 'relu', name});
}

/** Symmetric `ZeroPadding2D` of `px` pixels. @internal */
export function resNetPad(name: string, px: number): tfl.layers.Layer {
  return tfl.layers.zeroPadding2d({padding: [[px, px], [px, px]], name});
}

/** `layer.apply` on symbolic input, typed. @internal */
export function applySymbolic(layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]): tfl.SymbolicTensor {
  return layer.apply(x) as tfl.SymbolicTensor;
}

function channelsOf(component: string, x: tfl.SymbolicTensor): number {
  const c = x?.shape?.[3];
  if (x?.shape?.length !== 4 || typeof c !== 'number') {
    throw new ShapeError(
      `${component}: \`x\` must be a rank-4 symbolic tensor [batch, height, width, channels] with known channels; ` +
        `got shape ${describeValue(x?.shape)}. Pass the output of tf.input({shape: [h, w, c]}) or of a layer.`);
  }
  return c;
}

function checkArgsObject(component: string, args: unknown): void {
  check(args != null && typeof args === 'object', 'args',
    () => `${component}: \`args\` must be an object; got ${describeValue(args)}.`);
}

/**
 * One pre-activation bottleneck block (Keras `residual_block_v2` / `block2`), applied to a symbolic tensor.
 *
 * Layers: `N_preact_bn`, `N_preact_relu`, [`N_0_conv`], `N_1_conv`, `N_1_bn`, `N_1_relu`, `N_2_pad`, `N_2_conv`,
 * `N_2_bn`, `N_2_relu`, `N_3_conv`, `N_out` (Add of shortcut and residual, not normalised).
 * @param x Block input, rank 4 channels-last.
 * @param args See {@link ResidualBlockV2Args}.
 * @returns The block output, `4 * filters` channels, spatial size `floor((H - 1) / stride) + 1`.
 * @throws {@link InvalidArgumentError} for a bad argument; {@link ShapeError} when `x` is not rank 4 or an
 *   identity shortcut would meet a residual of another width (`channels != 4 * filters`).
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {Rng, residualBlockV2} from 'consistency-tfjs';
 * const input = tfl.input({shape: [32, 32, 16]});
 * const y = residualBlockV2(input, {filters: 8, convShortcut: true, name: 'conv2_block1', rng: new Rng(1)});
 * const model = tfl.model({inputs: input, outputs: y}); // output [null, 32, 32, 32]
 * ```
 */
export function residualBlockV2(x: tfl.SymbolicTensor, args: ResidualBlockV2Args): tfl.SymbolicTensor {
  const C = 'residualBlockV2';
  checkArgsObject(C, args);
  checkKnownKeys(C, args, BLOCK_KEYS);
  const name = checkName(C, 'name', args.name);
  const filters = checkPositiveInt(C, 'filters', args.filters);
  const stride = checkPositiveInt(C, 'stride', args.stride ?? 1);
  const convShortcut = args.convShortcut ?? false;
  check(typeof convShortcut === 'boolean', 'convShortcut',
    () => `${C}: \`convShortcut\` must be a boolean; got ${describeValue(convShortcut)}.`);
  if (args.shortcutPoolName !== undefined) checkName(C, 'shortcutPoolName', args.shortcutPoolName);
  const cIn = channelsOf(C, x);
  if (!convShortcut && cIn !== 4 * filters) {
    throw new ShapeError(
      `${C}: an identity shortcut needs ${4 * filters} input channels (4 * filters) in '${name}'; got ${cIn}. ` +
        'Pass convShortcut: true, or filters = channels / 4.');
  }
  const rng = args.rng ?? new Rng();

  const preact = applySymbolic(resNetRelu(`${name}_preact_relu`), applySymbolic(resNetBatchNorm(`${name}_preact_bn`), x));
  let shortcut: tfl.SymbolicTensor;
  if (convShortcut) {
    shortcut = applySymbolic(resNetConv(rng, `${name}_0_conv`, 4 * filters, 1, stride, true), preact);
  } else if (stride > 1) {
    const poolArgs = {poolSize: 1, strides: stride, padding: 'valid' as const};
    const pool = tfl.layers.maxPooling2d(
      args.shortcutPoolName === undefined ? poolArgs : {...poolArgs, name: args.shortcutPoolName});
    shortcut = applySymbolic(pool, x);
  } else {
    shortcut = x;
  }
  let y = applySymbolic(resNetConv(rng, `${name}_1_conv`, filters, 1, 1, false), preact);
  y = applySymbolic(resNetRelu(`${name}_1_relu`), applySymbolic(resNetBatchNorm(`${name}_1_bn`), y));
  y = applySymbolic(resNetPad(`${name}_2_pad`, 1), y);
  y = applySymbolic(resNetConv(rng, `${name}_2_conv`, filters, 3, stride, false), y);
  y = applySymbolic(resNetRelu(`${name}_2_relu`), applySymbolic(resNetBatchNorm(`${name}_2_bn`), y));
  y = applySymbolic(resNetConv(rng, `${name}_3_conv`, 4 * filters, 1, 1, true), y);
  // Shortcut first, as Keras adds them: this fixes the layer order of Keras's topological sort.
  return applySymbolic(tfl.layers.add({name: `${name}_out`}), [shortcut, y]);
}

/**
 * A stack of pre-activation bottleneck blocks (Keras `stack_residual_blocks_v2` / `stack2`): block 1 with a
 * projection shortcut and stride 1, identity blocks, and a last block with stride `stride1`.
 * @param x Stack input, rank 4 channels-last.
 * @param args See {@link StackResidualBlocksV2Args}.
 * @returns The stack output, `4 * filters` channels.
 * @throws {@link InvalidArgumentError} for a bad argument (e.g. `blocks < 2`); {@link ShapeError} for a bad `x`.
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {Rng, stackResidualBlocksV2} from 'consistency-tfjs';
 * const input = tfl.input({shape: [32, 32, 16]});
 * const y = stackResidualBlocksV2(input, {filters: 8, blocks: 2, name: 'conv2', rng: new Rng(1)});
 * const model = tfl.model({inputs: input, outputs: y}); // output [null, 16, 16, 32]
 * ```
 */
export function stackResidualBlocksV2(x: tfl.SymbolicTensor, args: StackResidualBlocksV2Args): tfl.SymbolicTensor {
  const C = 'stackResidualBlocksV2';
  checkArgsObject(C, args);
  checkKnownKeys(C, args, STACK_KEYS);
  const name = checkName(C, 'name', args.name);
  const filters = checkPositiveInt(C, 'filters', args.filters);
  const blocks = checkPositiveInt(C, 'blocks', args.blocks);
  check(blocks >= 2, 'blocks', () =>
    `${C}: \`blocks\` must be >= 2 (Keras builds block 1 with the projection and the last block with the stride); ` +
      `got ${blocks}.`);
  const stride1 = checkPositiveInt(C, 'stride1', args.stride1 ?? 2);
  if (args.shortcutPoolName !== undefined) checkName(C, 'shortcutPoolName', args.shortcutPoolName);
  channelsOf(C, x);
  const rng = args.rng ?? new Rng();

  let y = residualBlockV2(x, {filters, convShortcut: true, name: `${name}_block1`, rng});
  for (let i = 2; i < blocks; i++) y = residualBlockV2(y, {filters, name: `${name}_block${i}`, rng});
  const last: ResidualBlockV2Args = {filters, stride: stride1, name: `${name}_block${blocks}`, rng};
  return residualBlockV2(y, args.shortcutPoolName === undefined ? last : {...last, shortcutPoolName: args.shortcutPoolName});
}
