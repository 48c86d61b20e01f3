import * as tf from '@tensorflow/tfjs-core';
import {
  jensenShannon, klDivergence, meanSquaredError, reducePerSample, softCrossEntropy,
} from '../../src/losses/distillation';
import {sparseSoftmaxCrossEntropy} from '../../src/losses/sparse_cross_entropy';
import {InvalidArgumentError, ShapeError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

// spec/self-training.md §6, worked vector (2 samples, 3 classes, T = 2).
const ZT = [[2, 1, 0], [0, 0, 3]];
const ZS = [[0.5, 0.2, -0.3], [1, -1, 0]];
const Y = [0, 2];

async function value(f: () => tf.Scalar): Promise<number> {
  const s = f();
  const v = (await s.data())[0] as number;
  s.dispose();
  return v;
}

function withVector<T>(fn: (zt: tf.Tensor2D, zs: tf.Tensor2D, y: tf.Tensor1D) => Promise<T>): Promise<T> {
  return expectNoLeak(async () => {
    const zt = tf.tensor2d(ZT);
    const zs = tf.tensor2d(ZS);
    const y = tf.tensor1d(Y, 'int32');
    try {
      return await fn(zt, zs, y);
    } finally {
      tf.dispose([zt, zs, y]);
    }
  });
}

describe('distillation losses: the spec worked vector (T = 2)', () => {
  it('kl, softCrossEntropy, meanSquaredError, jensenShannon and CE match the table', async () => {
    await withVector(async (zt, zs, y) => {
      const o = {temperature: 2};
      expect(await value(() => klDivergence(zt, zs, o))).toBeCloseTo(0.188745, 5);
      expect(await value(() => klDivergence(zt, zs, {...o, clip: 'keras'}))).toBeCloseTo(0.188745, 5);
      expect(await value(() => softCrossEntropy(zt, zs, o))).toBeCloseTo(1.114752, 5);
      expect(await value(() => meanSquaredError(zt, zs, o))).toBeCloseTo(0.048728, 5);
      expect(await value(() => jensenShannon(zt, zs, o))).toBeCloseTo(0.047720, 5);
      expect(await value(() => sparseSoftmaxCrossEntropy(y, zs))).toBeCloseTo(1.095787, 5);
      const total = (await value(() => sparseSoftmaxCrossEntropy(y, zs)) + await value(() => klDivergence(zt, zs, o))) / 2;
      expect(total).toBeCloseTo(0.642266, 5);
    });
  });

  it('per-sample values through one-hot sample weights', async () => {
    await withVector(async (zt, zs) => {
      const first = tf.tensor1d([1, 0]);
      const second = tf.tensor1d([0, 1]);
      try {
        // (1/B) Σ w d: one-hot weights pick d_b / 2; 'masked' normalisation gives d_b itself.
        const m = 'masked' as const;
        expect(await value(() => klDivergence(zt, zs, {temperature: 2, sampleWeights: first, normalize: m}))).toBeCloseTo(0.029043, 5);
        expect(await value(() => klDivergence(zt, zs, {temperature: 2, sampleWeights: second, normalize: m}))).toBeCloseTo(0.348446, 5);
        expect(await value(() => softCrossEntropy(zt, zs, {temperature: 2, sampleWeights: second, normalize: m}))).toBeCloseTo(1.180270, 5);
        expect(await value(() => meanSquaredError(zt, zs, {temperature: 2, sampleWeights: first, normalize: m}))).toBeCloseTo(0.006551, 5);
        expect(await value(() => jensenShannon(zt, zs, {temperature: 2, sampleWeights: second, normalize: m}))).toBeCloseTo(0.088141, 5);
        expect(await value(() => klDivergence(zt, zs, {temperature: 2, sampleWeights: first}))).toBeCloseTo(0.029043 / 2, 5);
      } finally {
        tf.dispose([first, second]);
      }
    });
  });

  it('the gradient of the batch-mean kl w.r.t. the student logits matches the spec', async () => {
    await withVector(async (zt, zs) => {
      for (const clip of ['none', 'keras'] as const) {
        const g = tf.grad((s: tf.Tensor) => klDivergence(zt, s as tf.Tensor2D, {temperature: 2, clip}))(zs);
        const got = await g.array() as number[][];
        g.dispose();
        const want = [[-0.027846, 0.008217, 0.019629], [0.088050, 0.008011, -0.096061]];
        got.flat().forEach((v, i) => expect(v).toBeCloseTo(want.flat()[i] as number, 5));
      }
    });
  });

  it('the CE gradient is (softmax − onehot)/B', async () => {
    await withVector(async (_zt, zs, y) => {
      const g = tf.grad((s: tf.Tensor) => sparseSoftmaxCrossEntropy(y, s as tf.Tensor2D))(zs);
      const want = tf.tidy(() => tf.div(tf.sub(tf.softmax(zs), tf.oneHot(y, 3)), 2));
      const [a, b] = [await g.data(), await want.data()];
      Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i] as number, 6));
      tf.dispose([g, want]);
    });
  });

  it('kl is the reverse divergence with direction reverse, T²-free and zero for equal logits', async () => {
    await withVector(async (zt, zs) => {
      const rev = await value(() => klDivergence(zt, zs, {temperature: 2, direction: 'reverse'}));
      const swapped = await value(() => klDivergence(zs, zt, {temperature: 2}));
      expect(rev).toBeCloseTo(swapped, 6);
      expect(await value(() => klDivergence(zt, zt, {temperature: 3}))).toBeCloseTo(0, 6);
      expect(await value(() => jensenShannon(zt, zt, {temperature: 3}))).toBeCloseTo(0, 6);
    });
  });

  it('keras clipping differs from the exact value only where a probability is below 1e-7', async () => {
    await expectNoLeak(async () => {
      const zt = tf.tensor2d([[40, 0, 0]]);
      const zs = tf.tensor2d([[0, 0, 40]]);
      const exact = await value(() => klDivergence(zt, zs, {temperature: 1}));
      const keras = await value(() => klDivergence(zt, zs, {temperature: 1, clip: 'keras'}));
      expect(exact).toBeCloseTo(40, 3);
      expect(keras).toBeCloseTo(-Math.log(1e-7), 2); // log(1/1e-7) ≈ 16.118: Keras caps the value
      tf.dispose([zt, zs]);
    });
  });

  it('meanSquaredError on logits and summed over classes', async () => {
    await withVector(async (zt, zs) => {
      const logits = await value(() => meanSquaredError(zt, zs, {temperature: 5, target: 'logits'}));
      const want = ZT.flat().reduce((acc, v, i) => acc + (v - (ZS.flat()[i] as number)) ** 2, 0) / 6;
      expect(logits).toBeCloseTo(want, 5);
      expect(await value(() => meanSquaredError(zt, zs, {temperature: 2, sumOverClasses: true}))).toBeCloseTo(0.048728 * 3, 5);
    });
  });

  it('jensenShannon stays finite and bounded by ln 2 for saturated logits', async () => {
    await expectNoLeak(async () => {
      const zt = tf.tensor2d([[200, -200, 0]]);
      const zs = tf.tensor2d([[-200, 200, 0]]);
      const v = await value(() => jensenShannon(zt, zs, {temperature: 1}));
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeCloseTo(Math.LN2, 4);
      tf.dispose([zt, zs]);
    });
  });

  it('reducePerSample: masked normalisation of an all-zero mask is 0, not NaN', async () => {
    await expectNoLeak(async () => {
      const d = tf.tensor1d([1, 2]);
      const w = tf.tensor1d([0, 0]);
      expect(await value(() => reducePerSample(d, {sampleWeights: w, normalize: 'masked'}))).toBe(0);
      expect(await value(() => reducePerSample(d))).toBeCloseTo(1.5, 6);
      tf.dispose([d, w]);
    });
  });

  it('rejects bad temperatures, enums and shapes before allocating', async () => {
    const zt = tf.tensor2d(ZT);
    const zs = tf.tensor2d(ZS);
    const wide = tf.zeros([2, 4]) as tf.Tensor2D;
    const w3 = tf.ones([3]) as tf.Tensor1D;
    const y3 = tf.tensor1d([0, 1, 2], 'int32');
    try {
      let e = await expectNoLeakOnThrow(() => klDivergence(zt, zs, {temperature: 0}));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(String(e)).toMatch(/klDivergence: `temperature` must be > 0; got 0/);
      e = await expectNoLeakOnThrow(() => klDivergence(zt, zs, {temperature: 1, clip: 'Keras' as never}));
      expect(String(e)).toMatch(/Valid values: 'none', 'keras'/);
      e = await expectNoLeakOnThrow(() => softCrossEntropy(zt, wide, {temperature: 1}));
      expect(e).toBeInstanceOf(ShapeError);
      e = await expectNoLeakOnThrow(() => jensenShannon(zt, zs, {temperature: 1, sampleWeights: w3}));
      expect(e).toBeInstanceOf(ShapeError);
      e = await expectNoLeakOnThrow(() => meanSquaredError(zt, zs, {temperature: 1, target: 'prob' as never}));
      expect(String(e)).toMatch(/Did you mean 'probs'/);
      e = await expectNoLeakOnThrow(() => sparseSoftmaxCrossEntropy(y3, zs));
      expect(e).toBeInstanceOf(ShapeError);
      expect(String(e)).toMatch(/labels must have shape \[2\] or \[2,1\].*got \[3\]/);
    } finally {
      tf.dispose([zt, zs, wide, w3, y3]);
    }
  });

  it('sparse CE accepts [B,1] float-coded labels and does not clip logits', async () => {
    await expectNoLeak(async () => {
      const y = tf.tensor2d([[0], [2]]);
      const zs = tf.tensor2d(ZS);
      expect(await value(() => sparseSoftmaxCrossEntropy(y, zs))).toBeCloseTo(1.095787, 5);
      const big = tf.tensor2d([[50, 0, 0]]);
      const y1 = tf.tensor1d([1], 'int32');
      expect(await value(() => sparseSoftmaxCrossEntropy(y1, big))).toBeCloseTo(50, 3); // tfjs-layers would cap it
      tf.dispose([y, zs, big, y1]);
    });
  });
});
