import * as tf from '@tensorflow/tfjs-core';
import {registerTrainingKernels, unregisterTrainingKernels} from '../../src/kernels/register_training_kernels';
import {ShapeError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';
import {
  type ConvCase, bruteForceGrads, dilationGrid, finiteDifferenceGrad, makeCase, relError, runFilterGrad, seeded,
  strideGrid, useBackend,
} from './conv_cases';

const TOL = 2e-5;

/** Stock results of every case, computed on the CPU backend before anything is registered. */
function stockFilterGrads(cases: readonly ConvCase[]): Float32Array[] {
  unregisterTrainingKernels();
  return cases.map((c) => tf.tidy(() => runFilterGrad(c, seeded(c.xShape, 1), seeded(c.dyShape, 2)).dataSync() as Float32Array));
}

/** Runs every case with the registered kernel and returns the failures. */
function compareWithRegistered(cases: readonly ConvCase[], expected: readonly Float32Array[]): string[] {
  const failures: string[] = [];
  cases.forEach((c, i) => tf.tidy(() => {
    const got = runFilterGrad(c, seeded(c.xShape, 1), seeded(c.dyShape, 2));
    const err = relError(got.dataSync(), expected[i] as Float32Array);
    if (got.shape.join() !== c.filterShape.join() || !(err <= TOL)) failures.push(`${c.name}: shape ${got.shape}, error ${err}`);
  }));
  return failures;
}

const roundingCases = (['floor', 'round', 'ceil'] as const).flatMap((dimRoundingMode) => [
  makeCase({xShape: [2, 8, 7, 3], filterShape: [3, 3, 3, 2], strides: 2, dilations: 1, pad: 1, dataFormat: 'NHWC', dimRoundingMode}),
  makeCase({xShape: [1, 3, 9, 8], filterShape: [2, 3, 3, 2], strides: [2, 3], dilations: 1, pad: 2, dataFormat: 'NCHW', dimRoundingMode}),
]).filter((c): c is ConvCase => c !== undefined);

describe('Conv2DBackpropFilter training kernel [cpu]', () => {
  afterEach(() => {
    unregisterTrainingKernels();
  });

  it('equals the stock CPU kernel on a grid of shapes, filters, strides, paddings and data formats', async () => {
    const cases = [...strideGrid(), ...roundingCases];
    expect(cases.length).toBeGreaterThan(500);
    expect(cases.some((c) => c.dataFormat === 'NCHW')).toBe(true);
    await expectNoLeak(() => {
      const expected = stockFilterGrads(cases);
      const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu');
      registerTrainingKernels({backend: 'cpu'});
      expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).not.toBe(stock);
      expect(compareWithRegistered(cases, expected)).toEqual([]);
    });
  });

  it('matches finite differences of the forward op, including dilations the stock kernel cannot take', async () => {
    registerTrainingKernels({backend: 'cpu'});
    const cases = [...dilationGrid(), ...strideGrid(['NHWC']).filter((_, i) => i % 37 === 0)];
    expect(cases.length).toBeGreaterThan(20);
    await expectNoLeak(() => {
      for (const c of cases) {
        tf.tidy(() => {
          const [x, w, dy] = [seeded(c.xShape, 3), seeded(c.filterShape, 4), seeded(c.dyShape, 5)];
          const fd = finiteDifferenceGrad(c, x, w, dy, 'filter');
          expect([c.name, relError(runFilterGrad(c, x, dy).dataSync(), fd) < 1e-4]).toEqual([c.name, true]);
        });
      }
    });
  });

  it('handles stride and dilation above 1 together (no forward op can), against direct summation', async () => {
    registerTrainingKernels({backend: 'cpu'});
    const c = makeCase({xShape: [2, 9, 10, 2], filterShape: [3, 2, 2, 3], strides: [2, 3], dilations: [2, 1], pad: 'same', dataFormat: 'NHWC'});
    if (!c) throw new Error('bad case');
    await expectNoLeak(() => tf.tidy(() => {
      const [x, w, dy] = [seeded(c.xShape, 6), seeded(c.filterShape, 7), seeded(c.dyShape, 8)];
      expect(relError(runFilterGrad(c, x, dy).dataSync(), bruteForceGrads(c, x, w, dy).dw)).toBeLessThan(TOL);
    }));
  });

  it('gives zeros for an empty batch', async () => {
    registerTrainingKernels({backend: 'cpu'});
    const c = makeCase({xShape: [0, 5, 5, 2], filterShape: [3, 3, 2, 2], strides: 1, dilations: 1, pad: 'same', dataFormat: 'NHWC'});
    if (!c) throw new Error('bad case');
    await expectNoLeak(() => tf.tidy(() => {
      const got = runFilterGrad(c, tf.zeros(c.xShape), tf.zeros(c.dyShape));
      expect(got.shape).toEqual([3, 3, 2, 2]);
      expect(Array.from(got.dataSync())).toEqual(new Array(36).fill(0));
    }));
  });

  it('frees every intermediate it allocates in the backend', async () => {
    registerTrainingKernels({backend: 'cpu'});
    const backend = tf.backend();
    const cases = strideGrid(['NHWC', 'NCHW']).filter((_, i) => i % 11 === 0);
    await expectNoLeak(() => {
      for (const c of cases) {
        tf.tidy(() => {
          const [x, dy] = [seeded(c.xShape, 1), seeded(c.dyShape, 2)];
          const before = backend.numDataIds();
          const got = runFilterGrad(c, x, dy);
          expect([c.name, backend.numDataIds() - before]).toEqual([c.name, 1]); // the result only
          got.dispose();
          expect(backend.numDataIds()).toBe(before);
        });
      }
    });
  });

  it('rejects a dy whose shape does not fit the convolution, without leaking', async () => {
    registerTrainingKernels({backend: 'cpu'});
    const c = makeCase({xShape: [1, 6, 6, 2], filterShape: [3, 3, 2, 4], strides: 1, dilations: 1, pad: 'valid', dataFormat: 'NHWC'});
    if (!c) throw new Error('bad case');
    const x = seeded(c.xShape, 1);
    const wrong = seeded([1, 5, 4, 4], 2);
    const before = tf.backend().numDataIds();
    const err = await expectNoLeakOnThrow(() => runFilterGrad(c, x, wrong));
    expect(err).toBeInstanceOf(ShapeError);
    expect((err as Error).message).toMatch(/Conv2DBackpropFilter: `dy` must have shape \[1,4,4,4\].*got \[1,5,4,4\]/);
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose([x, wrong]);
  });
});

