/**
 * The image classifier of the Keras example "Consistency training with supervision" (Sayak Paul, 2021,
 * keras.io/examples/vision/consistency_training): `Rescaling(1/127.5, offset=-1)` → backbone (ResNet50V2
 * without top) → `GlobalAveragePooling2D` → `Dense(classes)` logits, no softmax. Teacher and student are
 * both built this way.
 *
 * Layer names are the ones Keras gives the example's `Sequential` (`rescaling`, the backbone's name,
 * `global_average_pooling2d`, `dense`), so weights named as Keras names them load by name.
 *
 * Deviation: built as a functional model (input layer `image`) rather than a `Sequential`; the layers,
 * their order and the computation are the same, and the backbone stays one nested model layer.
 * Deviation: the dense kernel is seeded (`Rng(seed).fork('classifier_init').fork('dense')`).
 *
 * @module models
 */
import * as tfl from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../errors';
import {check, describeValue} from '../internal/assert';
import {Rng, normalizeSeed, randomSeed} from '../random/rng';
import {checkImageShape, checkKnownKeys, checkName, checkPositiveInt, checkSeed} from './checks';
import {buildPreset, lookupResNetV2Preset} from './presets';
import {RESNET_MIN_INPUT_SIZE} from './resnet_v2';
import {applySymbolic, seededGlorotUniform} from './resnet_v2_blocks';

/** Arguments of {@link buildClassifier}: give exactly one of `backbone` and `preset`. */
export interface BuildClassifierArgs {
  /**
   * A backbone with one input and one rank-4 output (a feature map: no top, no pooling), e.g.
   * `resNet50V2({includeTop: false, inputShape: [72, 72, 3]})`. It becomes a layer of the classifier and keeps
   * its weights (shared, not copied): disposing the classifier disposes it.
   */
  readonly backbone?: tfl.LayersModel;
  /** Or a preset name from `listResNetV2Presets()`, built without top with the same `seed`. */
  readonly preset?: string;
  /**
   * `[height, width, channels]` of the images (0..255 values). With `preset`: default the preset's input shape,
   * at least 32×32. With `backbone`: default, and must equal, the backbone's input shape.
   */
  readonly inputShape?: readonly number[];
  /** Number of classes: units of the logits layer (integer >= 1). */
  readonly classes: number;
  /** Seed of the initialisers (the preset's and the dense layer's). Omitted: drawn, and kept in the metadata. */
  readonly seed?: number | string;
  /** Model name. Default `'classifier'`. */
  readonly name?: string;
}

const KEYS = ['backbone', 'preset', 'inputShape', 'classes', 'seed', 'name'] as const;
const OUTER_NAMES = ['image', 'rescaling', 'global_average_pooling2d', 'dense'];

function isModelLike(v: unknown): v is tfl.LayersModel {
  const m = v as {inputs?: unknown; outputs?: unknown; apply?: unknown} | null;
  return m != null && typeof m === 'object' && Array.isArray(m.inputs) && Array.isArray(m.outputs) &&
    typeof m.apply === 'function';
}

function checkBackbone(C: string, backbone: unknown): tfl.LayersModel {
  if (!isModelLike(backbone)) {
    throw new InvalidArgumentError(
      `${C}: \`backbone\` must be a tfjs LayersModel; got ${describeValue(backbone)}. ` +
        'Build one with resNet50V2({includeTop: false, inputShape}) or pass `preset` instead.', {argument: 'backbone'});
  }
  const inShape = backbone.inputs.length === 1 ? backbone.inputs[0]?.shape : undefined;
  const outShape = backbone.outputs.length === 1 ? backbone.outputs[0]?.shape : undefined;
  if (inShape?.length !== 4 || outShape?.length !== 4) {
    throw new InvalidArgumentError(
      `${C}: \`backbone\` must have one rank-4 input and one rank-4 output (a feature map); got inputs ` +
        `${describeValue(backbone.inputs.map((t) => t.shape))} and outputs ${describeValue(backbone.outputs.map((t) => t.shape))}. ` +
        'Build it with includeTop: false and no pooling; the classifier adds the pooling and the logits.',
      {argument: 'backbone'});
  }
  if (OUTER_NAMES.includes(backbone.name)) {
    throw new InvalidArgumentError(
      `${C}: the backbone's name must differ from the classifier's own layers (${OUTER_NAMES.join(', ')}); ` +
        `got '${backbone.name}'. Build the backbone with another \`name\`.`, {argument: 'backbone'});
  }
  return backbone;
}

