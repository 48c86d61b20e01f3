// The generic ResNetV2 builder: stems, strides, heads, seeding and argument checks.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {InvalidArgumentError} from '../../src/errors';
import {resNetV2, type ResNetV2Args} from '../../src/models/resnet_v2';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

const TINY = {stages: [2, 2], filters: [2, 4], stemFilters: 4} as const;

async function weightValues(model: tfl.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));
}

describe('resNetV2', () => {
  it('builds the imagenet stem with Keras stride placement for any number of stacks', async () => {
    await expectNoLeak(() => {
      const model = resNetV2({stages: [2, 3, 2], filters: [2, 4, 8], stemFilters: 4, includeTop: false, inputShape: [64, 48, 3], seed: 1});
      // 64x48 -> conv1 32x24 -> pool 16x12 -> conv2 (last block /2) 8x6 -> conv3 (/2) 4x3 -> conv4 (stride 1) 4x3.
      expect(model.getLayer('pool1_pool').outputShape).toEqual([null, 16, 12, 4]);
      expect(model.getLayer('conv2_block2_out').outputShape).toEqual([null, 8, 6, 8]);
      expect(model.getLayer('conv3_block3_out').outputShape).toEqual([null, 4, 3, 16]);
      expect(model.outputs[0]!.shape).toEqual([null, 4, 3, 32]);
      expect(model.layers.filter((l) => l.name.startsWith('max_pooling2d')).map((l) => l.name)).toEqual(['max_pooling2d', 'max_pooling2d_1']);
      expect(model.name).toBe('resnetv2');
      model.dispose();
    });
  });

  it('builds the cifar stem (3x3/1 conv, no max-pool) and honours custom strides', async () => {
    await expectNoLeak(() => {
      const model = resNetV2({...TINY, stem: 'cifar', strides: [1, 2], includeTop: false, inputShape: [32, 32, 3], seed: 1});
      expect(model.layers.map((l) => l.name).slice(0, 4)).toEqual(['input_1', 'conv1_pad', 'conv1_conv', 'conv2_block1_preact_bn']);
      expect(model.getLayer('conv1_conv').outputShape).toEqual([null, 32, 32, 4]);
      expect(model.getLayer('conv2_block2_out').outputShape).toEqual([null, 32, 32, 8]);
      expect(model.outputs[0]!.shape).toEqual([null, 16, 16, 16]);
      expect(model.layers.filter((l) => l.getClassName() === 'MaxPooling2D').map((l) => l.name)).toEqual(['max_pooling2d']);
      model.dispose();
    });
  });

  it('adds avg_pool + predictions with top (pooling ignored, as in Keras) and avg/max pooling without', async () => {
    await expectNoLeak(() => {
      const top = resNetV2({...TINY, inputShape: [32, 32, 3], classes: 3, pooling: 'max', seed: 1});
      expect(top.layers.slice(-2).map((l) => l.name)).toEqual(['avg_pool', 'predictions']);
      expect(top.outputs[0]!.shape).toEqual([null, 3]);
      const avg = resNetV2({...TINY, inputShape: [32, 32, 3], includeTop: false, pooling: 'avg', seed: 1});
      expect(avg.layers.slice(-1).map((l) => l.getClassName())).toEqual(['GlobalAveragePooling2D']);
      const max = resNetV2({...TINY, inputShape: [32, 32, 3], includeTop: false, pooling: 'max', seed: 1});
      expect(max.layers.slice(-1).map((l) => `${l.name}:${l.getClassName()}`)).toEqual(['max_pool:GlobalMaxPooling2D']);
      const none = resNetV2({...TINY, inputShape: [32, 32, 3], includeTop: false, pooling: null, seed: 1});
      expect(none.layers.slice(-1).map((l) => l.name)).toEqual(['post_relu']);
      for (const m of [top, avg, max, none]) m.dispose();
    });
  });

  it('computes softmax probabilities with the default top and logits with classifierActivation null', async () => {
    await expectNoLeak(async () => {
      const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 3);
      const probs = resNetV2({...TINY, inputShape: [32, 32, 3], classes: 4, seed: 5});
      const logits = resNetV2({...TINY, inputShape: [32, 32, 3], classes: 4, classifierActivation: null, seed: 5});
      const p = probs.predict(x) as tf.Tensor;
      const l = logits.predict(x) as tf.Tensor;
      const expected = tf.softmax(l);
      expect(Array.from(await p.data()).map((v) => v.toFixed(5))).toEqual(Array.from(await expected.data()).map((v) => v.toFixed(5)));
      tf.dispose([x, p, l, expected]);
      probs.dispose();
      logits.dispose();
    });
  });

  it('builds identical weights from the same seed, different ones from another', async () => {
    await expectNoLeak(async () => {
      const args: ResNetV2Args = {...TINY, inputShape: [32, 32, 3], classes: 3, seed: 42};
      const a = resNetV2(args);
      const b = resNetV2(args);
      const c = resNetV2({...args, seed: 43});
      const d = resNetV2({...args, seed: '42'}); // strings are hashed, not parsed
      const [wa, wb, wc, wd] = (await Promise.all([a, b, c, d].map(weightValues))) as [number[][], number[][], number[][], number[][]];
      expect(wb).toEqual(wa);
      const kernels = (w: number[][]) => w.filter((_, i) => a.weights[i]!.originalName.endsWith('/kernel'));
      for (const [i, k] of kernels(wc).entries()) expect(k).not.toEqual(kernels(wa)[i]);
      expect(kernels(wd)[0]).not.toEqual(kernels(wa)[0]);
      expect(a.getUserDefinedMetadata()).toEqual({consistencyTfjs: {builder: 'resNetV2', seed: 42}});
      for (const m of [a, b, c, d]) m.dispose();
    });
  });

  it('draws and records a seed when none is given, so the weights can be rebuilt', async () => {
    await expectNoLeak(async () => {
      const a = resNetV2({...TINY, inputShape: [32, 32, 3], includeTop: false});
      const b = resNetV2({...TINY, inputShape: [32, 32, 3], includeTop: false});
      const seedA = (a.getUserDefinedMetadata() as {consistencyTfjs: {seed: number}}).consistencyTfjs.seed;
      expect(Number.isInteger(seedA)).toBe(true);
      const again = resNetV2({...TINY, inputShape: [32, 32, 3], includeTop: false, seed: seedA});
      const [wa, wb, wAgain] = await Promise.all([a, b, again].map(weightValues));
      expect(wAgain).toEqual(wa);
      expect(wb).not.toEqual(wa);
      for (const m of [a, b, again]) m.dispose();
    });
  });

  it('trains: BatchNorm uses batch statistics and updates its moving averages with training: true', async () => {
    await expectNoLeak(async () => {
      const model = resNetV2({...TINY, inputShape: [32, 32, 3], includeTop: false, pooling: 'avg', seed: 1});
      const x = tf.randomUniform([4, 32, 32, 3], 0, 3, 'float32', 1);
      const bn = model.getLayer('conv2_block1_preact_bn');
      expect(Array.from(await bn.getWeights()[2]!.data())).toEqual([0, 0, 0, 0]); // moving_mean starts at 0
      // Keras/tfjs update: moving = 0.99 * moving + 0.01 * batch mean of the layer's input (pool1_pool's output).
      const stem = tfl.model({inputs: model.inputs, outputs: model.getLayer('pool1_pool').output as tfl.SymbolicTensor});
      const expected = tf.tidy(() => tf.mul(tf.mean(stem.predict(x) as tf.Tensor, [0, 1, 2]), 0.01));
      tf.dispose(model.apply(x, {training: true}) as tf.Tensor);
      const after = Array.from(await bn.getWeights()[2]!.data());
      const want = Array.from(await expected.data());
      expect(want.some((v) => Math.abs(v) > 1e-4)).toBe(true);
      after.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
      // Inference (training: false, the default) leaves the statistics alone.
      tf.dispose(model.predict(x));
      expect(Array.from(await bn.getWeights()[2]!.data())).toEqual(after);
      expected.dispose();
      x.dispose();
      model.dispose();
    });
  });

  it.each([
    [{filters: [2, 4]}, 'stages', /non-empty array/],
    [{stages: [2, 1], filters: [2, 4]}, 'stages', /integers >= 2/],
    [{stages: [2, 2], filters: [2]}, 'filters', /an array of 2 integers/],
    [{stages: [2, 2], filters: [2, 0]}, 'filters', />= 1/],
    [{...TINY, strides: [2]}, 'strides', /an array of 2 integers/],
    [{...TINY, stem: 'resnet'}, 'stem', /Valid values: 'imagenet', 'cifar'/],
    [{...TINY, stemFilters: 0}, 'stemFilters', />= 1/],
    [{...TINY, inputShape: [16, 16, 3]}, 'inputShape', /at least 32x32.*got \[16, 16, 3\]/],
    [{...TINY, inputShape: [32, 32, 0]}, 'inputShape', /positive integers/],
    [{...TINY, classes: -1}, 'classes', /must be >= 1; got -1/],
    [{...TINY, pooling: 'average'}, 'pooling', /unknown `pooling` 'average'\. Valid values: 'avg', 'max'\./],
    [{...TINY, name: ''}, 'name', /non-empty/],
    [{...TINY, stage: [2, 2]}, 'stage', /Did you mean `stages`/],
  ])('rejects %j with an InvalidArgumentError naming `%s`, allocating nothing', async (bad, argument, message) => {
    const err = await expectNoLeakOnThrow(() => resNetV2(bad as never));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).argument).toBe(argument);
    expect((err as Error).message).toMatch(/^resNetV2: /);
    expect((err as Error).message).toMatch(message);
  });

  it('rejects a missing argument object', async () => {
    const err = await expectNoLeakOnThrow(() => resNetV2(undefined as never));
    expect(err).toBeInstanceOf(InvalidArgumentError);
  });
});
