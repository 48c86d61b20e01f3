/**
 * Typed errors of consistency-tfjs.
 *
 * Every error the library throws on purpose is a {@link ConsistencyError}. Messages follow one pattern,
 * `<Component>: <what is wrong>; got <value>. <how to fix>`, so that a user can act on them without
 * reading the source. Use the `isXxxError` guards rather than `instanceof` when errors may cross
 * realms or duplicate installs of the package: the guards also accept an error whose `name` matches.
 *
 * @module errors
 */

/** Options accepted by every error constructor. */
export interface ConsistencyErrorOptions {
  /** The underlying error, kept as `error.cause`. */
  readonly cause?: unknown;
}

/**
 * Base class of all errors thrown by consistency-tfjs.
 *
 * @example
 * ```ts
 * import {ConsistencyError, isConsistencyError} from 'consistency-tfjs';
 * try {
 *   throw new ConsistencyError('Example: something went wrong.');
 * } catch (e) {
 *   if (isConsistencyError(e)) console.error(e.message);
 * }
 * ```
 */
export class ConsistencyError extends Error {
  override name: string = 'ConsistencyError';
  constructor(message: string, options?: ConsistencyErrorOptions) {
    super(message, options?.cause === undefined ? undefined : {cause: options.cause});
    // Keeps `instanceof` working when the package is compiled to older targets.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * An argument has the wrong type, range or value. `argument` names it (e.g. `'magnitude'`).
 * @example
 * ```ts
 * import {InvalidArgumentError, isInvalidArgumentError} from 'consistency-tfjs';
 * const err: unknown = new InvalidArgumentError('RandAugment: `magnitude` must be <= 10; got 12.', {argument: 'magnitude'});
 * if (isInvalidArgumentError(err)) console.error(err.message);
 * ```
 */
export class InvalidArgumentError extends ConsistencyError {
  override name = 'InvalidArgumentError' as const;
  /** The offending argument's name, when known. */
  readonly argument: string | undefined;
  constructor(message: string, options?: ConsistencyErrorOptions & {argument?: string}) {
    super(message, options);
    this.argument = options?.argument;
  }
}

/**
 * A tensor or buffer has the wrong shape, rank or size.
 * @example
 * ```ts
 * import {ShapeError, isShapeError} from 'consistency-tfjs';
 * const err: unknown = new ShapeError('rotate: `images` must be rank 4 [N,H,W,3]; got shape [72,72].');
 * if (isShapeError(err)) console.error(err.message);
 * ```
 */
export class ShapeError extends ConsistencyError {
  override name = 'ShapeError' as const;
}

/**
 * A name was looked up in a registry that does not hold it.
 * @example
 * ```ts
 * import {UnknownOpError, isUnknownOpError} from 'consistency-tfjs';
 * const err: unknown = new UnknownOpError("RandAugment: unknown op 'Shear'. Did you mean 'ShearX'?", {op: 'Shear', known: ['ShearX', 'ShearY'], suggestion: 'ShearX'});
 * if (isUnknownOpError(err)) console.error(err.message);
 * ```
 */
export class UnknownOpError extends ConsistencyError {
  override name = 'UnknownOpError' as const;
  /** The name that was asked for. */
  readonly op: string;
  /** Every name the registry knows, sorted. */
  readonly known: readonly string[];
  /** The closest known name, if one is close. */
  readonly suggestion: string | undefined;
  constructor(message: string, details: {op: string; known: readonly string[]; suggestion?: string}, options?: ConsistencyErrorOptions) {
    super(message, options);
    this.op = details.op;
    this.known = details.known;
    this.suggestion = details.suggestion;
  }
}

/**
 * A name was registered twice without `{replace: true}`.
 * @example
 * ```ts
 * import {DuplicateOpError, isDuplicateOpError} from 'consistency-tfjs';
 * const err: unknown = new DuplicateOpError("OpRegistry: op 'Rotate' is already registered. Pass {replace: true} to override it.", {op: 'Rotate'});
 * if (isDuplicateOpError(err)) console.error(err.message);
 * ```
 */
export class DuplicateOpError extends ConsistencyError {
  override name = 'DuplicateOpError' as const;
  /** The duplicated name. */
  readonly op: string;
  constructor(message: string, details: {op: string}, options?: ConsistencyErrorOptions) {
    super(message, options);
    this.op = details.op;
  }
}

/**
 * Bytes could not be parsed; `offset` is the byte position where parsing failed.
 * @example
 * ```ts
 * import {ParseError, isParseError} from 'consistency-tfjs';
 * const err: unknown = new ParseError('parseNpy: bad magic at byte 0.', {offset: 0});
 * if (isParseError(err)) console.error(err.message);
 * ```
 */
export class ParseError extends ConsistencyError {
  override name = 'ParseError' as const;
  /** Byte offset of the problem in the parsed buffer. */
  readonly offset: number;
  constructor(message: string, details: {offset: number}, options?: ConsistencyErrorOptions) {
    super(message, options);
    this.offset = details.offset;
  }
}

/**
 * A file's hash does not match the published one.
 * @example
 * ```ts
 * import {ChecksumMismatchError, isChecksumMismatchError} from 'consistency-tfjs';
 * const err: unknown = new ChecksumMismatchError('download: checksum mismatch.', {path: '/tmp/a.tar', expected: 'aa', actual: 'bb', algorithm: 'md5'});
 * if (isChecksumMismatchError(err)) console.error(err.message);
 * ```
 */
export class ChecksumMismatchError extends ConsistencyError {
  override name = 'ChecksumMismatchError' as const;
  /** The file that was checked. */
  readonly path: string;
  /** The published hash (lowercase hex). */
  readonly expected: string;
  /** The hash of the bytes on disk (lowercase hex). */
  readonly actual: string;
  /** Hash algorithm, e.g. `'md5'` or `'sha256'`. */
  readonly algorithm: string;
  constructor(
    message: string,
    details: {path: string; expected: string; actual: string; algorithm: string},
    options?: ConsistencyErrorOptions,
  ) {
    super(message, options);
    this.path = details.path;
    this.expected = details.expected;
    this.actual = details.actual;
    this.algorithm = details.algorithm;
  }
}

/**
 * An object cannot be serialised or deserialised (config or weights).
 * @example
 * ```ts
 * import {NotSerializableError, isNotSerializableError} from 'consistency-tfjs';
 * const err: unknown = new NotSerializableError('SWA.fromConfig: the inner optimizer class is not registered.');
 * if (isNotSerializableError(err)) console.error(err.message);
 * ```
 */
export class NotSerializableError extends ConsistencyError {
  override name = 'NotSerializableError' as const;
}

/**
 * A download failed (HTTP status, network error, offline machine).
 * @example
 * ```ts
 * import {DownloadError, isDownloadError} from 'consistency-tfjs';
 * const err: unknown = new DownloadError('download: HTTP 503 from the server.', {url: 'https://example.org/a.tar', status: 503});
 * if (isDownloadError(err)) console.error(err.message);
 * ```
 */
export class DownloadError extends ConsistencyError {
  override name = 'DownloadError' as const;
  /** The URL that was requested. */
  readonly url: string;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  constructor(message: string, details: {url: string; status?: number}, options?: ConsistencyErrorOptions) {
    super(message, options);
    this.url = details.url;
    this.status = details.status;
  }
}

/**
 * A dataset could be found neither in `dataDir`, nor in the cache, nor downloaded.
 * @example
 * ```ts
 * import {DatasetNotFoundError, isDatasetNotFoundError} from 'consistency-tfjs';
 * const err: unknown = new DatasetNotFoundError('loadCifar10: no copy found.', {searched: ['/data/cifar']});
 * if (isDatasetNotFoundError(err)) console.error(err.message);
 * ```
 */
export class DatasetNotFoundError extends ConsistencyError {
  override name = 'DatasetNotFoundError' as const;
  /** Places that were searched, in order. */
  readonly searched: readonly string[];
  constructor(message: string, details: {searched: readonly string[]}, options?: ConsistencyErrorOptions) {
    super(message, options);
    this.searched = details.searched;
  }
}

/**
 * Training produced a NaN or infinite loss; the weights of the last good step are kept.
 * @example
 * ```ts
 * import {NonFiniteLossError, isNonFiniteLossError} from 'consistency-tfjs';
 * const err: unknown = new NonFiniteLossError('SelfTrainer: loss is NaN at epoch 1, batch 3.', {epoch: 0, batch: 2, value: NaN});
 * if (isNonFiniteLossError(err)) console.error(err.message);
 * ```
 */
export class NonFiniteLossError extends ConsistencyError {
  override name = 'NonFiniteLossError' as const;
  /** 0-based epoch of the failing batch. */
  readonly epoch: number;
  /** 0-based batch index inside the epoch. */
  readonly batch: number;
  /** The loss value that was observed (NaN or ±Infinity). */
  readonly value: number;
  constructor(message: string, details: {epoch: number; batch: number; value: number}, options?: ConsistencyErrorOptions) {
    super(message, options);
    this.epoch = details.epoch;
    this.batch = details.batch;
    this.value = details.value;
  }
}

/**
 * Teacher and student views of a batch do not belong to the same images (labels differ).
 * @example
 * ```ts
 * import {AlignmentError, isAlignmentError} from 'consistency-tfjs';
 * const err: unknown = new AlignmentError('SelfTrainer: clean and noisy labels differ in batch 4.');
 * if (isAlignmentError(err)) console.error(err.message);
 * ```
 */
export class AlignmentError extends ConsistencyError {
  override name = 'AlignmentError' as const;
}

/**
 * The active backend, optimizer or environment lacks a capability the call needs.
 * @example
 * ```ts
 * import {UnsupportedError, isUnsupportedError} from 'consistency-tfjs';
 * const err: unknown = new UnsupportedError('setLearningRate: this optimizer exposes no learning rate.');
 * if (isUnsupportedError(err)) console.error(err.message);
 * ```
 */
export class UnsupportedError extends ConsistencyError {
  override name = 'UnsupportedError' as const;
}

/**
 * Work was cancelled (for example by Ctrl-C or an `AbortSignal`).
 * @example
 * ```ts
 * import {AbortedError, isAbortedError} from 'consistency-tfjs';
 * const err: unknown = new AbortedError('fit: cancelled by the user.');
 * if (isAbortedError(err)) console.error(err.message);
 * ```
 */
export class AbortedError extends ConsistencyError {
  override name = 'AbortedError' as const;
}

/**
 * An object was used in a state that does not allow the call, for example SWA averages requested before the
 * first snapshot, or a training step while the averaged weights are swapped in.
 * @example
 * ```ts
 * import {StateError, isStateError} from 'consistency-tfjs';
 * const err: unknown = new StateError('SWA.assignAverageVars: no snapshot has been taken yet; got 0 snapshots.');
 * if (isStateError(err)) console.error(err.message);
 * ```
 */
export class StateError extends ConsistencyError {
  override name = 'StateError' as const;
}

function hasName(e: unknown, name: string): boolean {
  return typeof e === 'object' && e !== null && (e as {name?: unknown}).name === name;
}

/**
 * True when `e` is a consistency-tfjs error (by class, or by name across duplicate installs).
 * @param e Anything caught.
 * @returns Whether `e` is a {@link ConsistencyError}.
 * @example
 * ```ts
 * import {isConsistencyError} from 'consistency-tfjs';
 * console.log(isConsistencyError(new Error('x'))); // false
 * ```
 */
export function isConsistencyError(e: unknown): e is ConsistencyError {
  if (e instanceof ConsistencyError) return true;
  if (!(e instanceof Error)) return false;
  return ERROR_NAMES.has(e.name);
}

const ERROR_NAMES = new Set([
  'ConsistencyError', 'InvalidArgumentError', 'ShapeError', 'UnknownOpError', 'DuplicateOpError', 'ParseError',
  'ChecksumMismatchError', 'NotSerializableError', 'DownloadError', 'DatasetNotFoundError', 'NonFiniteLossError',
  'AlignmentError', 'UnsupportedError', 'AbortedError', 'StateError',
]);

/**
 * Guard for {@link InvalidArgumentError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isInvalidArgumentError} from 'consistency-tfjs';
 * console.log(isInvalidArgumentError(new Error('plain'))); // false
 * ```
 */
export function isInvalidArgumentError(e: unknown): e is InvalidArgumentError {
  return e instanceof InvalidArgumentError || hasName(e, 'InvalidArgumentError');
}
/**
 * Guard for {@link ShapeError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isShapeError} from 'consistency-tfjs';
 * console.log(isShapeError(new Error('plain'))); // false
 * ```
 */
export function isShapeError(e: unknown): e is ShapeError {
  return e instanceof ShapeError || hasName(e, 'ShapeError');
}
/**
 * Guard for {@link UnknownOpError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isUnknownOpError} from 'consistency-tfjs';
 * console.log(isUnknownOpError(new Error('plain'))); // false
 * ```
 */
export function isUnknownOpError(e: unknown): e is UnknownOpError {
  return e instanceof UnknownOpError || hasName(e, 'UnknownOpError');
}
/**
 * Guard for {@link DuplicateOpError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isDuplicateOpError} from 'consistency-tfjs';
 * console.log(isDuplicateOpError(new Error('plain'))); // false
 * ```
 */
export function isDuplicateOpError(e: unknown): e is DuplicateOpError {
  return e instanceof DuplicateOpError || hasName(e, 'DuplicateOpError');
}
/**
 * Guard for {@link ParseError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isParseError} from 'consistency-tfjs';
 * console.log(isParseError(new Error('plain'))); // false
 * ```
 */
export function isParseError(e: unknown): e is ParseError {
  return e instanceof ParseError || hasName(e, 'ParseError');
}
/**
 * Guard for {@link ChecksumMismatchError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isChecksumMismatchError} from 'consistency-tfjs';
 * console.log(isChecksumMismatchError(new Error('plain'))); // false
 * ```
 */
export function isChecksumMismatchError(e: unknown): e is ChecksumMismatchError {
  return e instanceof ChecksumMismatchError || hasName(e, 'ChecksumMismatchError');
}
/**
 * Guard for {@link NotSerializableError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isNotSerializableError} from 'consistency-tfjs';
 * console.log(isNotSerializableError(new Error('plain'))); // false
 * ```
 */
export function isNotSerializableError(e: unknown): e is NotSerializableError {
  return e instanceof NotSerializableError || hasName(e, 'NotSerializableError');
}
/**
 * Guard for {@link DownloadError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isDownloadError} from 'consistency-tfjs';
 * console.log(isDownloadError(new Error('plain'))); // false
 * ```
 */
export function isDownloadError(e: unknown): e is DownloadError {
  return e instanceof DownloadError || hasName(e, 'DownloadError');
}
/**
 * Guard for {@link DatasetNotFoundError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isDatasetNotFoundError} from 'consistency-tfjs';
 * console.log(isDatasetNotFoundError(new Error('plain'))); // false
 * ```
 */
export function isDatasetNotFoundError(e: unknown): e is DatasetNotFoundError {
  return e instanceof DatasetNotFoundError || hasName(e, 'DatasetNotFoundError');
}
/**
 * Guard for {@link NonFiniteLossError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isNonFiniteLossError} from 'consistency-tfjs';
 * console.log(isNonFiniteLossError(new Error('plain'))); // false
 * ```
 */
export function isNonFiniteLossError(e: unknown): e is NonFiniteLossError {
  return e instanceof NonFiniteLossError || hasName(e, 'NonFiniteLossError');
}
/**
 * Guard for {@link AlignmentError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isAlignmentError} from 'consistency-tfjs';
 * console.log(isAlignmentError(new Error('plain'))); // false
 * ```
 */
export function isAlignmentError(e: unknown): e is AlignmentError {
  return e instanceof AlignmentError || hasName(e, 'AlignmentError');
}
/**
 * Guard for {@link UnsupportedError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isUnsupportedError} from 'consistency-tfjs';
 * console.log(isUnsupportedError(new Error('plain'))); // false
 * ```
 */
export function isUnsupportedError(e: unknown): e is UnsupportedError {
  return e instanceof UnsupportedError || hasName(e, 'UnsupportedError');
}
/**
 * Guard for {@link AbortedError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isAbortedError} from 'consistency-tfjs';
 * console.log(isAbortedError(new Error('plain'))); // false
 * ```
 */
export function isAbortedError(e: unknown): e is AbortedError {
  return e instanceof AbortedError || hasName(e, 'AbortedError');
}
/**
 * Guard for {@link StateError}, true also for an error of that name from another copy of the package.
 * @param e Anything caught.
 * @example
 * ```ts
 * import {isStateError} from 'consistency-tfjs';
 * console.log(isStateError(new Error('plain'))); // false
 * ```
 */
export function isStateError(e: unknown): e is StateError {
  return e instanceof StateError || hasName(e, 'StateError');
}
