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

// optim: weight averaging (SWA, EMA), BatchNorm refresh, learning-rate schedules
export {StateError, isStateError} from './errors';
export {AveragingOptimizer} from './optim/averaging_optimizer';
export {SWA} from './optim/swa';
export {MovingAverage} from './optim/ema';
export {registerConsistencyClasses} from './optim/register';
export {updateBatchNormStatistics} from './optim/update_batch_norm';
export {AveragingCallback} from './optim/averaging_callback';
export {SwaCallback} from './optim/swa_callback';
export {EmaCallback} from './optim/ema_callback';
export {SWALR, ANNEAL_STRATEGIES} from './optim/swa_schedule';
export {LearningRateScheduler} from './optim/lr_scheduler';
export type {NamedTensor, ModelOrVariables} from './optim/averaging';
export type {SWAArgs} from './optim/swa';
export type {MovingAverageArgs} from './optim/ema';
export type {UpdateBatchNormOptions, UpdateBatchNormResult} from './optim/update_batch_norm';
export type {AveragingCallbackArgs, AveragingOutcome, SelectBy} from './optim/averaging_callback';
export type {SwaCallbackArgs} from './optim/swa_callback';
export type {EmaCallbackArgs} from './optim/ema_callback';
export type {SWALRArgs, AnnealStrategy} from './optim/swa_schedule';
export type {LearningRateSchedule, LearningRateSchedulerArgs} from './optim/lr_scheduler';
