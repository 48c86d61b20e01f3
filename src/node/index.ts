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
