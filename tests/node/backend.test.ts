import * as tf from '@tensorflow/tfjs-core';
import {selectBackend} from '../../src/node/backend';
import {InvalidArgumentError, UnsupportedError} from '../../src/errors';

const notInstalled = (pkg: string) => Object.assign(new Error(`Cannot find module '${pkg}'`), {code: 'MODULE_NOT_FOUND'});

describe('selectBackend', () => {
  const saved = process.env['CONSISTENCY_TFJS_BACKEND'];
  afterEach(async () => {
    if (saved === undefined) delete process.env['CONSISTENCY_TFJS_BACKEND'];
    else process.env['CONSISTENCY_TFJS_BACKEND'] = saved;
    await tf.setBackend('cpu');
  });

  it('skips missing native packages and a wasm backend that cannot train, and says why', async () => {
    const lines: string[] = [];
    const choice = await selectBackend({log: (l) => lines.push(l)});
    expect(choice.backend).toBe('cpu');
    expect(choice.candidate).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const byName = Object.fromEntries(choice.attempts.map((a) => [a.candidate, a]));
    expect(byName['tensorflow']?.reason).toMatch(/tfjs-node is not installed/);
    expect(byName['tensorflow-gpu']?.reason).toMatch(/tfjs-node-gpu is not installed/);
    // Stock tfjs-backend-wasm has no Conv2DBackpropFilter kernel.
    expect(byName['wasm']?.reason).toMatch(/lacks Conv2DBackpropFilter/);
    expect(choice.reason).toMatch(/using 'cpu'/);
    expect(choice.tfjsVersion).toBe(tf.version_core);
    expect(lines.some((l) => l.includes('cpu: selected'))).toBe(true);
  });

  it('takes wasm for inference, and for training once a prepare step supplies the missing kernels', async () => {
    const inference = await selectBackend({candidates: ['wasm', 'cpu'], purpose: 'inference'});
    expect(inference.backend).toBe('wasm');
    let prepared = '';
    const fake = {kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: () => { throw new Error('unused'); }};
    const train = await selectBackend({
      candidates: ['wasm', 'cpu'],
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
