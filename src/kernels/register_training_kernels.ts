/**
 * Faster, missing or corrected gradient kernels for the pure-JavaScript CPU backend and the WebAssembly backend.
 *
 * Profiling one training step of a small ResNetV2 on `@tensorflow/tfjs-backend-cpu` shows most of the time in
 * its `Conv2DBackpropFilter` kernel and, once that is fixed, in the broadcasting, reduction, tiling and slicing
 * kernels of BatchNorm and zero-padding gradients, which fall onto the CPU backend's per-element index paths.
 * `@tensorflow/tfjs-backend-wasm` has no `Conv2DBackpropFilter` at all (so it cannot train a convolutional
 * network), a `Conv2DBackpropInput` far slower than its forward convolution, a slow `Tile`, and a `MaxPoolGrad`
 * that sends gradients to the wrong place in windows without a positive value.
 * {@link registerTrainingKernels} registers, in the tfjs kernel registry, kernels built from kernels the
 * backend already has (its `Conv2D`, `Transpose`, `BatchMatMul`, `Slice`, `PadV2`, `ArgMax`, `ScatterNd`,
 * …), called directly on the backend with every intermediate freed; on `cpu` the element-wise kernels also run
 * their own loops over the backend's float32 arrays for same-shape, per-channel and scalar operands. References: the convolution-gradient identities of
 * TensorFlow's `conv_grad_filter_ops.cc` / `conv_grad_input_ops.cc`; Dumoulin & Visin, "A guide to convolution
 * arithmetic for deep learning" (arXiv:1603.07285); the kernels replaced are tfjs 4.22's
 * `tfjs-backend-cpu/src/kernels/Conv2DBackpropFilter.ts` and `tfjs-backend-wasm/src/cc/kernels/
 * {Conv2DBackpropInput,MaxPoolGrad}.cc`.
 *
 * The state lives in the kernel registry itself: each registered config carries a mark holding the config it
 * replaced, so registering twice (even from two copies of this package) is a no-op, and
 * {@link unregisterTrainingKernels} puts the stock kernels back.
 *
 * Deviation: the gradient kernels and `Sum`/`Mean` equal the stock kernels (the CPU ones for `MaxPoolGrad`) to
 * float32 rounding, not bit for bit (sums run in another order); the others give the stock results exactly.
 * Deviation: the convolution kernels also honour an optional `dilations` attribute, which tfjs-core never
 * passes: its `Conv2D` gradient rejects dilations above 1 before any kernel runs, so dilated convolutions
 * still cannot be trained through `tf.grad`.
 *
 * @module kernels
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, UnsupportedError} from '../errors';
import {checkOneOf, describeValue} from '../internal/assert';
import {conv2dBackpropFilterKernel} from './conv2d_backprop_filter';
import {conv2dBackpropInputKernel} from './conv2d_backprop_input';
import {maxPoolGradKernel} from './max_pool_grad';
import {BROADCAST_BINARY_KERNELS, broadcastBinaryKernel} from './broadcast_binary';
import {broadcastTileKernel} from './broadcast_tile';
import {contiguousSliceKernel} from './contiguous_slice';
import {leadingAxesReductionKernel} from './leading_axes_reduction';
import {TRAINING_KERNEL_MARK, isMarked, type MarkedKernelConfig} from './kernel_calls';

/** Names of the kernels {@link registerTrainingKernels} can register. */
export type TrainingKernelName =
  | 'Conv2DBackpropFilter' | 'Conv2DBackpropInput' | 'MaxPoolGrad'
  | 'Multiply' | 'Add' | 'Sub' | 'RealDiv' | 'SquaredDifference' | 'Sum' | 'Mean' | 'Tile' | 'Slice';

/** Every kernel {@link registerTrainingKernels} knows, in registration order. */
export const TRAINING_KERNEL_NAMES: readonly TrainingKernelName[] = [
  'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad',
  'Multiply', 'Add', 'Sub', 'RealDiv', 'SquaredDifference', 'Sum', 'Mean', 'Tile', 'Slice',
];

