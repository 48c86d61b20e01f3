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

// data (CIFAR parsers, pipeline, synthetic dataset)
export {CIFAR10_CLASSES, CIFAR100_FINE_CLASSES, CIFAR100_COARSE_CLASSES, CIFAR100_FINE_TO_COARSE} from './data/cifar_classes';
export {CIFAR10C_CORRUPTIONS, CIFAR10C_BENCHMARK_CORRUPTIONS, CIFAR10C_ALIASES, resolveCorruption} from './data/corruptions';
export {CIFAR_IMAGE_SIZE, CIFAR_IMAGE_BYTES, subsetSplit, concatSplits, splitToBatch} from './data/cifar_split';
export type {CifarSplit, CifarDataset} from './data/cifar_split';
export {parseCifarBinary} from './data/cifar_binary';
export type {CifarVariant, ParseCifarBinaryOptions} from './data/cifar_binary';
export {parseNpy, parseNpyHeader} from './data/npy';
export type {NpyArray, NpyData, NpyHeader, ParseNpyOptions} from './data/npy';
export {readTar} from './data/tar';
export {TarStreamReader} from './data/tar_stream';
export type {TarEntry, TarEntryType, TarFile, ReadTarOptions} from './data/tar';
export {sampleCropFlip, preprocessTrain, preprocessTest} from './data/preprocess';
export type {CropFlipOptions, CropFlipPlan} from './data/preprocess';
export {cifarBatches} from './data/pipeline';
export type {CifarBatchesOptions, CifarBatchSource, CifarBatchOf, NoisyViewFn} from './data/pipeline';
export {trainValidationSplit} from './data/split';
export type {TrainValidationSplitOptions} from './data/split';
export {prefetch} from './data/prefetch';
export type {PrefetchOptions} from './data/prefetch';
export {syntheticShapes10, SYNTHETIC_SHAPES_CLASSES, SYNTHETIC_SHAPES_NAME} from './data/synthetic';
export type {SyntheticShapesOptions, SyntheticDataset} from './data/synthetic';
