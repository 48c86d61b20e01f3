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

// kernels
export {registerTrainingKernels, unregisterTrainingKernels, TRAINING_KERNEL_NAMES} from './kernels/register_training_kernels';
export type {
  TrainingKernelName, TrainingKernelKind, RegisterTrainingKernelsOptions, TrainingKernelRegistration,
  UnregisterTrainingKernelsOptions, RestoredKernel,
} from './kernels/register_training_kernels';