interface KernelPlan {
  /** Stock kernels of the backend the replacement calls. */
  readonly needs: readonly string[];
  /** Builds the kernel function for a backend. */
  readonly make: (backendName: string) => tf.KernelFunc;
}

const PLANS: Record<TrainingKernelName, KernelPlan> = {
  Conv2DBackpropFilter: {
    needs: ['Conv2D', 'Transpose', 'Slice', 'StridedSlice', 'Reshape', 'BatchMatMul', 'Fill'],
    make: conv2dBackpropFilterKernel,
  },
  Conv2DBackpropInput: {
    needs: ['Conv2D', 'Transpose', 'Reverse', 'PadV2', 'Slice', 'Reshape', 'Concat', 'Fill'],
    make: conv2dBackpropInputKernel,
  },
  MaxPoolGrad: {
    needs: ['PadV2', 'Transpose', 'Reshape', 'Slice', 'Concat', 'ArgMax', 'OneHot', 'Cast', 'Multiply', 'ScatterNd', 'Fill'],
    make: maxPoolGradKernel,
  },
  ...Object.fromEntries(BROADCAST_BINARY_KERNELS.map((name) => [name, {
    needs: [name, 'Reshape'],
    make: (backendName: string) => broadcastBinaryKernel(name, backendName),
  }])) as unknown as Record<typeof BROADCAST_BINARY_KERNELS[number], KernelPlan>,
  Sum: {needs: ['Sum', 'Fill', 'BatchMatMul', 'Reshape'], make: (b) => leadingAxesReductionKernel('Sum', b)},
  Mean: {needs: ['Mean', 'RealDiv', 'Fill', 'BatchMatMul', 'Reshape'], make: (b) => leadingAxesReductionKernel('Mean', b)},
  Tile: {needs: ['Tile', 'Fill', 'Multiply', 'Reshape'], make: broadcastTileKernel},
  Slice: {needs: ['Slice', 'Reshape', 'Concat'], make: contiguousSliceKernel},
};

/**
 * The backends the kernels are written for, which kernels each gets, and why. Other backends are left alone.
 * On cpu, Conv2DBackpropInput and MaxPoolGrad stay stock: its own are correct and faster than compositions; on
 * wasm the element-wise kernels other than Tile are C code with fast broadcasting already.
 */
const BACKEND_KERNELS: Readonly<Record<string, Partial<Record<TrainingKernelName, TrainingKernelKind>>>> = {
  cpu: {
    Conv2DBackpropFilter: 'faster', Multiply: 'faster', Add: 'faster', Sub: 'faster', RealDiv: 'faster',
    SquaredDifference: 'faster', Sum: 'faster', Mean: 'faster', Tile: 'faster', Slice: 'faster',
  },
  wasm: {Conv2DBackpropFilter: 'missing', Conv2DBackpropInput: 'faster', MaxPoolGrad: 'corrected', Tile: 'faster'},
};

/** Why a training kernel is registered for a backend: see {@link TrainingKernelRegistration.kind}. */
export type TrainingKernelKind = 'faster' | 'corrected' | 'missing';

/** Options of {@link registerTrainingKernels}. */
export interface RegisterTrainingKernelsOptions {
  /** Backend to register for. Default: the active backend (`tf.getBackend()`). */
  readonly backend?: string;
  /**
   * Subset of {@link TRAINING_KERNEL_NAMES} to register. Default: every kernel offered for the backend; names not
   * offered for it are skipped (the result lists what is in place).
   */
  readonly kernels?: readonly TrainingKernelName[];
}

/** One kernel of this library in place for a backend. */
export interface TrainingKernelRegistration {
  /** tfjs kernel name, e.g. `'Conv2DBackpropFilter'`. */
  readonly kernelName: TrainingKernelName;
  /** Backend name, e.g. `'wasm'`. */
  readonly backendName: string;
  /**
   * `'faster'`: shadows a correct but slower stock kernel; `'corrected'`: shadows a stock kernel that gives wrong
   * results (the wasm `MaxPoolGrad`); `'missing'`: the backend had none.
   */
  readonly kind: TrainingKernelKind;
  /** False when an earlier call (or another copy of the package) had already registered it. */
  readonly newlyRegistered: boolean;
}

