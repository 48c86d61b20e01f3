/**
 * Plumbing shared by the training kernels: the marker that tags a kernel config registered by this library
 * (so that the state lives in the tfjs kernel registry itself, shared by every copy of the package), the
 * lookup of a backend's *stock* kernel, and a small scope that calls a backend's kernel functions directly
 * and frees the intermediate backend data they produce.
 *
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {UnsupportedError} from '../errors';

/**
 * Property set on every kernel config this library registers. A string key (not a module-local symbol), so that
 * a second copy of the package recognises the first copy's registrations.
 * @internal
 */
export const TRAINING_KERNEL_MARK = '__consistencyTfjsTrainingKernel';

/** What the mark records: the config that was registered before ours (undefined when the backend had none). @internal */
export interface TrainingKernelMark {
  readonly stock: tf.KernelConfig | undefined;
}

/** A kernel config carrying the mark. @internal */
export type MarkedKernelConfig = tf.KernelConfig & {readonly [TRAINING_KERNEL_MARK]: TrainingKernelMark};

/** Whether `config` was registered by (any copy of) this library. @internal */
export function isMarked(config: tf.KernelConfig | undefined): config is MarkedKernelConfig {
  if (config === undefined) return false;
  const mark = (config as unknown as Record<string, unknown>)[TRAINING_KERNEL_MARK];
  return typeof mark === 'object' && mark !== null;
}

/** The backend's own kernel for `kernelName`, looking through a config registered by this library. @internal */
export function stockKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  const config = tf.getKernel(kernelName, backendName);
  return isMarked(config) ? config[TRAINING_KERNEL_MARK].stock : config;
}

/** Attributes passed to a kernel function. @internal */
export type Attrs = Record<string, unknown>;

/**
 * Runs a backend's stock kernel functions on `TensorInfo`s, outside the engine (no tape, no profiler entry),
 * and remembers every output so that {@link KernelCalls.dispose} frees them. Use as
 * `const calls = new KernelCalls(...); try { ...; return calls.keep(result); } finally { calls.dispose(); }`.
 * @internal
 */
export class KernelCalls {
  private readonly temps: tf.TensorInfo[] = [];

  constructor(
    private readonly backend: tf.KernelBackend,
    /** Name of the backend whose kernels are called. */
    readonly backendName: string,
    private readonly component: string,
  ) {}

  /** Calls the backend's stock kernel `kernelName` and tracks its output. */
  run(kernelName: string, inputs: Record<string, tf.TensorInfo> | tf.TensorInfo[], attrs: Attrs = {}): tf.TensorInfo {
    const config = stockKernel(kernelName, this.backendName);
    if (config === undefined) {
      throw new UnsupportedError(
        `${this.component}: backend '${this.backendName}' has no '${kernelName}' kernel; got none registered. ` +
          'Call unregisterTrainingKernels() to restore the stock kernels.');
    }
    const out = config.kernelFunc({
      inputs: inputs as unknown as tf.NamedTensorInfoMap,
      attrs: attrs as unknown as tf.NamedAttrMap,
      backend: this.backend,
    });
    const info = Array.isArray(out) ? out[0] : out;
    if (info === undefined) throw new UnsupportedError(`${this.component}: kernel '${kernelName}' returned no output.`);
    this.temps.push(info);
    return info;
  }

  /** A float32 tensor of zeros, built with the backend's `Fill` kernel. */
  zeros(shape: readonly number[]): tf.TensorInfo {
    return this.run('Fill', {}, {shape: [...shape], value: 0, dtype: 'float32'});
  }

  /**
   * A constant uploaded to the backend (e.g. an index table computed on the host), tracked like an intermediate.
   * The backend may keep `values` by reference: do not modify the array afterwards.
   */
  constant(values: Int32Array | Float32Array, shape: readonly number[]): tf.TensorInfo {
    const dtype = values instanceof Int32Array ? 'int32' : 'float32';
    const info = {dataId: this.backend.write(values, [...shape], dtype), shape: [...shape], dtype} as tf.TensorInfo;
    this.temps.push(info);
    return info;
  }

  /** Transposes `x` by `perm`, or returns `x` itself when `perm` is the identity. */
  transpose(x: tf.TensorInfo, perm: readonly number[]): tf.TensorInfo {
    if (perm.every((p, i) => p === i)) return x;
    return this.run('Transpose', {x}, {perm: [...perm]});
  }

  /** Reshapes `x` (shares its data where the backend allows). */
  reshape(x: tf.TensorInfo, shape: readonly number[]): tf.TensorInfo {
    return this.run('Reshape', {x}, {shape: [...shape]});
  }

  /** Removes `info` from the intermediates, so that it survives {@link dispose}; returns it. */
  keep(info: tf.TensorInfo): tf.TensorInfo {
    const i = this.temps.lastIndexOf(info);
    if (i >= 0) this.temps.splice(i, 1);
    return info;
  }

  /** Frees every tracked intermediate (a reshape shares data by reference count, so this is safe). */
  dispose(): void {
    for (const info of this.temps.splice(0)) this.backend.disposeData(info.dataId);
  }
}
