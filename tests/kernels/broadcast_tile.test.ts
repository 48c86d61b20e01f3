import * as tf from '@tensorflow/tfjs-core';
import {unregisterTrainingKernels} from '../../src/kernels/register_training_kernels';
import {expectNoLeak} from '../helpers/memory';
import {bitwiseEqual, stockAndOurs, values} from './elementwise_cases';
import {useBackend} from './conv_cases';

const CASES: Array<[number[], number[]]> = [
  [[1, 1, 1, 6], [3, 4, 5, 1]], [[1, 1, 6], [2, 7, 1]], [[1, 6], [5, 1]], [[1, 1, 1, 1], [2, 3, 4, 5]], [[1, 1, 1, 6], [3, 1, 5, 1]],
  // not broadcasts of leading unit dimensions: the stock kernel
  [[2, 3], [2, 2]], [[1, 3, 1], [2, 1, 4]], [[3, 1], [1, 4]], [[1, 6], [1, 1]],
];

describe.each(['cpu', 'wasm'])('Tile training kernel [%s]', (backend) => {
  let previous = 'cpu';
  beforeAll(async () => {
    previous = await useBackend(backend);
  });
  afterAll(async () => {
    unregisterTrainingKernels();
    await tf.setBackend(previous);
  });

  it('gives the stock result bit for bit (including -0, infinities and NaN)', async () => {
    await expectNoLeak(() => {
      for (const [shape, reps] of CASES) {
        const r = stockAndOurs('Tile', () => tf.tile(values(shape, 8, true), reps));
        expect([shape, reps, r.shapes[1]]).toEqual([shape, reps, r.shapes[0]]);
        expect([shape, reps, bitwiseEqual(r.ours, r.stock)]).toEqual([shape, reps, true]);
      }
    });
  });

  it('leaves int32 tensors to the stock kernel', async () => {
    await expectNoLeak(() => {
      const r = stockAndOurs('Tile', () => tf.tile(tf.tensor([[7, 8]], [1, 2], 'int32'), [3, 1]));
      expect(Array.from(r.ours)).toEqual([7, 8, 7, 8, 7, 8]);
      expect(r.dtypes).toEqual(['int32', 'int32']);
    });
  });
});
