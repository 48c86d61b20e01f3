import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  TRAINING_KERNEL_NAMES, registerTrainingKernels, unregisterTrainingKernels,
} from '../../src/kernels/register_training_kernels';
import {InvalidArgumentError, UnsupportedError} from '../../src/errors';
import {Rng} from '../../src/random/rng';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';
import {useBackend} from './conv_cases';

afterEach(() => {
  unregisterTrainingKernels();
});

describe('registerTrainingKernels', () => {
  it('replaces the CPU Conv2DBackpropFilter and the BatchNorm-path kernels, and says so', () => {
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    expect(stock).toBeDefined();
    const cpuKernels = ['Conv2DBackpropFilter', 'Multiply', 'Add', 'Sub', 'RealDiv', 'SquaredDifference', 'Sum', 'Mean', 'Tile', 'Slice'];
    expect(registerTrainingKernels()).toEqual(cpuKernels.map((kernelName) =>
      ({kernelName, backendName: 'cpu', kind: 'faster', newlyRegistered: true})));
    const ours = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    expect(ours).not.toBe(stock);
    expect(ours?.kernelName).toBe('Conv2DBackpropFilter');
    // The CPU backend keeps its own Conv2DBackpropInput and MaxPoolGrad: correct, and faster than compositions.
    const marked = tf.getKernelsForBackend('cpu').filter((k) => '__consistencyTfjsTrainingKernel' in k).map((k) => k.kernelName);
    expect(marked.sort()).toEqual([...cpuKernels].sort());
    expect(TRAINING_KERNEL_NAMES).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', ...cpuKernels.slice(1)]);
  });

  it('is idempotent: a second call registers nothing and triggers no tfjs overwrite warning', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const wasTest = tf.env().getBool('IS_TEST');
    tf.env().set('IS_TEST', false); // let tfjs print its "already registered" warning if it would
    try {
      expect(registerTrainingKernels({backend: 'cpu'})).toHaveLength(10);
      const first = tf.getKernel('Conv2DBackpropFilter', 'cpu');
      const again = registerTrainingKernels({backend: 'cpu'});
      expect(again).toHaveLength(10);
      expect(again.every((k) => !k.newlyRegistered)).toBe(true);
      expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(first);
      expect(warn.mock.calls.filter((c) => String(c[0]).includes('already registered'))).toEqual([]);
    } finally {
      tf.env().set('IS_TEST', wasTest);
      warn.mockRestore();
    }
  });

  it('is reversible: unregisterTrainingKernels puts back the very same stock config', () => {
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    const stockSum = tf.getKernel('Sum', 'cpu');
    registerTrainingKernels();
    const restored = unregisterTrainingKernels();
    expect(restored).toHaveLength(10);
    expect(restored[0]).toEqual({kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', restored: 'stock'});
    expect(restored.every((r) => r.restored === 'stock')).toBe(true);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(stock);
    expect(tf.getKernel('Sum', 'cpu')).toBe(stockSum);
    expect(unregisterTrainingKernels()).toEqual([]);
    expect(unregisterTrainingKernels({backend: 'cpu'})).toEqual([]);
  });

  it('keeps its state in the kernel registry, so a second copy of the package sees it', () => {
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    registerTrainingKernels();
    let other: typeof import('../../src/kernels/register_training_kernels') | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      other = require('../../src/kernels/register_training_kernels');
    });
    if (!other) throw new Error('isolateModules did not load the module');
    expect(other.registerTrainingKernels).not.toBe(registerTrainingKernels);
    const seen = other.registerTrainingKernels({backend: 'cpu'});
    expect(seen).toHaveLength(10);
    expect(seen.every((k) => !k.newlyRegistered)).toBe(true);
    expect(other.unregisterTrainingKernels()).toHaveLength(10);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(stock);
  });

  it('registers a subset on request and validates kernel names', async () => {
    expect(registerTrainingKernels({kernels: []})).toEqual([]);
    expect(registerTrainingKernels({kernels: ['Conv2DBackpropInput']})).toEqual([]); // not offered on cpu
    expect(registerTrainingKernels({kernels: ['Conv2DBackpropFilter']})).toHaveLength(1);
    const err = await expectNoLeakOnThrow(() => registerTrainingKernels({kernels: ['Conv2DBackpropFiltr' as never]}));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(/unknown `kernels` 'Conv2DBackpropFiltr'.*Valid values: 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'Multiply'.*Did you mean 'Conv2DBackpropFilter'\?/);
    expect(() => registerTrainingKernels({kernels: 'Conv2DBackpropFilter' as never})).toThrow(/`kernels` must be an array/);
  });

  it('rejects unknown backend names and lists the registered ones', () => {
    expect(() => registerTrainingKernels({backend: 'gpu'})).toThrow(InvalidArgumentError);
    expect(() => registerTrainingKernels({backend: 'gpu'})).toThrow(/unknown backend 'gpu'. Registered backends: .*'cpu'/);
    expect(() => registerTrainingKernels({backend: 42 as never})).toThrow(/`backend` must be a backend name.*got 42/);
    expect(() => unregisterTrainingKernels({backend: '' as never})).toThrow(InvalidArgumentError);
  });

  it('is a no-op on WebGL and on tfjs-node', async () => {
    await import('@tensorflow/tfjs-backend-webgl'); // registers the backend and its kernels; never initialised here
    const webgl = tf.getKernel('Conv2DBackpropFilter', 'webgl');
    expect(webgl).toBeDefined();
    expect(registerTrainingKernels({backend: 'webgl'})).toEqual([]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'webgl')).toBe(webgl);
    // tfjs-node cannot be installed here; its backend is named 'tensorflow'.
    const native = {kernelName: 'Conv2DBackpropFilter', backendName: 'tensorflow', kernelFunc: () => ({dataId: {}, shape: [], dtype: 'float32'})} as tf.KernelConfig;
    tf.registerKernel(native);
    try {
      expect(registerTrainingKernels({backend: 'tensorflow'})).toEqual([]);
      expect(tf.getKernel('Conv2DBackpropFilter', 'tensorflow')).toBe(native);
    } finally {
      tf.unregisterKernel('Conv2DBackpropFilter', 'tensorflow');
    }
  });

  it('refuses, leaving the registry untouched, when the backend lacks a building block', async () => {
    const matMul = tf.getKernel('BatchMatMul', 'cpu');
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    if (!matMul) throw new Error('cpu has no BatchMatMul');
    tf.unregisterKernel('BatchMatMul', 'cpu');
    try {
      const err = await expectNoLeakOnThrow(() => registerTrainingKernels());
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as Error).message).toMatch(/backend 'cpu' lacks the kernels BatchMatMul/);
      expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(stock);
    } finally {
      tf.registerKernel(matMul);
    }
  });
});