/**
 * Registers faster, missing or corrected gradient kernels for the active backend (or `options.backend`).
 *
 * On `cpu` it replaces `Conv2DBackpropFilter` (about 89% of a stock training step of a small ResNetV2) with
 * one built from the backend's own `Conv2D` and `BatchMatMul`, and gives `Multiply`, `Add`, `Sub`, `RealDiv`,
 * `SquaredDifference`, `Sum`, `Mean`, `Tile` and `Slice` fast paths for the shapes of BatchNorm and
 * zero-padding gradients (anything else goes to the stock kernel). On `wasm` it adds the
 * `Conv2DBackpropFilter` the backend lacks (so that convolutional networks can train there), replaces
 * `Conv2DBackpropInput` with one built from its XNNPACK `Conv2D`, `MaxPoolGrad` with a correct one, and speeds up
 * the broadcast case of `Tile`. On any other backend (`tensorflow` from tfjs-node, `webgl`, `webgpu`, …) it does
 * nothing and returns `[]`. Idempotent: a second call registers nothing new. Undo with
 * {@link unregisterTrainingKernels}.
 *
 * @param options See {@link RegisterTrainingKernelsOptions}.
 * @returns The library's kernels now in place for that backend (`newlyRegistered` tells which this call added).
 * @throws {@link InvalidArgumentError} on an unknown backend or kernel name.
 * @throws {@link UnsupportedError} when the backend lacks a kernel the replacement is built from.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {registerTrainingKernels} from 'consistency-tfjs';
 * await tf.setBackend('cpu');
 * for (const k of registerTrainingKernels()) console.log(`${k.backendName}: ${k.kernelName} (${k.kind})`);
 * ```
 */
export function registerTrainingKernels(options: RegisterTrainingKernelsOptions = {}): TrainingKernelRegistration[] {
  const component = 'registerTrainingKernels';
  const backendName = resolveBackend(component, options.backend);
  const wanted = options.kernels === undefined ? undefined : checkKernelNames(component, options.kernels);
  const offered = BACKEND_KERNELS[backendName] ?? {};
  const planned = TRAINING_KERNEL_NAMES.filter((k) => offered[k] !== undefined && (wanted === undefined || wanted.includes(k)));
  // Check every building block before touching the registry, so a failure leaves it unchanged.
  for (const kernelName of planned) {
    const missing = PLANS[kernelName].needs.filter((need) => tf.getKernel(need, backendName) === undefined);
    if (missing.length > 0) {
      throw new UnsupportedError(
        `${component}: backend '${backendName}' lacks the kernels ${missing.join(', ')} that the faster ` +
          `${kernelName} is built from; got ${tf.getKernelsForBackend(backendName).length} kernels registered for it. ` +
          `Import the backend's package (e.g. @tensorflow/tfjs-backend-${backendName}) before registering.`);
    }
  }
  const result: TrainingKernelRegistration[] = [];
  for (const kernelName of planned) {
    const current = tf.getKernel(kernelName, backendName);
    const stock = isMarked(current) ? current[TRAINING_KERNEL_MARK].stock : current;
    // A kernel written to fill a gap is not forced on a backend version that has its own.
    if (offered[kernelName] === 'missing' && stock !== undefined) continue;
    const kind: TrainingKernelKind = stock === undefined ? 'missing' : offered[kernelName] === 'corrected' ? 'corrected' : 'faster';
    if (isMarked(current)) {
      result.push({kernelName, backendName, kind, newlyRegistered: false});
      continue;
    }
    const config: MarkedKernelConfig = {
      kernelName,
      backendName,
      kernelFunc: PLANS[kernelName].make(backendName),
      // Keep the stock kernel's backend hooks, so the backend still sets it up when (re)initialised.
      ...(current?.setupFunc ? {setupFunc: current.setupFunc} : {}),
      ...(current?.disposeFunc ? {disposeFunc: current.disposeFunc} : {}),
      [TRAINING_KERNEL_MARK]: {stock: current},
    };
    if (current !== undefined) tf.unregisterKernel(kernelName, backendName); // avoids tfjs's overwrite warning
    tf.registerKernel(config);
    result.push({kernelName, backendName, kind, newlyRegistered: true});
  }
  return result;
}

