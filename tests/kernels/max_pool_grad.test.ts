import * as tf from '@tensorflow/tfjs-core';
import {maxPoolGrad} from '../../src/kernels/max_pool_grad';
import {registerTrainingKernels, unregisterTrainingKernels} from '../../src/kernels/register_training_kernels';
import {ShapeError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';
import {relError, useBackend} from './conv_cases';

interface PoolCase {
  readonly name: string;
  readonly xShape: [number, number, number, number];
  readonly filterSize: number | [number, number];
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number;
  readonly dimRoundingMode?: 'ceil';
  readonly outShape: [number, number, number, number];
}

function poolGrid(): PoolCase[] {
  const out: PoolCase[] = [];
  for (const [h, w] of [[5, 5], [6, 7], [9, 4]]) {
    for (const filterSize of [1, 2, 3, [2, 3]] as Array<number | [number, number]>) {
      for (const strides of [1, 2, 3, [1, 2]] as Array<number | [number, number]>) {
        for (const pad of ['valid', 'same', 1] as Array<'valid' | 'same' | number>) {
          for (const dimRoundingMode of typeof pad === 'number' ? [undefined, 'ceil' as const] : [undefined]) {
            const xShape: [number, number, number, number] = [2, h as number, w as number, 3];
            const info = tf.backend_util.computePool2DInfo(xShape, filterSize, strides, 1, pad, dimRoundingMode);
            if (!(info.outHeight > 0 && info.outWidth > 0)) continue;
            out.push({
              name: `x${xShape.join('x')} k${String(filterSize)} s${String(strides)} pad ${pad}${dimRoundingMode ? ' ceil' : ''}`,
              xShape, filterSize, strides, pad, ...(dimRoundingMode ? {dimRoundingMode} : {}),
              outShape: info.outShape as [number, number, number, number],
            });
          }
        }
      }
    }
  }
  return out;
}

/** Inputs full of ties and of windows with no positive value, where the stock wasm kernel goes wrong. */
function tiedInput(shape: readonly number[], salt: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({length: size}, (_, j) => Math.round(3 * Math.sin(j * 1.3 + salt)) - 1), [...shape]);
}

function gradIn(c: PoolCase, i: number): tf.Tensor {
  const dy = tf.tensor(Float32Array.from({length: c.outShape.reduce((a, b) => a * b, 1)}, (_, j) => Math.cos(j * 0.7 + i)), c.outShape);
  return dy;
}

function runKernel(c: PoolCase, x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  const y = tf.zeros(c.outShape); // only its shape is read by the corrected kernel; the stock ones ignore it too
  return tf.engine().runKernel('MaxPoolGrad', {dy, input: x, output: y}, {
    filterSize: c.filterSize, strides: c.strides, pad: c.pad, dimRoundingMode: c.dimRoundingMode,
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function ours(c: PoolCase, x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  const y = tf.maxPool(x as tf.Tensor4D, c.filterSize, c.strides, c.pad, c.dimRoundingMode);
  const info = maxPoolGrad(dy, x, y, {filterSize: c.filterSize, strides: c.strides, pad: c.pad, dimRoundingMode: c.dimRoundingMode},
    tf.backend(), tf.getBackend());
  return tf.engine().makeTensorFromTensorInfo(info);
}

const cases = poolGrid();
/** The CPU kernel's answers (first maximum of each window), computed before any backend switch. */
const expected: Float32Array[] = [];
let cpuPoolGrad: Float32Array = new Float32Array(0);

/** tf.grad of Σ maxPool(x)·ramp on a tied input. */
function poolGradOfRamp(): tf.Tensor {
  const x = tiedInput([2, 9, 9, 4], 5);
  const ramp = tf.reshape(tf.range(1, 2 * 4 * 4 * 4 + 1), [2, 4, 4, 4]);
  return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 3, 2, 'valid'), ramp)))(x);
}

beforeAll(() => {
  expect(cases.length).toBeGreaterThan(100);
  for (const [i, c] of cases.entries()) {
    expected.push(tf.tidy(() => runKernel(c, tiedInput(c.xShape, i), gradIn(c, i)).dataSync() as Float32Array));
  }
  cpuPoolGrad = tf.tidy(() => poolGradOfRamp().dataSync() as Float32Array);
});