describe('Conv2DBackpropFilter training kernel [wasm]', () => {
  let previous = 'cpu';
  const cases = [...strideGrid(), ...roundingCases].filter((_, i) => i % 3 === 0);
  let expected: Float32Array[] = [];

  beforeAll(async () => {
    expected = stockFilterGrads(cases); // on cpu, the only stock kernel there is
    previous = await useBackend('wasm');
  });
  afterAll(async () => {
    unregisterTrainingKernels();
    await tf.setBackend(previous);
  });

  it('adds the kernel the wasm backend lacks, equal to the stock CPU kernel', async () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    await expectNoLeak(() => {
      registerTrainingKernels();
      expect(compareWithRegistered(cases, expected)).toEqual([]);
    });
  });

  it('matches finite differences for dilated convolutions', async () => {
    registerTrainingKernels();
    await expectNoLeak(() => {
      for (const c of dilationGrid()) {
        tf.tidy(() => {
          const [x, w, dy] = [seeded(c.xShape, 3), seeded(c.filterShape, 4), seeded(c.dyShape, 5)];
          const fd = finiteDifferenceGrad(c, x, w, dy, 'filter');
          expect([c.name, relError(runFilterGrad(c, x, dy).dataSync(), fd) < 1e-4]).toEqual([c.name, true]);
        });
      }
    });
  });

  it('frees its intermediates in wasm memory', async () => {
    registerTrainingKernels();
    const backend = tf.backend();
    await expectNoLeak(() => {
      for (const c of cases.filter((_, i) => i % 7 === 0)) {
        tf.tidy(() => {
          const [x, dy] = [seeded(c.xShape, 1), seeded(c.dyShape, 2)];
          const before = backend.numDataIds();
          runFilterGrad(c, x, dy).dispose();
          expect([c.name, backend.numDataIds()]).toEqual([c.name, before]);
        });
      }
    });
  });
});
