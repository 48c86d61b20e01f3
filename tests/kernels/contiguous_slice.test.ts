import * as tf from '@tensorflow/tfjs-core';
import {unregisterTrainingKernels} from '../../src/kernels/register_training_kernels';
import {expectNoLeak} from '../helpers/memory';
import {bitwiseEqual, stockAndOurs, values} from './elementwise_cases';

const CASES: Array<[number[], number[], number[]]> = [
  [[4, 9, 9, 8], [0, 1, 1, 0], [4, 7, 7, 8]], // the PadV2 gradient
  [[4, 9, 9, 8], [1, 2, 0, 0], [2, 5, 9, 8]],
  [[4, 9, 9, 8], [0, 0, 3, 0], [-1, -1, 4, -1]],
  [[4, 9, 9, 8], [2, 0, 0, 0], [1, 9, 9, 8]], // one contiguous run: stock
  [[4, 9, 9, 8], [0, 1, 1, 2], [4, 7, 7, 3]], // short runs: stock
  [[6, 40], [1, 5], [4, 30]],
  [[3, 4, 5, 6, 7], [1, 1, 1, 0, 0], [2, 2, 3, 6, 7]],
  [[2, 3, 20], [0, 1, 0], [2, 2, 20]],
];

describe('Slice training kernel [cpu]', () => {
  afterEach(() => {
    unregisterTrainingKernels();
  });

  it('copies exactly what the stock kernel copies', async () => {
    await expectNoLeak(() => {
      for (const [shape, begin, size] of CASES) {
        const r = stockAndOurs('Slice', () => tf.slice(values(shape, 9, true), begin, size));
        expect([shape, begin, size, r.shapes[1]]).toEqual([shape, begin, size, r.shapes[0]]);
        expect([shape, begin, size, bitwiseEqual(r.ours, r.stock)]).toEqual([shape, begin, size, true]);
      }
    });
  });

  it('handles int32 and bool tensors and the gradient of a zero padding', async () => {
    await expectNoLeak(() => {
      const ints = stockAndOurs('Slice', () => tf.slice(tf.reshape(tf.range(0, 4 * 6 * 20, 1, 'int32'), [4, 6, 20]), [1, 1, 0], [2, 3, 20]));
      expect(Array.from(ints.ours)).toEqual(Array.from(ints.stock));
      expect(ints.dtypes).toEqual(['int32', 'int32']);
      const bools = stockAndOurs('Slice', () => tf.slice(tf.greater(values([3, 4, 32], 1), 0), [0, 1, 0], [3, 2, 32]));
      expect(Array.from(bools.ours)).toEqual(Array.from(bools.stock));
      const grad = stockAndOurs('Slice', () =>
        tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), values([2, 7, 7, 8], 3))))(values([2, 5, 5, 8], 2)));
      expect(bitwiseEqual(grad.ours, grad.stock)).toBe(true);
    });
  });
});
