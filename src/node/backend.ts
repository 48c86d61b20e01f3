/**
 * Picks the fastest tfjs backend this process can use, and says which one and why.
 *
 * The library itself never imports a backend: this helper is the one place that loads one, lazily
 * and only when the application calls it. Candidates are tried in order; each optional package is
 * loaded with a dynamic `import()`, so a missing native addon costs one failed resolution, not a crash.
 * For training it registers the library's training kernels ({@link registerTrainingKernels}) on each
 * candidate before checking it, which makes the wasm backend able to train convolutional networks and the
 * CPU backend about ten times faster at it.
 *
 * @module node
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, UnsupportedError} from '../errors';
import {registerTrainingKernels, type TrainingKernelRegistration} from '../kernels/register_training_kernels';

/** A backend the helper knows how to load. */
export type BackendCandidate = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** The order tried by default: native GPU, native CPU, WebAssembly, pure JavaScript. */
export const DEFAULT_BACKEND_ORDER: readonly BackendCandidate[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

const PACKAGES: Record<BackendCandidate, {pkg: string; backend: string}> = {
  'tensorflow-gpu': {pkg: '@tensorflow/tfjs-node-gpu', backend: 'tensorflow'},
  tensorflow: {pkg: '@tensorflow/tfjs-node', backend: 'tensorflow'},
  wasm: {pkg: '@tensorflow/tfjs-backend-wasm', backend: 'wasm'},
  cpu: {pkg: '@tensorflow/tfjs-backend-cpu', backend: 'cpu'},
};

/** Kernels a backend needs to train convolutional networks. */
const TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as const;

/** Options of {@link selectBackend}. */
export interface SelectBackendArgs {
  /** Candidates in order of preference. Default {@link DEFAULT_BACKEND_ORDER}; the env var `CONSISTENCY_TFJS_BACKEND` (one name) overrides it. */
  readonly candidates?: readonly BackendCandidate[];
  /** `'train'` (default) skips backends that lack the gradient kernels of convolution; `'inference'` does not. */
  readonly purpose?: 'train' | 'inference';
  /**
   * With `purpose: 'train'`, register the library's training kernels ({@link registerTrainingKernels}) on each
   * activated candidate before checking it: the wasm backend gets the `Conv2DBackpropFilter` it lacks, the CPU
   * backend a faster one. Default `true`; `false` leaves every backend's stock kernels alone.
   */
  readonly trainingKernels?: boolean;
  /**
   * Called after a backend is activated (and its training kernels registered) and before its kernels are
   * checked, e.g. to register kernels of your own. Its return value is ignored.
   */
  readonly prepare?: (backend: string) => unknown;
  /** Receives one line per decision; default: nothing is printed. */
  readonly log?: (line: string) => void;
  /** Loader for a package name; default dynamic `import()`. Injected by tests. */
  readonly importer?: (pkg: string) => Promise<unknown>;
}

/** One candidate that was tried. */
export interface BackendAttempt {
  /** Candidate name. */
  readonly candidate: BackendCandidate;
  /** npm package that provides it. */
  readonly package: string;
  /** Whether it was selected. */
  readonly ok: boolean;
  /** Why it was selected or skipped. */
  readonly reason: string;
}

/** What {@link selectBackend} chose. */
export interface BackendChoice {
  /** The active tfjs backend name (`tf.getBackend()`), e.g. `'cpu'`. */
  readonly backend: string;
  /** The candidate that won. */
  readonly candidate: BackendCandidate;
  /** npm package that provides it. */
  readonly package: string;
  /** tfjs-core version in use. */
  readonly tfjsVersion: string;
  /** One-sentence explanation, fit for a log line. */
  readonly reason: string;
  /** The library's training kernels in place for the chosen backend (empty for `'inference'` or when turned off). */
  readonly trainingKernels: readonly TrainingKernelRegistration[];
  /** Every candidate tried, in order. */
  readonly attempts: readonly BackendAttempt[];
}

/**
 * Activates the first candidate backend that loads (and, for training, has the convolution gradient kernels,
 * after the library's training kernels are registered on it).
 *
 * @param args See {@link SelectBackendArgs}.
 * @returns The choice and the reasons for every skipped candidate.
 * @throws `UnsupportedError` when no candidate can be used.
 * @throws `InvalidArgumentError` on an unknown candidate name.
 * @example
 * ```ts
 * import {selectBackend} from 'consistency-tfjs/node';
 * const choice = await selectBackend({log: console.log});
 * console.log(`backend ${choice.backend}: ${choice.reason}`);
 * ```
 */
export async function selectBackend(args: SelectBackendArgs = {}): Promise<BackendChoice> {
  const envChoice = typeof process !== 'undefined' ? process.env['CONSISTENCY_TFJS_BACKEND'] : undefined;
  const candidates: readonly string[] = envChoice ? [envChoice] : (args.candidates ?? DEFAULT_BACKEND_ORDER);
  const purpose = args.purpose ?? 'train';
  if (purpose !== 'train' && purpose !== 'inference') {
    throw new InvalidArgumentError(`selectBackend: \`purpose\` must be 'train' or 'inference'; got '${String(purpose)}'.`, {argument: 'purpose'});
  }
  const withKernels = args.trainingKernels ?? true;
  if (typeof withKernels !== 'boolean') {
    throw new InvalidArgumentError(
      `selectBackend: \`trainingKernels\` must be true or false; got ${String(withKernels)}. Omit it to register them.`,
      {argument: 'trainingKernels'});
  }
  const importer = args.importer ?? ((pkg: string) => import(pkg));
  const log = args.log ?? (() => undefined);
  const attempts: BackendAttempt[] = [];
  const known = Object.keys(PACKAGES);
  for (const name of candidates) {
    if (!known.includes(name)) {
      throw new InvalidArgumentError(
        `selectBackend: unknown backend '${name}'${envChoice ? ' (from CONSISTENCY_TFJS_BACKEND)' : ''}. Valid names: ${known.join(', ')}.`,
        {argument: 'candidates'});
    }
    const candidate = name as BackendCandidate;
    const {pkg, backend} = PACKAGES[candidate];
    const skip = (reason: string) => {
      attempts.push({candidate, package: pkg, ok: false, reason});
      log(`backend ${candidate}: skipped (${reason})`);
    };
    try {
      await importer(pkg);
    } catch (e) {
      const code = (e as {code?: string}).code;
      skip(code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
        ? `${pkg} is not installed`
        : `${pkg} failed to load: ${firstLine(e)}`);
      continue;
    }
    let activated = false;
    try {
      activated = await tf.setBackend(backend);
      if (activated) await tf.ready();
    } catch (e) {
      skip(`${pkg} loaded but backend '${backend}' failed to initialise: ${firstLine(e)}`);
      continue;
    }
    if (!activated) {
      skip(`${pkg} loaded but backend '${backend}' failed to initialise`);
      continue;
    }
    let kernels: TrainingKernelRegistration[] = [];
    let kernelNote = '';
    if (purpose === 'train' && withKernels) {
      try {
        kernels = registerTrainingKernels({backend});
        if (kernels.length > 0) log(`backend ${candidate}: training kernels ${describeKernels(kernels)}`);
      } catch (e) {
        kernelNote = `; its training kernels could not be registered: ${firstLine(e)}`;
        log(`backend ${candidate}: training kernels not registered (${firstLine(e)})`);
      }
    }
    if (args.prepare) args.prepare(backend);
    if (purpose === 'train') {
      const missing = TRAINING_KERNELS.filter((k) => tf.getKernel(k, backend) === undefined);
      if (missing.length > 0) {
        skip(`backend '${backend}' lacks ${missing.join(', ')}, so it cannot train convolutional networks${kernelNote}`);
        continue;
      }
    }
    const skipped = attempts.map((a) => `${a.candidate}: ${a.reason}`);
    const reason = `using '${backend}' from ${pkg}` +
      (kernels.length ? ` with training kernels ${describeKernels(kernels)}` : '') + kernelNote +
      (skipped.length ? ` (${skipped.join('; ')})` : ' (first choice)');
    attempts.push({candidate, package: pkg, ok: true, reason: 'selected'});
    log(`backend ${candidate}: selected`);
    return {
      backend: tf.getBackend(), candidate, package: pkg, tfjsVersion: tf.version_core, reason, trainingKernels: kernels,
      attempts,
    };
  }
  throw new UnsupportedError(
    `selectBackend: no usable backend among ${candidates.join(', ')}. ` +
      attempts.map((a) => `${a.candidate}: ${a.reason}`).join('; ') +
      '. Install @tensorflow/tfjs-backend-cpu (pure JavaScript, works everywhere) or @tensorflow/tfjs-node.');
}

/** `Conv2DBackpropFilter (missing); MaxPoolGrad (corrected); Conv2DBackpropInput, Tile (faster)`. */
function describeKernels(kernels: readonly TrainingKernelRegistration[]): string {
  return (['missing', 'corrected', 'faster'] as const)
    .map((kind) => [kind, kernels.filter((k) => k.kind === kind).map((k) => k.kernelName)] as const)
    .filter(([, names]) => names.length > 0)
    .map(([kind, names]) => `${names.join(', ')} (${kind})`)
    .join('; ');
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] ?? msg;
}
