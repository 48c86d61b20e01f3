import * as tf from '@tensorflow/tfjs-core';
import {selectBackend} from '../../src/node/backend';
import {InvalidArgumentError, UnsupportedError} from '../../src/errors';
import {unregisterTrainingKernels} from '../../src/kernels/register_training_kernels';

const notInstalled = (pkg: string) => Object.assign(new Error(`Cannot find module '${pkg}'`), {code: 'MODULE_NOT_FOUND'});

describe('selectBackend', () => {
  const saved = process.env['CONSISTENCY_TFJS_BACKEND'];
  afterEach(async () => {
    if (saved === undefined) delete process.env['CONSISTENCY_TFJS_BACKEND'];
    else process.env['CONSISTENCY_TFJS_BACKEND'] = saved;
    unregisterTrainingKernels();
    await tf.setBackend('cpu');
  });

  it('skips missing native packages and trains on wasm with the training kernels, and says so', async () => {
    const lines: string[] = [];
    const choice = await selectBackend({log: (l) => lines.push(l)});
    expect(choice.backend).toBe('wasm');
    expect(choice.candidate).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const byName = Object.fromEntries(choice.attempts.map((a) => [a.candidate, a]));
    expect(byName['tensorflow']?.reason).toMatch(/tfjs-node is not installed/);
    expect(byName['tensorflow-gpu']?.reason).toMatch(/tfjs-node-gpu is not installed/);
    expect(choice.trainingKernels.map((k) => `${k.kernelName}:${k.kind}`))
      .toEqual(['Conv2DBackpropFilter:missing', 'Conv2DBackpropInput:faster', 'MaxPoolGrad:corrected', 'Tile:faster']);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(choice.reason).toMatch(
      /using 'wasm' from @tensorflow\/tfjs-backend-wasm with training kernels Conv2DBackpropFilter \(missing\); MaxPoolGrad \(corrected\); Conv2DBackpropInput, Tile \(faster\)/);
    expect(choice.tfjsVersion).toBe(tf.version_core);
    expect(lines.some((l) => l.includes('wasm: training kernels Conv2DBackpropFilter (missing)'))).toBe(true);
    expect(lines.some((l) => l.includes('wasm: selected'))).toBe(true);
  });

  it('registers the faster CPU kernel when cpu is chosen', async () => {
    const choice = await selectBackend({candidates: ['cpu']});
    expect(choice.backend).toBe('cpu');
    expect(choice.trainingKernels.map((k) => k.kernelName)).toEqual([
      'Conv2DBackpropFilter', 'Multiply', 'Add', 'Sub', 'RealDiv', 'SquaredDifference', 'Sum', 'Mean', 'Tile', 'Slice',
    ]);
    expect(choice.trainingKernels.every((k) => k.kind === 'faster' && k.backendName === 'cpu' && k.newlyRegistered)).toBe(true);
    expect(choice.reason).toMatch(/with training kernels Conv2DBackpropFilter, Multiply, .*, Slice \(faster\)/);
  });

  it('still selects cpu, and says so, when its training kernels cannot be registered', async () => {
    const matMul = tf.getKernel('BatchMatMul', 'cpu');
    if (!matMul) throw new Error('cpu has no BatchMatMul');
    tf.unregisterKernel('BatchMatMul', 'cpu');
    try {
      const lines: string[] = [];
      const choice = await selectBackend({candidates: ['cpu'], log: (l) => lines.push(l)});
      expect(choice.backend).toBe('cpu');
      expect(choice.trainingKernels).toEqual([]);
      expect(choice.reason).toMatch(/its training kernels could not be registered: .*lacks the kernels BatchMatMul/);
      expect(lines.some((l) => l.includes('cpu: training kernels not registered'))).toBe(true);
    } finally {
      tf.registerKernel(matMul);
    }
  });

  it('with trainingKernels: false, skips a wasm backend that cannot train, and says why', async () => {
    const choice = await selectBackend({candidates: ['wasm', 'cpu'], trainingKernels: false});
    expect(choice.backend).toBe('cpu');
    expect(choice.trainingKernels).toEqual([]);
    // Stock tfjs-backend-wasm has no Conv2DBackpropFilter kernel.
    expect(choice.attempts[0]?.reason).toMatch(/lacks Conv2DBackpropFilter/);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    await expect(selectBackend({trainingKernels: 'yes' as never})).rejects.toThrow(/`trainingKernels` must be true or false/);
  });

  it('takes wasm for inference without registering kernels, and for training when prepare supplies them', async () => {
    const inference = await selectBackend({candidates: ['wasm', 'cpu'], purpose: 'inference'});
    expect(inference.backend).toBe('wasm');
    expect(inference.trainingKernels).toEqual([]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    let prepared = '';
    const fake = {kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: () => { throw new Error('unused'); }};
    const train = await selectBackend({
      candidates: ['wasm', 'cpu'],
      trainingKernels: false,
      prepare: (b) => {
        prepared = b;
        if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel(fake as unknown as tf.KernelConfig);
      },
    });
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    expect(prepared).toBe('wasm');
    expect(train.backend).toBe('wasm');
  });

  it('reports a package that exists but fails to load', async () => {
    const choice = await selectBackend({
      candidates: ['tensorflow', 'cpu'],
      importer: async (pkg) => {
        if (pkg.endsWith('tfjs-node')) throw new Error('libtensorflow.so: cannot open shared object file');
        return import(pkg);
      },
    });
    expect(choice.attempts[0]?.reason).toMatch(/failed to load: libtensorflow.so/);
    expect(choice.backend).toBe('cpu');
  });

  it('honours CONSISTENCY_TFJS_BACKEND and rejects unknown names', async () => {
    process.env['CONSISTENCY_TFJS_BACKEND'] = 'cpu';
    expect((await selectBackend({candidates: ['wasm']})).backend).toBe('cpu');
    process.env['CONSISTENCY_TFJS_BACKEND'] = 'webgpu';
    await expect(selectBackend()).rejects.toThrow(InvalidArgumentError);
    delete process.env['CONSISTENCY_TFJS_BACKEND'];
    await expect(selectBackend({purpose: 'both' as never})).rejects.toThrow(/purpose/);
  });

  it('fails with the list of reasons when nothing is usable', async () => {
    await expect(selectBackend({candidates: ['tensorflow'], importer: async (p) => { throw notInstalled(p); }}))
      .rejects.toThrow(UnsupportedError);
  });
});
