import * as tf from '@tensorflow/tfjs-core';
import {unregisterTrainingKernels} from '../../src/kernels/register_training_kernels';
import {expectNoLeak} from '../helpers/memory';
import {bitwiseEqual, stockAndOurs, values} from './elementwise_cases';

const OPS = [
  ['Multiply', tf.mul], ['Add', tf.add], ['Sub', tf.sub], ['RealDiv', tf.div], ['SquaredDifference', tf.squaredDifference],
] as const;

// [a shape, b shape]: leading-unit broadcasts (the fast path), plain broadcasts and shapes it must leave alone.
const SHAPES: Array<[number[], number[]]> = [
  [[1, 1, 1, 5], [3, 4, 2, 5]], [[3, 4, 2, 5], [1, 1, 1, 5]], [[1, 4, 2, 5], [3, 4, 2, 5]], [[1, 1, 2, 5], [3, 4, 2, 5]],
  [[5], [3, 4, 2, 5]], [[3, 4, 2, 5], [3, 4, 2, 5]], [[3, 1, 1, 5], [1, 4, 2, 5]], [[1, 1, 1, 1], [2, 3]],
  [[2, 1], [2, 3]], [[], [2, 3]], [[1, 1], [1, 1]], [[1, 3], [2, 1, 3]],
];

describe('broadcast-binary training kernels [cpu]', () => {
  afterEach(() => {
    unregisterTrainingKernels();
  });

  it.each(OPS)('%s gives the stock result bit for bit, leading unit dimensions or not', async (name, op) => {
    await expectNoLeak(() => {
      for (const [sa, sb] of SHAPES) {
        const r = stockAndOurs(name, () => op(values(sa, 1, true), values(sb, 2, true)));
        expect([name, sa, sb, r.shapes[1]]).toEqual([name, sa, sb, r.shapes[0]]);
        expect([name, sa, sb, bitwiseEqual(r.ours, r.stock)]).toEqual([name, sa, sb, true]);
      }
    });
  });

  it('passes int32 and bool operands to the stock kernel', async () => {
    await expectNoLeak(() => {
      const r = stockAndOurs('Multiply', () => tf.mul(tf.tensor([[[2]]], [1, 1, 1], 'int32'), tf.tensor([[[1, 2], [3, 4]]], [1, 2, 2], 'int32')));
      expect(Array.from(r.ours)).toEqual([2, 4, 6, 8]);
      expect(r.dtypes).toEqual(['int32', 'int32']);
    });
  });

  it.each(OPS)('%s on float32 trailing broadcasts runs its own loop on cpu, without the stock kernel', async (name, op) => {
    const stock = tf.getKernel(name, 'cpu')!;
    const spy = jest.spyOn(stock, 'kernelFunc');
    try {
      await expectNoLeak(() => {
        // Same shape, per-channel vector either side, [1,1,1,C], scalar: the direct loop; [2,1] x [2,3]: the stock kernel.
        const direct: Array<[number[], number[]]> = [[[2, 3, 4], [2, 3, 4]], [[2, 3, 4], [4]], [[4], [2, 3, 4]], [[1, 1, 4], [2, 3, 4]], [[2, 3, 4], []]];
        for (const [sa, sb] of direct) {
          const r = stockAndOurs(name, () => op(values(sa, 5, true), values(sb, 6, true)));
          expect([name, sa, sb, bitwiseEqual(r.ours, r.stock)]).toEqual([name, sa, sb, true]);
        }
        expect(spy).toHaveBeenCalledTimes(direct.length); // the stock runs of stockAndOurs only
        spy.mockClear();
        stockAndOurs(name, () => op(values([2, 1], 7), values([2, 3], 8)));
        expect(spy).toHaveBeenCalledTimes(2);
      });
    } finally {
      spy.mockRestore();
    }
  });

  it('speeds up the BatchNorm pattern by reshaping [1,1,1,C] to [C] (the result is a fresh tensor)', async () => {
    await expectNoLeak(() => tf.tidy(() => {
      const x = values([2, 3, 3, 4], 3);
      const scale = values([1, 1, 1, 4], 4);
      const r = stockAndOurs('Multiply', () => tf.mul(x, scale));
      expect(bitwiseEqual(r.ours, r.stock)).toBe(true);
      expect(r.shapes[1]).toEqual([2, 3, 3, 4]);
    }));
  });
});
