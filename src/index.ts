/**
 * consistency-tfjs: consistency-training primitives for TensorFlow.js.
 *
 * This entry point is browser-safe: it imports only `@tensorflow/tfjs-core` and
 * `@tensorflow/tfjs-layers`. File-system loaders and the backend helper live in `consistency-tfjs/node`.
 *
 * Explicit named exports only, grouped by module.
 * @module consistency-tfjs
 */

export {VERSION} from './version';

// errors
export {
  ConsistencyError, InvalidArgumentError, ShapeError, UnknownOpError, DuplicateOpError, ParseError,
  ChecksumMismatchError, NotSerializableError, DownloadError, DatasetNotFoundError, NonFiniteLossError,
  AlignmentError, UnsupportedError, AbortedError,
  isConsistencyError, isInvalidArgumentError, isShapeError, isUnknownOpError, isDuplicateOpError, isParseError,
  isChecksumMismatchError, isNotSerializableError, isDownloadError, isDatasetNotFoundError, isNonFiniteLossError,
  isAlignmentError, isUnsupportedError, isAbortedError,
} from './errors';
export type {ConsistencyErrorOptions} from './errors';

// random
export {Rng, normalizeSeed, randomSeed} from './random/rng';
export type {RngState} from './random/rng';

// optim
export {getLearningRate, setLearningRate} from './optim/learning_rate';
export {disposeOptimizer} from './optim/dispose_optimizer';
export type {LearningRateControl} from './optim/learning_rate';

// data
export {iterateBatches, disposeBatch} from './data/batch_source';
export type {BatchSource, ImageBatch, ViewBatch, AnyIterator} from './data/batch_source';

// train
export {TrainingCallback, portFromModel} from './train/callbacks/callback';
export type {TrainingPort} from './train/callbacks/callback';

// models
export {residualBlockV2, stackResidualBlocksV2, RESNET_BN_EPSILON} from './models/resnet_v2_blocks';
export type {ResidualBlockV2Args, StackResidualBlocksV2Args} from './models/resnet_v2_blocks';
export {resNetV2, RESNET_MIN_INPUT_SIZE} from './models/resnet_v2';
export type {ResNetV2Args, ResNetV2Stem, ResNetV2Pooling, ClassifierActivation} from './models/resnet_v2';
export {resNet50V2, resNetV2Preset, listResNetV2Presets, getResNetV2Preset} from './models/presets';
export type {ResNetV2Preset, ResNetV2PresetArgs, ResNetV2Architecture} from './models/presets';
export {buildClassifier} from './models/classifier';
export type {BuildClassifierArgs} from './models/classifier';
