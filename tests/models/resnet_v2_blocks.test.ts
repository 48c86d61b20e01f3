// The pre-activation bottleneck block and stack: structure, and the forward computation against plain tf ops.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {InvalidArgumentError, ShapeError} from '../../src/errors';
import {RESNET_BN_EPSILON, residualBlockV2, stackResidualBlocksV2} from '../../src/models/resnet_v2_blocks';
import {Rng} from '../../src/random/rng';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

type Weights = Record<string, tf.Tensor>;

/** Gives every BN layer non-trivial statistics so that the inference path is really exercised. */
function randomizeBatchNorms(model: tfl.LayersModel, seed: number): void {
  let k = seed;
  for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    const c = layer.getWeights()[0]!.shape[0]!;
    const ws = tf.tidy(() => [
      tf.randomUniform([c], 0.5, 1.5, 'float32', k++), tf.randomUniform([c], -0.5, 0.5, 'float32', k++),
      tf.randomUniform([c], -0.5, 0.5, 'float32', k++), tf.randomUniform([c], 0.5, 2, 'float32', k++),
    ]);
    layer.setWeights(ws);
    tf.dispose(ws);
  }
}

function weightsByName(model: tfl.LayersModel): Weights {
  return Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
}

/** The block written with plain tf ops from spec §2 (preact BN+ReLU; projection on preact; pool/identity on x). */
function referenceBlock(x: tf.Tensor4D, w: Weights, N: string, stride: number, shortcut: 'conv' | 'pool' | 'identity'): tf.Tensor4D {
  const bn = (t: tf.Tensor4D, n: string) => tf.add(tf.mul(tf.div(tf.sub(t, w[`${n}/moving_mean`]!),
    tf.sqrt(tf.add(w[`${n}/moving_variance`]!, RESNET_BN_EPSILON))), w[`${n}/gamma`]!), w[`${n}/beta`]!) as tf.Tensor4D;
  const conv = (t: tf.Tensor4D, n: string, s: number, bias: boolean) => {
    const y = tf.conv2d(t, w[`${n}/kernel`] as tf.Tensor4D, s, 'valid');
    return bias ? tf.add(y, w[`${n}/bias`]!) as tf.Tensor4D : y;
  };
  const preact = tf.relu(bn(x, `${N}_preact_bn`));
  const sc = shortcut === 'conv' ? conv(preact, `${N}_0_conv`, stride, true)
    : shortcut === 'pool' ? tf.maxPool(x, 1, stride, 'valid') : x;
  let y = tf.relu(bn(conv(preact, `${N}_1_conv`, 1, false), `${N}_1_bn`));
  y = tf.pad(y, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  y = tf.relu(bn(conv(y, `${N}_2_conv`, stride, false), `${N}_2_bn`));
  y = conv(y, `${N}_3_conv`, 1, true);
  return tf.add(sc, y);
}

describe('residualBlockV2', () => {
  it.each([
    ['conv', 1, true, 8, 9, 16],
    ['conv', 2, true, 8, 9, 16],
    ['pool', 2, false, 16, 9, 4],
    ['identity', 1, false, 16, 7, 4],
  ] as const)('computes the spec block with a %s shortcut, stride %d', async (kind, stride, convShortcut, cIn, size, filters) => {
    await expectNoLeak(async () => {
      const input = tfl.input({shape: [size, size, cIn]});
      const out = residualBlockV2(input, {filters, stride, convShortcut, name: 'b', rng: new Rng(3), shortcutPoolName: 'sc_pool'});
      const model = tfl.model({inputs: input, outputs: out});
      randomizeBatchNorms(model, 11);
      const outSize = Math.floor((size - 1) / stride) + 1;
      expect(out.shape).toEqual([null, outSize, outSize, 4 * filters]);
      const x = tf.randomNormal([2, size, size, cIn], 0, 1, 'float32', 5) as tf.Tensor4D;
      const y = model.predict(x) as tf.Tensor;
      const ref = tf.tidy(() => referenceBlock(x, weightsByName(model), 'b', stride, kind));
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(y, ref))));
      expect(y.shape).toEqual(ref.shape);
      expect((await diff.data())[0]).toBeLessThan(1e-4);
      expect(model.layers.map((l) => l.name).includes('sc_pool')).toBe(kind === 'pool');
      tf.dispose([x, y, ref, diff]);
      model.dispose();
    });
  });

  it('creates exactly the Keras layers of §2', async () => {
    await expectNoLeak(() => {
      const input = tfl.input({shape: [8, 8, 16], name: 'in'});
      const model = tfl.model({inputs: input, outputs: residualBlockV2(input, {filters: 4, convShortcut: true, name: 'conv3_block1', rng: new Rng(1)})});
      expect(model.layers.map((l) => `${l.name}:${l.getClassName()}`)).toEqual([
        'in:InputLayer', 'conv3_block1_preact_bn:BatchNormalization', 'conv3_block1_preact_relu:Activation',
        'conv3_block1_1_conv:Conv2D', 'conv3_block1_1_bn:BatchNormalization', 'conv3_block1_1_relu:Activation',
        'conv3_block1_2_pad:ZeroPadding2D', 'conv3_block1_2_conv:Conv2D', 'conv3_block1_2_bn:BatchNormalization',
        'conv3_block1_2_relu:Activation', 'conv3_block1_0_conv:Conv2D', 'conv3_block1_3_conv:Conv2D', 'conv3_block1_out:Add',
      ]);
      model.dispose();
    });
  });

  it('draws glorot-uniform kernels inside the Keras limit, reproducibly from the rng', async () => {
    await expectNoLeak(async () => {
      const build = (seed: number) => {
        const input = tfl.input({shape: [8, 8, 64]});
        return tfl.model({inputs: input, outputs: residualBlockV2(input, {filters: 64, convShortcut: true, name: 'b', rng: new Rng(seed)})});
      };
      const a = build(1);
      const b = build(1);
      const c = build(2);
      const kernel = (m: tfl.LayersModel, n: string) => m.getLayer(n).getWeights()[0]!;
      const k = Array.from(await kernel(a, 'b_2_conv').data()); // 3x3x64x64: fan_in = fan_out = 576
      const limit = Math.sqrt(6 / (576 + 576));
      expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(limit);
      const std = Math.sqrt(k.reduce((s, v) => s + v * v, 0) / k.length);
      expect(std).toBeGreaterThan(0.95 * limit / Math.sqrt(3)); // uniform: std = limit / sqrt(3); normal would be ~0.88x
      expect(std).toBeLessThan(1.05 * limit / Math.sqrt(3));
      expect(Array.from(await kernel(b, 'b_2_conv').data())).toEqual(Array.from(k));
      expect(Array.from(await kernel(c, 'b_2_conv').data())).not.toEqual(Array.from(k));
      // Each layer has its own stream: two convs of the same shape differ.
      expect(Array.from(await kernel(a, 'b_0_conv').data())).not.toEqual(Array.from(await kernel(a, 'b_3_conv').data()));
      a.dispose();
      b.dispose();
      c.dispose();
    });
  });

  it('rejects an identity shortcut of the wrong width and a bad input with a ShapeError', async () => {
    const input = tfl.input({shape: [8, 8, 12]});
    const err = await expectNoLeakOnThrow(() => residualBlockV2(input, {filters: 4, name: 'b'}));
    expect(err).toBeInstanceOf(ShapeError);
    expect((err as Error).message).toMatch(/needs 16 input channels \(4 \* filters\) in 'b'; got 12/);
    const flat = tfl.input({shape: [12]});
    expect(() => residualBlockV2(flat, {filters: 3, convShortcut: true, name: 'b'})).toThrow(ShapeError);
  });

  it.each([
    [{filters: 0, name: 'b'}, 'filters'],
    [{filters: 4, stride: 0, name: 'b', convShortcut: true}, 'stride'],
    [{filters: 4, name: ''}, 'name'],
    [{filters: 4, name: 'b', convShortcut: 1}, 'convShortcut'],
    [{filters: 4, name: 'b', strides: 2}, 'strides'],
  ])('rejects %j naming `%s`', async (bad, argument) => {
    const input = tfl.input({shape: [8, 8, 16]});
    const err = await expectNoLeakOnThrow(() => residualBlockV2(input, bad as never));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).argument).toBe(argument);
    expect((err as Error).message).toMatch(/^residualBlockV2: /);
  });
});

