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

// corrupt (CIFAR-C-style corruption generator) and robustness evaluation
export {corrupt, corruptPixels} from './corrupt/corrupt';
export {CORRUPTIONS, corruptionNames, getCorruptionInfo} from './corrupt/registry';
export {corruptGaussianNoise, corruptShotNoise, corruptImpulseNoise, corruptSpeckleNoise} from './corrupt/noise';
export {corruptGaussianBlur, corruptGlassBlur, corruptDefocusBlur} from './corrupt/blur';
export {corruptMotionBlur} from './corrupt/motion_blur';
export {corruptZoomBlur} from './corrupt/zoom_blur';
export {corruptFog} from './corrupt/fog';
export {corruptSnow} from './corrupt/snow';
export {corruptFrost} from './corrupt/frost';
export {corruptSpatter} from './corrupt/spatter';
export {corruptBrightness, corruptSaturate, corruptContrast} from './corrupt/color';
export {corruptPixelate} from './corrupt/pixelate';
export {corruptJpegCompression} from './corrupt/jpeg';
export {corruptElasticTransform} from './corrupt/elastic';
export type {
  CorruptionName, CorruptionFamily, CorruptionInfo, CorruptionParams, CorruptionParamValue, CorruptOptions, FrostImage,
} from './corrupt/types';
export type {CorruptionFilter} from './corrupt/registry';
export type {GaussianNoiseParams, ShotNoiseParams, ImpulseNoiseParams, SpeckleNoiseParams} from './corrupt/noise';
export type {GaussianBlurParams, GlassBlurParams, DefocusBlurParams} from './corrupt/blur';
export type {MotionBlurParams} from './corrupt/motion_blur';
export type {ZoomBlurParams} from './corrupt/zoom_blur';
export type {FogParams} from './corrupt/fog';
export type {SnowParams} from './corrupt/snow';
export type {FrostParams} from './corrupt/frost';
export type {SpatterParams} from './corrupt/spatter';
export type {BrightnessParams, SaturateParams, ContrastParams} from './corrupt/color';
export type {PixelateParams} from './corrupt/pixelate';
export type {JpegCompressionParams} from './corrupt/jpeg';
export type {ElasticTransformParams} from './corrupt/elastic';
export {evaluateRobustness} from './eval/robustness';
export {corruptionError} from './eval/corruption_error';
export {ROBUSTNESS_PRESETS} from './eval/presets';
export type {
  RobustnessOptions, RobustnessResult, RobustnessCell, RobustnessProgress, LabeledImages, CorruptedSource, AccuracySummary,
} from './eval/robustness';
export type {CorruptionErrorResult} from './eval/corruption_error';
export type {RobustnessPreset} from './eval/presets';
export type {Predictor, PredictFn} from './eval/accuracy';

// trainer: distillation losses, SelfTrainer / SupervisedTrainer and their callbacks (issue 7)
export {
  klDivergence, softCrossEntropy, meanSquaredError, jensenShannon, reducePerSample,
} from './losses/distillation';
export type {
  DistillationLoss, DistillationLossOptions, KlDivergenceOptions, MeanSquaredErrorOptions,
} from './losses/distillation';
export {sparseSoftmaxCrossEntropy} from './losses/sparse_cross_entropy';
export type {SupervisedLoss} from './losses/sparse_cross_entropy';
export {SelfTrainer} from './train/self_trainer';
export type {
  SelfTrainerArgs, SelfTrainerCompileArgs, SelfTrainerFitArgs, DistillationLossName,
} from './train/self_trainer';
export type {SelfTrainingBatch, ZippedViewBatch} from './train/view_batch';
export {SupervisedTrainer} from './train/supervised_trainer';
export type {SupervisedTrainerCompileArgs, SupervisedTrainerFitArgs} from './train/supervised_trainer';
export type {AugmentFn, EvaluateArgs, EvaluateResult, MetricSpec, TrainerMetric} from './train/compile_options';
export type {CallbackHooks, FitArgs, Logs} from './train/fit_loop';
export {History} from './train/history';
export {MonitorCallback, resolveMonitorMode} from './train/callbacks/monitor';
export type {MonitorCallbackArgs, EpochLogs} from './train/callbacks/monitor';
export {EarlyStopping} from './train/callbacks/early_stopping';
export type {EarlyStoppingArgs} from './train/callbacks/early_stopping';
export {ReduceLROnPlateau} from './train/callbacks/reduce_lr_on_plateau';
export type {ReduceLROnPlateauArgs} from './train/callbacks/reduce_lr_on_plateau';
export {ProgressBar} from './train/callbacks/progress_bar';
export type {ProgressBarArgs, ProgressStream} from './train/callbacks/progress_bar';
export {HistoryLogger} from './train/callbacks/history_logger';
export type {HistoryLoggerArgs} from './train/callbacks/history_logger';
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
export {IDENTITY, FILL_MODES, RANDAUGMENT_IMPLEMENTATIONS} from './augment/types';
export type {
  PerImage, FillMode, GeometryOptions, CutoutOptions, OpContext, OpArgs, AugmentOp, PlanStep, RandAugmentPlan,
  RandAugmentImplementation,
} from './augment/types';

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
// models
export {residualBlockV2, stackResidualBlocksV2, RESNET_BN_EPSILON} from './models/resnet_v2_blocks';
export type {ResidualBlockV2Args, StackResidualBlocksV2Args} from './models/resnet_v2_blocks';
export {resNetV2, RESNET_MIN_INPUT_SIZE} from './models/resnet_v2';
export type {ResNetV2Args, ResNetV2Stem, ResNetV2Pooling, ClassifierActivation} from './models/resnet_v2';
export {resNet50V2, resNetV2Preset, listResNetV2Presets, getResNetV2Preset} from './models/presets';
export type {ResNetV2Preset, ResNetV2PresetArgs, ResNetV2Architecture} from './models/presets';
export {buildClassifier} from './models/classifier';
export type {BuildClassifierArgs} from './models/classifier';
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

// kernels
export {registerTrainingKernels, unregisterTrainingKernels, TRAINING_KERNEL_NAMES} from './kernels/register_training_kernels';
export type {
  TrainingKernelName, TrainingKernelKind, RegisterTrainingKernelsOptions, TrainingKernelRegistration,
  UnregisterTrainingKernelsOptions, RestoredKernel,
} from './kernels/register_training_kernels';
