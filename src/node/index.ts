/**
 * consistency-tfjs/node: the Node-only entry (file system, downloads, cache, backend selection).
 * @module consistency-tfjs/node
 */

export {selectBackend, DEFAULT_BACKEND_ORDER} from './backend';
export type {BackendCandidate, BackendChoice, BackendAttempt, SelectBackendArgs} from './backend';
export {fileSystem, registerFileSystemRouter} from './file_io';

// trainer (checkpoints and history files)
export {ModelCheckpoint} from './model_checkpoint';
export {saveCheckpoint, restoreCheckpoint} from './checkpoint_io';
export type {ModelCheckpointArgs} from './model_checkpoint';
export type {CheckpointState, CheckpointRngs} from './checkpoint_io';
export {historyFileLogger} from './history_file';
// data (CIFAR loaders, download, cache)
export {loadCifar10, loadCifar100} from './cifar';
export type {LoadCifar10Options, LoadCifar100Options, LoadedCifar} from './cifar';
export {loadCifar10C, loadCifar100C} from './cifar_c';
export type {LoadCifarCOptions, LoadedCifarC, CorruptedSplit} from './cifar_c';
export {downloadFile} from './download';
export type {DownloadFileOptions, DownloadProgress, DownloadResult} from './download';
export {defaultCacheDir, CACHE_ENV_VAR} from './cache';
export {DATASET_ARCHIVES, hashFile} from './checksums';
export type {ArchiveInfo, HashAlgorithm} from './checksums';
export type {DatasetSourceOptions} from './dataset_source';