/**
 * Builds the example's classifier: rescale `x / 127.5 − 1`, backbone, global average pooling, dense logits.
 * @param args See {@link BuildClassifierArgs}.
 * @returns An uncompiled functional model mapping `[N, H, W, C]` images in 0..255 to `[N, classes]` logits.
 *   The caller owns it. Its user-defined metadata records the seed (`{consistencyTfjs: {seed}}`).
 * @throws {@link InvalidArgumentError} naming the argument (both or neither of `backbone`/`preset`, `classes < 1`,
 *   `inputShape` smaller than 32×32 or unlike the backbone's, a backbone with a pooled output);
 *   {@link UnknownOpError} for an unknown `preset`. Nothing is allocated when it throws.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {buildClassifier} from 'consistency-tfjs';
 * const model = buildClassifier({preset: 'resnet26v2-w4-cifar', inputShape: [32, 32, 3], classes: 10, seed: 1});
 * const logits = tf.tidy(() => model.predict(tf.zeros([2, 32, 32, 3])) as tf.Tensor);
 * console.log(logits.shape); // [2, 10]
 * logits.dispose();
 * model.dispose();
 * ```
 */
export function buildClassifier(args: BuildClassifierArgs): tfl.LayersModel {
  const C = 'buildClassifier';
  check(args != null && typeof args === 'object', 'args', () => `${C}: \`args\` must be an object; got ${describeValue(args)}.`);
  checkKnownKeys(C, args, KEYS);
  const hasBackbone = args.backbone !== undefined;
  const hasPreset = args.preset !== undefined;
  if (hasBackbone === hasPreset) {
    throw new InvalidArgumentError(
      `${C}: pass exactly one of \`backbone\` and \`preset\`; got ${hasBackbone ? 'both' : 'neither'}. ` +
        "E.g. buildClassifier({preset: 'resnet50v2-w8', classes: 10}).", {argument: hasBackbone ? 'preset' : 'backbone'});
  }
  const classes = checkPositiveInt(C, 'classes', args.classes);
  const name = checkName(C, 'name', args.name ?? 'classifier');
  const userSeed = checkSeed(C, args.seed);
  const seed = userSeed === undefined ? randomSeed() : normalizeSeed(userSeed);

  let inputShape: [number, number, number];
  let backbone: tfl.LayersModel;
  let presetName: string | undefined;
  if (hasBackbone) {
    const given = checkBackbone(C, args.backbone);
    const own = given.inputs[0]!.shape.slice(1);
    if (own.some((d) => d == null)) {
      throw new InvalidArgumentError(
        `${C}: the backbone's input shape must be concrete; got ${describeValue(given.inputs[0]!.shape)}. ` +
          'Build the backbone with a fixed inputShape.', {argument: 'backbone'});
    }
    inputShape = checkImageShape(C, 'inputShape', args.inputShape ?? own, 1);
    if (inputShape.some((d, i) => d !== own[i])) {
      throw new InvalidArgumentError(
        `${C}: \`inputShape\` must equal the backbone's input shape ${describeValue(own)}; got ` +
          `${describeValue(args.inputShape)}. Omit inputShape or rebuild the backbone.`, {argument: 'inputShape'});
    }
    backbone = given;
  } else {
    const preset = lookupResNetV2Preset(C, 'preset', args.preset);
    inputShape = checkImageShape(C, 'inputShape', args.inputShape ?? preset.inputShape, RESNET_MIN_INPUT_SIZE);
    presetName = preset.name;
    backbone = buildPreset(C, preset, {includeTop: false, inputShape, seed});
  }

  const input = tfl.input({shape: inputShape, name: 'image'});
  let x = applySymbolic(tfl.layers.rescaling({scale: 1 / 127.5, offset: -1, name: 'rescaling'}), input);
  x = backbone.apply(x) as tfl.SymbolicTensor;
  x = applySymbolic(tfl.layers.globalAveragePooling2d({name: 'global_average_pooling2d'}), x);
  const init = new Rng(seed).fork('classifier_init');
  x = applySymbolic(tfl.layers.dense({
    units: classes, name: 'dense', kernelInitializer: seededGlorotUniform(init, 'dense'), biasInitializer: 'zeros',
  }), x);
  const model = tfl.model({inputs: input, outputs: x, name});
  model.setUserDefinedMetadata({
    consistencyTfjs: {builder: C, seed, ...(presetName === undefined ? {} : {preset: presetName})},
  });
  return model;
}