describe('registerTrainingKernels on wasm', () => {
  let previous = 'cpu';
  beforeAll(async () => {
    previous = await useBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  it('adds the missing filter gradient, a faster input gradient and a correct MaxPoolGrad, keeping the hooks', () => {
    const stockInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
    const stockPool = tf.getKernel('MaxPoolGrad', 'wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(registerTrainingKernels()).toEqual([
      {kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kind: 'missing', newlyRegistered: true},
      {kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kind: 'faster', newlyRegistered: true},
      {kernelName: 'MaxPoolGrad', backendName: 'wasm', kind: 'corrected', newlyRegistered: true},
      {kernelName: 'Tile', backendName: 'wasm', kind: 'faster', newlyRegistered: true},
    ]);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.setupFunc).toBe(stockInput?.setupFunc);
    expect(tf.getKernel('MaxPoolGrad', 'wasm')?.setupFunc).toBe(stockPool?.setupFunc);
    expect(registerTrainingKernels().map((r) => r.newlyRegistered)).toEqual([false, false, false, false]);
    expect(unregisterTrainingKernels({backend: 'wasm'})).toEqual([
      {kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', restored: 'none'},
      {kernelName: 'Conv2DBackpropInput', backendName: 'wasm', restored: 'stock'},
      {kernelName: 'MaxPoolGrad', backendName: 'wasm', restored: 'stock'},
      {kernelName: 'Tile', backendName: 'wasm', restored: 'stock'},
    ]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(stockInput);
    expect(tf.getKernel('MaxPoolGrad', 'wasm')).toBe(stockPool);
  });

  it('does not force a gap-filling kernel on a backend version that has its own', () => {
    const own = {kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: () => ({dataId: {}, shape: [], dtype: 'float32'})} as tf.KernelConfig;
    tf.registerKernel(own);
    try {
      expect(registerTrainingKernels().map((r) => r.kernelName)).toEqual(['Conv2DBackpropInput', 'MaxPoolGrad', 'Tile']);
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(own);
    } finally {
      unregisterTrainingKernels();
      tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    }
  });
});

// ---- a training step with and without the kernels ----

/** A tiny CNN exercising strides, 'same'/'valid' padding, biases (the fused-conv gradient), BN and pooling. */
function tinyCnn(): tfl.LayersModel {
  const input = tfl.input({shape: [9, 9, 3]});
  let x = tfl.layers.conv2d({filters: 4, kernelSize: 3, padding: 'same'}).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({epsilon: 1.001e-5}).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({activation: 'relu'}).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.zeroPadding2d({padding: 1}).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({filters: 6, kernelSize: 3, strides: 2, useBias: false}).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({filters: 5, kernelSize: 1, strides: 2}).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.maxPooling2d({poolSize: 2, strides: 1}).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({units: 3}).apply(x) as tfl.SymbolicTensor;
  return tfl.model({inputs: input, outputs: out});
}

/** Weights after `steps` SGD steps from seeded initial weights on seeded data, as plain arrays. */
function trainedWeights(steps: number): Float32Array[] {
  const model = tinyCnn();
  const rng = new Rng(11);
  const opt = tf.train.sgd(0.1);
  const init = model.getWeights().map((w) => tf.tensor(Float32Array.from({length: w.size}, () => rng.normal(0, 0.3)), w.shape));
  const x = tf.tensor(Float32Array.from({length: 4 * 9 * 9 * 3}, () => rng.normal()), [4, 9, 9, 3]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3));
  try {
    model.setWeights(init);
    for (let i = 0; i < steps; i++) {
      tf.tidy(() => {
        opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, {training: true}) as tf.Tensor) as tf.Scalar);
      });
    }
    return model.getWeights().map((w) => w.dataSync() as Float32Array);
  } finally {
    tf.dispose([...init, x, y]);
    model.dispose();
    opt.dispose();
  }
}

function maxRelDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((w, i) => {
    const v = b[i] as Float32Array;
    for (let j = 0; j < w.length; j++) {
      worst = Math.max(worst, Math.abs((w[j] as number) - (v[j] as number)) / (1 + Math.abs(v[j] as number)));
    }
  });
  return worst;
}

describe('a training step with and without the kernels', () => {
  let stockCpu: Float32Array[] = [];
  let untrained: Float32Array[] = [];
  beforeAll(() => {
    unregisterTrainingKernels();
    untrained = trainedWeights(0);
    stockCpu = trainedWeights(2);
  });

  it('training moved the weights (so equal results are not trivial)', () => {
    expect(maxRelDiff(stockCpu, untrained)).toBeGreaterThan(1e-3);
  });

  it('gives the same weights on cpu within float tolerance, leaking nothing', async () => {
    registerTrainingKernels();
    const withKernels = await expectNoLeak(() => trainedWeights(2));
    expect(maxRelDiff(withKernels, stockCpu)).toBeLessThan(2e-5);
  });

  it('trains on wasm (impossible without the kernels) to the same weights as stock cpu', async () => {
    const previous = await useBackend('wasm');
    try {
      // (Training without it throws inside tfjs's backward pass, which then leaks the tape's saved tensors.)
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
      registerTrainingKernels();
      const wasm = await expectNoLeak(() => trainedWeights(2));
      expect(maxRelDiff(wasm, stockCpu)).toBeLessThan(1e-4);
    } finally {
      await tf.setBackend(previous);
    }
  });
});
