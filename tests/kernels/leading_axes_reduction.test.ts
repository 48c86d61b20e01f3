import * as tf from '@tensorflow/tfjs-core';
import {unregisterTrainingKernels} from '../../src/kernels/register_training_kernels';
import {expectNoLeak} from '../helpers/memory';
import {relError} from './conv_cases';
import {bitwiseEqual, stockAndOurs, values} from './elementwise_cases';

const CASES: Array<[number[], number | number[] | undefined]> = [
  [[4, 3, 5, 6], [0, 1, 2]], [[4, 3, 5, 6], [2, 0, 1]], [[4, 3, 5, 6], [0]], [[4, 3, 5, 6], [0, 1]], [[4, 3, 5, 6], [-4, -3]],
  [[7, 9], 0], [[7, 9], [0]], [[4, 3, 5, 6], [1, 2]], [[4, 3, 5, 6], [3]], [[4, 3, 5, 6], undefined], [[4, 3, 5, 6], [0, 1, 2, 3]],
  [[4, 3, 5, 6], [0, 2]], [[64, 33, 3], [0, 1]],
];

describe.each(['Sum', 'Mean'] as const)('%s training kernel [cpu]', (name) => {
  const op = name === 'Sum' ? tf.sum : tf.mean;
  afterEach(() => {
    unregisterTrainingKernels();
  });

  it('equals the stock kernel within float32 rounding, for every axis pattern and keepDims', async () => {
    await expectNoLeak(() => {
      for (const [shape, axis] of CASES) {
        for (const keepDims of [false, true]) {
          const r = stockAndOurs(name, () => op(values(shape, 5), axis, keepDims));
          expect([shape, axis, keepDims, r.shapes[1]]).toEqual([shape, axis, keepDims, r.shapes[0]]);
          expect([shape, axis, keepDims, relError(r.ours, r.stock) < 1e-6]).toEqual([shape, axis, keepDims, true]);
        }
      }
    });
  });

  it('propagates NaN and infinities as the stock kernel does', async () => {
    await expectNoLeak(() => {
      const r = stockAndOurs(name, () => op(values([3, 2, 5], 6, true), [0, 1]));
      expect(Array.from(r.ours).map(String)).toEqual(Array.from(r.stock).map(String));
    });
  });

  it('leaves int32 and bool inputs and non-leading axes to the stock kernel, bit for bit', async () => {
    await expectNoLeak(() => {
      const ints = stockAndOurs(name, () => op(tf.tensor([[1, 2], [3, 4]], [2, 2], 'int32'), 0));
      expect(Array.from(ints.ours)).toEqual(Array.from(ints.stock));
      expect(ints.dtypes[1]).toBe(ints.dtypes[0]);
      const inner = stockAndOurs(name, () => op(values([4, 3, 5], 7), [1, 2]));
      expect(bitwiseEqual(inner.ours, inner.stock)).toBe(true);
      const empty = stockAndOurs(name, () => op(tf.zeros([0, 3]), 0));
      expect(empty.shapes).toEqual([[3], [3]]);
    });
  });
});