describe('MaxPoolGrad from data-movement kernels [cpu]', () => {
  it('equals the stock CPU kernel on a grid of pools, strides and paddings, with ties and non-positive windows', async () => {
    const failures: string[] = [];
    await expectNoLeak(() => {
      cases.forEach((c, i) => tf.tidy(() => {
        const got = ours(c, tiedInput(c.xShape, i), gradIn(c, i));
        const err = relError(got.dataSync(), expected[i] as Float32Array);
        if (got.shape.join() !== c.xShape.join() || err > 1e-6) failures.push(`${c.name}: ${err}`);
      }));
    });
    expect(failures).toEqual([]);
  });

  it('matches finite differences where the maximum is unique', async () => {
    await expectNoLeak(() => {
      for (const c of cases.filter((_, i) => i % 9 === 0)) {
        tf.tidy(() => {
          const size = c.xShape.reduce((a, b) => a * b, 1);
          const values = Float32Array.from({length: size}, (_, j) => ((j * 7919) % size) / 8 - size / 16); // distinct
          const x = tf.tensor(values, c.xShape);
          const dy = gradIn(c, 0);
          const dyValues = dy.dataSync();
          const loss = (v: Float32Array) => {
            const y = tf.maxPool(tf.tensor(v, c.xShape) as tf.Tensor4D, c.filterSize, c.strides, c.pad, c.dimRoundingMode).dataSync();
            let sum = 0;
            y.forEach((yi: number, j: number) => { if (Number.isFinite(yi)) sum += yi * (dyValues[j] as number); });
            return sum;
          };
          const fd = new Float64Array(size);
          const probe = Float32Array.from(values);
          for (let j = 0; j < size; j++) {
            probe[j] = (values[j] as number) + 1 / 64;
            const up = loss(probe);
            probe[j] = (values[j] as number) - 1 / 64;
            const down = loss(probe);
            probe[j] = values[j] as number;
            fd[j] = (up - down) * 32;
          }
          expect([c.name, relError(ours(c, x, dy).dataSync(), fd) < 1e-5]).toEqual([c.name, true]);
        });
      }
    });
  });

  it('rejects a dy of the wrong shape without leaking', async () => {
    const c = cases[0] as PoolCase;
    const x = tiedInput(c.xShape, 0);
    const wrong = tf.zeros([1, 1, 1, 1]);
    const err = await expectNoLeakOnThrow(() => tf.engine().makeTensorFromTensorInfo(
      maxPoolGrad(wrong, x, wrong, {filterSize: c.filterSize, strides: c.strides, pad: c.pad}, tf.backend(), 'cpu')));
    expect(err).toBeInstanceOf(ShapeError);
    expect((err as Error).message).toMatch(/MaxPoolGrad: `dy` must have shape/);
    tf.dispose([x, wrong]);
  });
});

describe('MaxPoolGrad training kernel [wasm]', () => {
  let previous = 'cpu';
  beforeAll(async () => {
    previous = await useBackend('wasm');
  });
  afterAll(async () => {
    unregisterTrainingKernels();
    await tf.setBackend(previous);
  });

  it('the stock wasm kernel is wrong on such inputs (why the correction exists)', async () => {
    await expectNoLeak(() => {
      const wrong = cases.filter((c, i) => tf.tidy(() =>
        relError(runKernel(c, tiedInput(c.xShape, i), gradIn(c, i)).dataSync(), expected[i] as Float32Array) > 1e-3));
      expect(wrong.length).toBeGreaterThan(cases.length / 2);
      // Even the plainest case: a 1×1, stride-2 pool (Keras ResNetV2's shortcut) of negative values.
      const c = cases.find((k) => k.filterSize === 1 && k.strides === 2 && k.pad === 'valid');
      expect(c && wrong.includes(c)).toBe(true);
    });
  });

  it('the registered kernel equals the stock CPU kernel on the whole grid and frees its intermediates', async () => {
    registerTrainingKernels();
    const backend = tf.backend();
    const failures: string[] = [];
    await expectNoLeak(() => {
      cases.forEach((c, i) => tf.tidy(() => {
        const [x, dy] = [tiedInput(c.xShape, i), gradIn(c, i)];
        const before = backend.numDataIds();
        const got = runKernel(c, x, dy);
        if (backend.numDataIds() - before !== 2) failures.push(`${c.name}: intermediates left`); // result + the zeros `output`
        const err = relError(got.dataSync(), expected[i] as Float32Array);
        if (got.shape.join() !== c.xShape.join() || err > 1e-6) failures.push(`${c.name}: ${err}`);
      }));
    });
    expect(failures).toEqual([]);
  });

  it('gives tf.grad of a max pool the CPU answer', async () => {
    registerTrainingKernels();
    await expectNoLeak(() => tf.tidy(() => {
      const g = poolGradOfRamp();
      expect(g.shape).toEqual([2, 9, 9, 4]);
      expect(tf.sum(g).dataSync()[0]).toBe((128 * 129) / 2); // every window passes its whole gradient on
      expect(Array.from(g.dataSync())).toEqual(Array.from(cpuPoolGrad));
    }));
  });
});
