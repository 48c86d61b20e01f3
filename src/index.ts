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

// augment
export {autoContrast} from './augment/ops/auto_contrast';
export {equalize} from './augment/ops/equalize';
export {invert} from './augment/ops/invert';
export {posterize} from './augment/ops/posterize';
export {solarize} from './augment/ops/solarize';
export {solarizeAdd} from './augment/ops/solarize_add';
export {color} from './augment/ops/color';
export {contrast} from './augment/ops/contrast';
export {brightness} from './augment/ops/brightness';
export {sharpness} from './augment/ops/sharpness';
export {rotate} from './augment/ops/rotate';
export {shearX} from './augment/ops/shear_x';
export {shearY} from './augment/ops/shear_y';
export {translateX} from './augment/ops/translate_x';
export {translateY} from './augment/ops/translate_y';
export {cutout} from './augment/ops/cutout';
export {OpRegistry, createOpRegistry, defaultOpRegistry} from './augment/registry';
export type {RegisterOptions} from './augment/registry';
export {RandAugment} from './augment/rand_augment';
export type {RandAugmentArgs} from './augment/rand_augment';
export {parseRandAugmentConfig, formatRandAugmentConfig, DEFAULT_RANDAUGMENT_CONFIG} from './augment/config_string';
export type {RandAugmentConfig} from './augment/config_string';
export {IDENTITY, FILL_MODES} from './augment/types';
export type {
  PerImage, FillMode, GeometryOptions, CutoutOptions, OpContext, OpArgs, AugmentOp, PlanStep, RandAugmentPlan,
} from './augment/types';