describe('stackResidualBlocksV2', () => {
  it('builds projection block 1, identity blocks and a strided last block', async () => {
    await expectNoLeak(() => {
      const input = tfl.input({shape: [9, 9, 8]});
      const out = stackResidualBlocksV2(input, {filters: 4, blocks: 3, name: 'conv3', rng: new Rng(1), shortcutPoolName: 'p'});
      const model = tfl.model({inputs: input, outputs: out});
      expect(out.shape).toEqual([null, 5, 5, 16]);
      const names = model.layers.map((l) => l.name);
      expect(names.filter((n) => n.endsWith('_0_conv'))).toEqual(['conv3_block1_0_conv']);
      expect(names.filter((n) => n.endsWith('_out'))).toEqual(['conv3_block1_out', 'conv3_block2_out', 'conv3_block3_out']);
      expect(model.getLayer('p').inboundNodes[0]!.inboundLayers.map((l) => l.name)).toEqual(['conv3_block2_out']);
      const strides = model.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => [l.name, (l.getConfig()['strides'] as number[])[0]]);
      expect(strides.filter(([, s]) => s !== 1)).toEqual([['conv3_block3_2_conv', 2]]);
      model.dispose();
    });
  });

  it('with stride1 = 1 adds no pool', async () => {
    await expectNoLeak(() => {
      const input = tfl.input({shape: [4, 4, 8]});
      const model = tfl.model({inputs: input, outputs: stackResidualBlocksV2(input, {filters: 2, blocks: 2, stride1: 1, name: 'conv5'})});
      expect(model.layers.some((l) => l.getClassName() === 'MaxPooling2D')).toBe(false);
      expect(model.outputs[0]!.shape).toEqual([null, 4, 4, 8]);
      model.dispose();
    });
  });

  it.each([
    [{filters: 4, blocks: 1, name: 's'}, 'blocks', /must be >= 2/],
    [{filters: 4, blocks: 2, stride1: -1, name: 's'}, 'stride1', />= 1/],
    [{filters: 4, blocks: 2}, 'name', /non-empty string/],
    [{filters: 4, block: 2, name: 's'}, 'block', /Did you mean `blocks`/],
  ])('rejects %j naming `%s`', async (bad, argument, message) => {
    const input = tfl.input({shape: [8, 8, 16]});
    const err = await expectNoLeakOnThrow(() => stackResidualBlocksV2(input, bad as never));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).argument).toBe(argument);
    expect((err as Error).message).toMatch(message);
  });
});
