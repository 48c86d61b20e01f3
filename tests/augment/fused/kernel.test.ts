// The 'ConsistencyRandAugment' kernel itself: not registered by importing the library, registered on first
// use, once (no "already registered" warning), an existing registration (another copy of the package) used
// as it is through the documented contract, typed errors for a malformed call, outputs owned by tf.tidy.
import * as tf from '@tensorflow/tfjs-core';
import {UnsupportedError} from '../../../src/errors';
import {FUSED_KERNEL_NAME, ensureFusedKernel, runFusedKernel} from '../../../src/augment/fused/kernel';
import {RandAugment} from '../../../src/augment/rand_augment';
import {expectNoLeak, expectNoLeakOnThrow} from '../../helpers/memory';
import {bothPaths, differences} from './compare';

function images(n: number, h = 8, w = 6): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from({length: n * h * w * 3}, (_, i) => ((i * 7919) % 290) - 15 + (i % 5) / 5), [n, h, w, 3]);
}

describe('fused kernel registration', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    const ours = warn.mock.calls.filter((args) => String(args[0]).includes(FUSED_KERNEL_NAME));
    warn.mockRestore();
    expect(ours).toEqual([]);
  });

  it('is not registered by importing the library, then registered once on first use', async () => {
    expect(tf.getKernel(FUSED_KERNEL_NAME, 'cpu')).toBeUndefined();
    const ra = new RandAugment({seed: 1, implementation: 'fused'});
    expect(tf.getKernel(FUSED_KERNEL_NAME, 'cpu')).toBeUndefined(); // constructing does not register either
    await expectNoLeak(async () => {
      const x = images(3);
      tf.dispose(ra.distort(x));
      const config = tf.getKernel(FUSED_KERNEL_NAME, 'cpu');
      expect(config).toBeDefined();
      tf.dispose(ra.distort(x));
      tf.dispose(new RandAugment({seed: 2}).distort(x));
      ensureFusedKernel();
      expect(tf.getKernel(FUSED_KERNEL_NAME, 'cpu')).toBe(config);
      expect(tf.getKernel(FUSED_KERNEL_NAME, 'wasm')).toBeUndefined(); // cpu only
      x.dispose();
    });
    ra.dispose();
  });

  it('uses a kernel another copy of the package registered, through the same contract', async () => {
    tf.unregisterKernel(FUSED_KERNEL_NAME, 'cpu');
    let calls = 0;
    // What any copy registers: read the input's values, call attrs.run, return a float32 tensor of the same shape.
    tf.registerKernel({
      kernelName: FUSED_KERNEL_NAME, backendName: 'cpu',
      kernelFunc: ({inputs, backend, attrs}) => {
        calls++;
        const cpu = backend as {data: {get(id: tf.DataId): {values: Float32Array}}; makeTensorInfo(s: number[], d: string, v: Float32Array): tf.TensorInfo};
        const x = inputs['images'] as tf.TensorInfo;
        const run = (attrs as unknown as {run: (v: Float32Array) => Float32Array}).run;
        return cpu.makeTensorInfo(x.shape, 'float32', run(cpu.data.get(x.dataId).values));
      },
    });
    const foreign = tf.getKernel(FUSED_KERNEL_NAME, 'cpu');
    await expectNoLeak(async () => {
      const x = images(4);
      const plan = new RandAugment({seed: 3, numLayers: 3}).sample(4, 8, 6);
      const {fused, composite} = await bothPaths(x, plan);
      expect(calls).toBe(1);
      expect(differences(fused, composite).count).toBe(0);
      x.dispose();
    });
    expect(tf.getKernel(FUSED_KERNEL_NAME, 'cpu')).toBe(foreign);
    tf.unregisterKernel(FUSED_KERNEL_NAME, 'cpu');
    ensureFusedKernel();
    expect(tf.getKernel(FUSED_KERNEL_NAME, 'cpu')).not.toBe(foreign);
  });
});

describe('fused kernel calls', () => {
  it('returns a float32 tensor of the input shape that tf.tidy tracks', async () => {
    await expectNoLeak(async () => {
      const x = tf.tensor3d([1.5, 2, 300, -4, 5, 6], [1, 2, 3]);
      const kept = tf.tidy(() => {
        const y = runFusedKernel(x, (v) => Float32Array.from(v, (e) => e * 2));
        tf.dispose(runFusedKernel(x, (v) => new Float32Array(v.length))); // freed by the scope either way
        return y;
      });
      expect(kept.shape).toEqual([1, 2, 3]);
      expect(kept.dtype).toBe('float32');
      expect(Array.from(await kept.data())).toEqual([3, 4, 600, -8, 10, 12]);
      const ints = tf.tensor1d([1, 2], 'int32');
      const fromInts = runFusedKernel(ints, (v) => {
        expect(v).toBeInstanceOf(Int32Array);
        return Float32Array.from(v);
      });
      expect(fromInts.dtype).toBe('float32');
      tf.dispose([x, kept, ints, fromInts]);
    });
  });

  it('rejects a call without a compiled plan with an UnsupportedError, leaking nothing', async () => {
    ensureFusedKernel();
    const x = images(1);
    const err = await expectNoLeakOnThrow(() => tf.engine().runKernel(FUSED_KERNEL_NAME, {images: x}, {}));
    expect(err).toBeInstanceOf(UnsupportedError);
    expect((err as Error).message).toMatch(/^RandAugment: the 'ConsistencyRandAugment' kernel needs .*; got no compiled plan \(attribute `run`\)\. Use implementation: 'composite'/);
    const thrown = await expectNoLeakOnThrow(() => runFusedKernel(x, () => {
      throw new RangeError('boom');
    }));
    expect(thrown).toBeInstanceOf(RangeError);
    x.dispose();
  });
});
