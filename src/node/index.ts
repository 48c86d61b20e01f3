/**
 * consistency-tfjs/node: the Node-only entry (file system, downloads, cache, backend selection).
 * @module consistency-tfjs/node
 */

export {selectBackend, DEFAULT_BACKEND_ORDER} from './backend';
export type {BackendCandidate, BackendChoice, BackendAttempt, SelectBackendArgs} from './backend';
export {fileSystem, registerFileSystemRouter} from './file_io';

// trainer (checkpoints and history files)
export {ModelCheckpoint, saveCheckpoint, restoreCheckpoint} from './model_checkpoint';
export type {ModelCheckpointArgs, CheckpointState, CheckpointRngs} from './model_checkpoint';
export {historyFileLogger} from './history_file';
