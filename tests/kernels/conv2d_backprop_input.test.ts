import * as tf from '@tensorflow/tfjs-core';
import {conv2dBackpropInput} from '../../src/kernels/conv2d_backprop_input';
import {registerTrainingKernels, unregisterTrainingKernels} from '../../src/kernels/register_training_kernels';
import {ShapeError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';
import {
  type ConvCase, bruteForceGrads, dilationGrid, finiteDifferenceGrad, makeCase, relError, runInputGrad, seeded,
  strideGrid, useBackend,
} from './conv_cases';

const TOL = 2e-5;

/** Our kernel function called directly on the active backend (the CPU backend keeps its stock kernel). */
function ours(c: ConvCase, dy: tf.Tensor, w: tf.Tensor): tf.Tensor {
  const backend = tf.backend();
  const info = conv2dBackpropInput(dy, w, {
    strides: c.strides, pad: c.pad, dataFormat: c.dataFormat, dimRoundingMode: c.dimRoundingMode,
    inputShape: c.xShape, dilations: c.dilations,
  }, backend, tf.getBackend());
  return tf.engine().makeTensorFromTensorInfo(info);
}

const roundingCases = (['floor', 'round', 'ceil'] as const).flatMap((dimRoundingMode) => [
  makeCase({xShape: [2, 8, 7, 3], filterShape: [3, 3, 3, 2], strides: 2, dilations: 1, pad: 1, dataFormat: 'NHWC', dimRoundingMode}),
  makeCase({xShape: [1, 3, 9, 8], filterShape: [2, 3, 3, 2], strides: [2, 3], dilations: 1, pad: 2, dataFormat: 'NCHW', dimRoundingMode}),
]).filter((c): c is ConvCase => c !== undefined);

function compare(cases: readonly ConvCase[], run: (c: ConvCase, dy: tf.Tensor, w: tf.Tensor) => tf.Tensor,
  expected: readonly Float32Array[]): string[] {
  const failures: string[] = [];
  cases.forEach((c, i) => tf.tidy(() => {
    const got = run(c, seeded(c.dyShape, 2), seeded(c.filterShape, 3));
    const err = relError(got.dataSync(), expected[i] as Float32Array);
    if (got.shape.join() !== c.xShape.join() || !(err <= TOL)) failures.push(`${c.name}: shape ${got.shape}, error ${err}`);
  }));
  return failures;
}

const stockInputGrads = (cases: readonly ConvCase[]) =>
  cases.map((c) => tf.tidy(() => runInputGrad(c, seeded(c.dyShape, 2), seeded(c.filterShape, 3)).dataSync() as Float32Array));

describe('Conv2DBackpropInput from forward convolutions [cpu]', () => {
  it('equals the stock CPU kernel on a grid of shapes, filters, strides (polyphase), paddings and formats', async () => {
    const cases = [...strideGrid(), ...roundingCases];
    expect(cases.some((c) => c.strides !== 1)).toBe(true);
    await expectNoLeak(() => {
      expect(compare(cases, ours, stockInputGrads(cases))).toEqual([]);
    });
  });

  it('matches finite differences of the forward op for dilated convolutions', async () => {
    await expectNoLeak(() => {
      for (const c of dilationGrid()) {
        tf.tidy(() => {
          const [x, w, dy] = [seeded(c.xShape, 3), seeded(c.filterShape, 4), seeded(c.dyShape, 5)];
          const fd = finiteDifferenceGrad(c, x, w, dy, 'x');
          expect([c.name, relError(ours(c, dy, w).dataSync(), fd) < 1e-4]).toEqual([c.name, true]);
        });
      }
    });
  });

  it('handles stride and dilation above 1 together (zero insertion), against direct summation', async () => {
    const cases = [
      makeCase({xShape: [2, 9, 10, 2], filterShape: [3, 2, 2, 3], strides: [2, 3], dilations: [2, 1], pad: 'same', dataFormat: 'NHWC'}),
      makeCase({xShape: [1, 2, 9, 7], filterShape: [2, 3, 2, 2], strides: 2, dilations: 2, pad: [[0, 0], [0, 0], [3, 0], [1, 2]], dataFormat: 'NCHW'}),
    ];
    await expectNoLeak(() => {
      for (const c of cases) {
        if (!c) throw new Error('bad case');
        tf.tidy(() => {
          const [x, w, dy] = [seeded(c.xShape, 6), seeded(c.filterShape, 7), seeded(c.dyShape, 8)];
          expect([c.name, relError(ours(c, dy, w).dataSync(), bruteForceGrads(c, x, w, dy).dx) < TOL]).toEqual([c.name, true]);
        });
      }
    });
  });

  it('covers padding wider than the filter (rows of dy that only meet padding are cropped)', async () => {
    const cases = [
      makeCase({xShape: [1, 4, 5, 2], filterShape: [2, 2, 2, 3], strides: 1, dilations: 1, pad: [[0, 0], [4, 3], [0, 5], [0, 0]], dataFormat: 'NHWC'}),
      makeCase({xShape: [1, 4, 5, 2], filterShape: [2, 2, 2, 3], strides: 3, dilations: 1, pad: [[0, 0], [4, 3], [0, 5], [0, 0]], dataFormat: 'NHWC'}),
      makeCase({xShape: [1, 5, 5, 2], filterShape: [1, 1, 2, 3], strides: 2, dilations: 1, pad: [[0, 0], [2, 2], [1, 1], [0, 0]], dataFormat: 'NHWC'}),
    ].filter((c): c is ConvCase => c !== undefined);
    expect(cases).toHaveLength(3);
    await expectNoLeak(() => {
      expect(compare(cases, ours, stockInputGrads(cases))).toEqual([]);
    });
  });

  it('frees every intermediate it allocates in the backend', async () => {
    const backend = tf.backend();
    await expectNoLeak(() => {
      for (const c of strideGrid().filter((_, i) => i % 13 === 0)) {
        tf.tidy(() => {
          const [dy, w] = [seeded(c.dyShape, 2), seeded(c.filterShape, 3)];
          const before = backend.numDataIds();
          const got = ours(c, dy, w);
          expect([c.name, backend.numDataIds() - before]).toEqual([c.name, 1]);
          got.dispose();
        });
      }
    });
  });

  it('rejects a dy whose shape does not fit the convolution, without leaking', async () => {
    const c = makeCase({xShape: [1, 6, 6, 2], filterShape: [3, 3, 2, 4], strides: 2, dilations: 1, pad: 'same', dataFormat: 'NHWC'});
    if (!c) throw new Error('bad case');
    const [wrong, w] = [seeded([1, 4, 3, 4], 1), seeded(c.filterShape, 2)];
    const before = tf.backend().numDataIds();
    const err = await expectNoLeakOnThrow(() => ours(c, wrong, w));
    expect(err).toBeInstanceOf(ShapeError);
    expect((err as Error).message).toMatch(/Conv2DBackpropInput: `dy` must have shape \[1,3,3,4\].*got \[1,4,3,4\]/);
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose([wrong, w]);
  });
});

describe('Conv2DBackpropInput training kernel [wasm]', () => {
  let previous = 'cpu';
  const cases = [...strideGrid(['NHWC']), ...roundingCases.filter((c) => c.dataFormat === 'NHWC')];
  let cpuExpected: Float32Array[] = [];

  beforeAll(async () => {
    cpuExpected = stockInputGrads(cases);
    previous = await useBackend('wasm');
  });
  afterAll(async () => {
    unregisterTrainingKernels();
    await tf.setBackend(previous);
  });

  it('replaces the stock wasm kernel and equals it and the stock CPU kernel', async () => {
    await expectNoLeak(() => {
      const stock = tf.getKernel('Conv2DBackpropInput', 'wasm');
      expect(stock).toBeDefined();
      const wasmExpected = stockInputGrads(cases);
      const registered = registerTrainingKernels();
      expect(registered.map((r) => `${r.kernelName}:${r.kind}`)).toContain('Conv2DBackpropInput:faster');
      expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).not.toBe(stock);
      expect(compare(cases, runInputGrad, wasmExpected)).toEqual([]);
      expect(compare(cases, runInputGrad, cpuExpected)).toEqual([]);
    });
  });

  it('takes channels-first data', async () => {
    registerTrainingKernels();
    const nchw = strideGrid(['NCHW']).filter((_, i) => i % 9 === 0);
    await expectNoLeak(() => {
      for (const c of nchw) {
        tf.tidy(() => {
          const [x, w, dy] = [seeded(c.xShape, 1), seeded(c.filterShape, 3), seeded(c.dyShape, 2)];
          expect([c.name, relError(runInputGrad(c, dy, w).dataSync(), bruteForceGrads(c, x, w, dy).dx) < TOL]).toEqual([c.name, true]);
        });
      }
    });
  });

  it('matches finite differences for dilated convolutions and frees its intermediates', async () => {
    registerTrainingKernels();
    const backend = tf.backend();
    await expectNoLeak(() => {
      for (const c of dilationGrid()) {
        tf.tidy(() => {
          const [x, w, dy] = [seeded(c.xShape, 3), seeded(c.filterShape, 4), seeded(c.dyShape, 5)];
          const fd = finiteDifferenceGrad(c, x, w, dy, 'x');
          const before = backend.numDataIds();
          const got = runInputGrad(c, dy, w);
          expect(backend.numDataIds() - before).toBe(1);
          expect([c.name, relError(got.dataSync(), fd) < 1e-4]).toEqual([c.name, true]);
        });
      }
    });
  });
});