/** Options of {@link unregisterTrainingKernels}. */
export interface UnregisterTrainingKernelsOptions {
  /** Only this backend. Default: every backend. */
  readonly backend?: string;
}

/** One kernel restored by {@link unregisterTrainingKernels}. */
export interface RestoredKernel {
  /** tfjs kernel name. */
  readonly kernelName: string;
  /** Backend name. */
  readonly backendName: string;
  /** `'stock'` when the backend's own kernel is back, `'none'` when the backend had none and has none again. */
  readonly restored: 'stock' | 'none';
}

/**
 * Removes the kernels registered by {@link registerTrainingKernels} (by any copy of this package) and puts the
 * backends' stock kernels back. A no-op when none is registered.
 *
 * @param options See {@link UnregisterTrainingKernelsOptions}.
 * @returns What was restored.
 * @throws {@link InvalidArgumentError} when `backend` is not a string.
 * @example
 * ```ts
 * import {registerTrainingKernels, unregisterTrainingKernels} from 'consistency-tfjs';
 * registerTrainingKernels({backend: 'cpu'});
 * console.log(unregisterTrainingKernels()); // [{kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', restored: 'stock'}, …]
 * ```
 */
export function unregisterTrainingKernels(options: UnregisterTrainingKernelsOptions = {}): RestoredKernel[] {
  const component = 'unregisterTrainingKernels';
  if (options.backend !== undefined && (typeof options.backend !== 'string' || options.backend === '')) {
    throw new InvalidArgumentError(
      `${component}: \`backend\` must be a backend name; got ${describeValue(options.backend)}. Omit it to restore every backend.`,
      {argument: 'backend'});
  }
  const backends = options.backend !== undefined
    ? [options.backend]
    : [...new Set([...Object.keys(BACKEND_KERNELS), ...Object.keys(tf.engine().registryFactory)])];
  const restored: RestoredKernel[] = [];
  for (const backendName of backends) {
    for (const config of tf.getKernelsForBackend(backendName)) {
      if (!isMarked(config)) continue;
      const stock = config[TRAINING_KERNEL_MARK].stock;
      tf.unregisterKernel(config.kernelName, backendName);
      if (stock !== undefined) tf.registerKernel(stock);
      restored.push({kernelName: config.kernelName, backendName, restored: stock === undefined ? 'none' : 'stock'});
    }
  }
  return restored;
}

function resolveBackend(component: string, backend: unknown): string {
  if (backend === undefined) return tf.getBackend();
  if (typeof backend !== 'string' || backend === '') {
    throw new InvalidArgumentError(
      `${component}: \`backend\` must be a backend name such as 'cpu' or 'wasm'; got ${describeValue(backend)}. ` +
        'Omit it to use the active backend.', {argument: 'backend'});
  }
  const known = Object.keys(tf.engine().registryFactory);
  if (!known.includes(backend) && tf.getKernelsForBackend(backend).length === 0) {
    throw new InvalidArgumentError(
      `${component}: unknown backend '${backend}'. Registered backends: ${known.map((b) => `'${b}'`).join(', ')}. ` +
        'Import the backend package first.', {argument: 'backend'});
  }
  return backend;
}

function checkKernelNames(component: string, kernels: unknown): TrainingKernelName[] {
  if (!Array.isArray(kernels)) {
    throw new InvalidArgumentError(
      `${component}: \`kernels\` must be an array of kernel names; got ${describeValue(kernels)}. ` +
        `Valid names: ${TRAINING_KERNEL_NAMES.join(', ')}.`, {argument: 'kernels'});
  }
  return kernels.map((k) => checkOneOf(component, 'kernels', k, TRAINING_KERNEL_NAMES));
}
