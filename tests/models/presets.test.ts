// ResNet50V2 against shared/spec/resnet50v2.md (names, order, counts, shapes, layer settings), and the preset registry.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {InvalidArgumentError, UnknownOpError} from '../../src/errors';
import {
  getResNetV2Preset, listResNetV2Presets, resNet50V2, resNetV2Preset,
} from '../../src/models/presets';
import {resNetV2} from '../../src/models/resnet_v2';
import {Rng} from '../../src/random/rng';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

// ---- The spec's naming rules (§3), written out independently of the builder ----------------------------------
const STACKS: ReadonlyArray<readonly [stage: number, blocks: number]> = [[2, 3], [3, 4], [4, 6], [5, 3]];

/** Every layer of ResNet50V2 in Keras order (§1–§3): per block preact, residual branch, shortcut, 3_conv, out. */
function expectedLayerNames(top: boolean): string[] {
  const names = ['input_1', 'conv1_pad', 'conv1_conv', 'pool1_pad', 'pool1_pool'];
  let pools = 0;
  for (const [s, n] of STACKS) {
    for (let b = 1; b <= n; b++) {
      const N = `conv${s}_block${b}`;
      names.push(`${N}_preact_bn`, `${N}_preact_relu`, `${N}_1_conv`, `${N}_1_bn`, `${N}_1_relu`, `${N}_2_pad`,
        `${N}_2_conv`, `${N}_2_bn`, `${N}_2_relu`);
      if (b === 1) names.push(`${N}_0_conv`);
      if (b === n && s !== 5) {
        names.push(pools === 0 ? 'max_pooling2d' : `max_pooling2d_${pools}`);
        pools++;
      }
      names.push(`${N}_3_conv`, `${N}_out`);
    }
  }
  names.push('post_bn', 'post_relu');
  if (top) names.push('avg_pool', 'predictions');
  return names;
}

/** Weighted layers and their weights, `<layer>/<weight>` (§3, §7). */
function expectedWeights(top: boolean): string[] {
  const conv = (n: string, bias: boolean) => (bias ? [`${n}/kernel`, `${n}/bias`] : [`${n}/kernel`]);
  const bn = (n: string) => [`${n}/gamma`, `${n}/beta`, `${n}/moving_mean`, `${n}/moving_variance`];
  const w = [...conv('conv1_conv', true)];
  for (const [s, n] of STACKS) {
    for (let b = 1; b <= n; b++) {
      const N = `conv${s}_block${b}`;
      w.push(...bn(`${N}_preact_bn`), ...conv(`${N}_1_conv`, false), ...bn(`${N}_1_bn`), ...conv(`${N}_2_conv`, false),
        ...bn(`${N}_2_bn`));
      if (b === 1) w.push(...conv(`${N}_0_conv`, true));
      w.push(...conv(`${N}_3_conv`, true));
    }
  }
  w.push(...bn('post_bn'));
  if (top) w.push(...conv('predictions', true));
  return w;
}

function countByType(model: tfl.LayersModel): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of model.layers) counts[l.getClassName()] = (counts[l.getClassName()] ?? 0) + 1;
  return counts;
}

function trainableParams(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((s, w) => s + w.shape.reduce((a: number, b) => a * (b as number), 1), 0);
}

function shapeOf(model: tfl.LayersModel, layer: string): unknown {
  return model.getLayer(layer).outputShape;
}

describe('expectedLayerNames (test helper)', () => {
  it('numbers the three shortcut pools like a fresh Keras 2 session', () => {
    expect(expectedLayerNames(false).filter((n) => n.startsWith('max_pooling2d')))
      .toEqual(['max_pooling2d', 'max_pooling2d_1', 'max_pooling2d_2']);
    expect(expectedLayerNames(false)).toHaveLength(190);
    expect(expectedLayerNames(true)).toHaveLength(192);
  });
});

describe('resNet50V2 against the spec', () => {
  describe('with the 224x224, 1000-class top', () => {
    let model: tfl.LayersModel;
    beforeAll(() => {
      model = resNet50V2({seed: 1});
    });
    afterAll(() => model.dispose());

    it('has 25,613,800 parameters (25,568,360 trainable, 45,440 non-trainable)', () => {
      expect(model.countParams()).toBe(25_613_800);
      expect(trainableParams(model)).toBe(25_568_360);
      expect(model.countParams() - trainableParams(model)).toBe(45_440);
    });

    it('has every layer name of the spec, in Keras order', () => {
      expect(model.name).toBe('resnet50v2');
      expect(model.layers.map((l) => l.name)).toEqual(expectedLayerNames(true));
    });

    it('has 272 weight tensors (174 trainable) named <layer>/<weight> as Keras names them', () => {
      expect(model.weights).toHaveLength(272);
      expect(model.trainableWeights).toHaveLength(174);
      expect(model.weights.map((w) => w.originalName).sort()).toEqual(expectedWeights(true).sort());
      // Per layer, the weights come in Keras's order (BN: gamma, beta, moving mean, moving variance).
      const perLayer = model.layers.filter((l) => l.weights.length > 0)
        .flatMap((l) => l.weights.map((w) => w.originalName));
      expect(perLayer).toEqual(expectedWeights(true));
    });

    it('has the layer counts by type of the spec', () => {
      expect(countByType(model)).toEqual({
        InputLayer: 1, ZeroPadding2D: 18, Conv2D: 53, MaxPooling2D: 4, BatchNormalization: 49, Activation: 49,
        Add: 16, GlobalAveragePooling2D: 1, Dense: 1,
      });
    });

    it('sets Keras\'s layer settings (epsilon, momentum, biases, glorotUniform, padding, softmax)', () => {
      const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
      const withBias = convs.filter((l) => l.getConfig()['useBias'] === true).map((l) => l.name);
      expect(withBias.sort()).toEqual([
        'conv1_conv', ...STACKS.map(([s]) => `conv${s}_block1_0_conv`),
        ...STACKS.flatMap(([s, n]) => Array.from({length: n}, (_, b) => `conv${s}_block${b + 1}_3_conv`)),
      ].sort());
      expect(withBias).toHaveLength(21);
      for (const l of [...convs, model.getLayer('predictions')]) {
        const cfg = l.getConfig();
        // tfjs serialises glorotUniform as VarianceScaling(scale 1, fanAvg, uniform), as Keras defines it.
        expect(cfg['kernelInitializer']).toMatchObject({
          className: 'VarianceScaling', config: {scale: 1, mode: 'fanAvg', distribution: 'uniform'},
        });
        expect(typeof (cfg['kernelInitializer'] as {config: {seed: unknown}}).config.seed).toBe('number');
        expect((cfg['biasInitializer'] as {className: string}).className).toBe('Zeros');
      }
      for (const l of convs) expect(l.getConfig()['padding']).toBe('valid');
      for (const l of model.layers.filter((x) => x.getClassName() === 'BatchNormalization')) {
        expect(l.getConfig()['epsilon']).toBe(1.001e-5);
        expect(l.getConfig()['momentum']).toBe(0.99);
        expect(l.getConfig()['axis']).toBe(-1);
      }
      for (const l of model.layers.filter((x) => x.getClassName() === 'ZeroPadding2D')) {
        const px = l.name === 'conv1_pad' ? 3 : 1;
        expect(l.getConfig()['padding']).toEqual([[px, px], [px, px]]);
      }
      expect(model.getLayer('conv1_conv').getConfig()).toMatchObject({kernelSize: [7, 7], strides: [2, 2]});
      expect(model.getLayer('pool1_pool').getConfig()).toMatchObject({poolSize: [3, 3], strides: [2, 2], padding: 'valid'});
      expect(model.getLayer('predictions').getConfig()['activation']).toBe('softmax');
      expect(model.outputs[0]!.shape).toEqual([null, 1000]);
    });

    it('places the strides on the last block of conv2..conv4 only, with 1x1 max-pool shortcuts (§2)', () => {
      const strided = model.layers.filter((l) => l.getClassName() === 'Conv2D' && (l.getConfig()['strides'] as number[])[0] !== 1)
        .map((l) => l.name);
      expect(strided).toEqual(['conv1_conv', 'conv2_block3_2_conv', 'conv3_block4_2_conv', 'conv4_block6_2_conv']);
      const pools: Array<[string, string]> = [['max_pooling2d', 'conv2_block2_out'], ['max_pooling2d_1', 'conv3_block3_out'], ['max_pooling2d_2', 'conv4_block5_out']];
      for (const [pool, source] of pools) {
        const layer = model.getLayer(pool);
        expect(layer.getConfig()).toMatchObject({poolSize: [1, 1], strides: [2, 2]});
        expect(layer.inboundNodes[0]!.inboundLayers.map((l) => l.name)).toEqual([source]); // the raw block input
      }
      // The projection reads the pre-activated input; identity shortcuts the raw input; Add takes the shortcut first.
      expect(model.getLayer('conv3_block1_0_conv').inboundNodes[0]!.inboundLayers.map((l) => l.name))
        .toEqual(['conv3_block1_preact_relu']);
      expect(model.getLayer('conv3_block2_out').inboundNodes[0]!.inboundLayers.map((l) => l.name))
        .toEqual(['conv3_block1_out', 'conv3_block2_3_conv']);
      expect(model.getLayer('conv3_block1_out').inboundNodes[0]!.inboundLayers.map((l) => l.name))
        .toEqual(['conv3_block1_0_conv', 'conv3_block1_3_conv']);
    });

    it('has the 224x224 feature-map shapes of §5', () => {
      const table: Record<string, number[]> = {
        conv1_pad: [230, 230, 3], conv1_conv: [112, 112, 64], pool1_pad: [114, 114, 64], pool1_pool: [56, 56, 64],
        conv2_block1_out: [56, 56, 256], conv2_block2_out: [56, 56, 256], conv2_block3_2_pad: [58, 58, 64],
        conv2_block3_out: [28, 28, 256], conv3_block3_out: [28, 28, 512], conv3_block4_out: [14, 14, 512],
        conv4_block5_out: [14, 14, 1024], conv4_block6_out: [7, 7, 1024], conv5_block3_out: [7, 7, 2048],
        post_relu: [7, 7, 2048], avg_pool: [2048],
      };
      for (const [layer, shape] of Object.entries(table)) expect([layer, shapeOf(model, layer)]).toEqual([layer, [null, ...shape]]);
    });
  });

  describe('without top', () => {
    it('has 23,564,800 parameters and 270 weights at 72x72 and 32x32, with the §5 shapes', async () => {
      await expectNoLeak(() => {
        const shapes72: Record<string, number[]> = {
          conv1_pad: [78, 78, 3], conv1_conv: [36, 36, 64], pool1_pad: [38, 38, 64], pool1_pool: [18, 18, 64],
          conv2_block2_out: [18, 18, 256], conv2_block3_out: [9, 9, 256], conv3_block3_out: [9, 9, 512],
          conv3_block4_out: [5, 5, 512], conv4_block5_out: [5, 5, 1024], conv4_block6_out: [3, 3, 1024],
          conv5_block3_out: [3, 3, 2048], post_relu: [3, 3, 2048],
        };
        const shapes32: Record<string, number[]> = {
          conv1_pad: [38, 38, 3], conv1_conv: [16, 16, 64], pool1_pad: [18, 18, 64], pool1_pool: [8, 8, 64],
          conv2_block2_out: [8, 8, 256], conv2_block3_out: [4, 4, 256], conv3_block3_out: [4, 4, 512],
          conv3_block4_out: [2, 2, 512], conv4_block5_out: [2, 2, 1024], conv4_block6_out: [1, 1, 1024],
          conv5_block3_out: [1, 1, 2048], post_relu: [1, 1, 2048],
        };
        for (const [size, table] of [[72, shapes72], [32, shapes32]] as const) {
          const model = resNet50V2({includeTop: false, inputShape: [size, size, 3], seed: 2});
          try {
            expect(model.countParams()).toBe(23_564_800);
            expect(trainableParams(model)).toBe(23_519_360);
            expect(model.weights).toHaveLength(270);
            expect(model.trainableWeights).toHaveLength(172);
            expect(model.layers.map((l) => l.name)).toEqual(expectedLayerNames(false));
            expect(model.weights.map((w) => w.originalName).sort()).toEqual(expectedWeights(false).sort());
            for (const [layer, shape] of Object.entries(table)) expect([layer, shapeOf(model, layer)]).toEqual([layer, [null, ...shape]]);
            expect(model.outputs[0]!.shape).toEqual([null, ...table['post_relu']!]);
          } finally {
            model.dispose();
          }
        }
      });
    });

    it('pools to [null, 2048] with avg_pool or max_pool', async () => {
      await expectNoLeak(() => {
        for (const [pooling, layer] of [['avg', 'avg_pool'], ['max', 'max_pool']] as const) {
          const model = resNet50V2({includeTop: false, pooling, inputShape: [32, 32, 3], seed: 2});
          expect(model.layers.map((l) => l.name).slice(-1)).toEqual([layer]);
          expect(model.outputs[0]!.shape).toEqual([null, 2048]);
          expect(model.countParams()).toBe(23_564_800);
          model.dispose();
        }
      });
    });

    it('runs a 1x32x32x3 forward pass to a 1x1x2048 map without leaking', async () => {
      await expectNoLeak(async () => {
        const model = resNet50V2({includeTop: false, inputShape: [32, 32, 3], seed: 3});
        const y = tf.tidy(() => model.predict(tf.fill([1, 32, 32, 3], 0.5)) as tf.Tensor);
        expect(y.shape).toEqual([1, 1, 1, 2048]);
        const v = await y.data();
        expect(v.every((e) => Number.isFinite(e) && e >= 0)).toBe(true); // post_relu output
        expect(v.some((e) => e > 0)).toBe(true);
        y.dispose();
        model.dispose();
      });
    });
  });

  it('takes classes, classifierActivation and name', async () => {
    await expectNoLeak(() => {
      const model = resNet50V2({inputShape: [32, 32, 3], classes: 10, classifierActivation: null, name: 'teacher', seed: 1});
      expect(model.name).toBe('teacher');
      expect(model.outputs[0]!.shape).toEqual([null, 10]);
      expect(model.getLayer('predictions').getConfig()['activation']).toBe('linear');
      expect(model.countParams()).toBe(23_564_800 + 2048 * 10 + 10);
      model.dispose();
    });
  });

  it.each([
    [{inputShape: [31, 32, 3]}, 'inputShape', /at least 32x32/],
    [{inputShape: [72, 72]}, 'inputShape', /\[height, width, channels\]/],
    [{classes: 0}, 'classes', /`classes` must be >= 1; got 0/],
    [{classes: 2.5}, 'classes', /integer/],
    [{pooling: 'mean'}, 'pooling', /Valid values: 'avg', 'max'/],
    [{classifierActivation: 'softmaxx'}, 'classifierActivation', /Did you mean 'softmax'/],
    [{stages: [1, 1, 1, 1]}, 'stages', /fixed by the preset/],
    [{includeTop: 'yes'}, 'includeTop', /boolean/],
    [{seed: 1.5}, 'seed', /integer or a string/],
    [{clases: 10}, 'clases', /Did you mean `classes`/],
  ])('rejects %j with an InvalidArgumentError naming `%s`, allocating nothing', async (bad, argument, message) => {
    const err = await expectNoLeakOnThrow(() => resNet50V2(bad as never));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).argument).toBe(argument);
    expect((err as Error).message).toMatch(/^resNet50V2: /);
    expect((err as Error).message).toMatch(message);
  });
});

describe('preset registry', () => {
  it('lists the presets, sorted', () => {
    expect(listResNetV2Presets()).toEqual(['resnet26v2-w4-cifar', 'resnet50v2', 'resnet50v2-w8', 'resnet50v2-w8-cifar']);
  });

  it('gets frozen entries', () => {
    const p = getResNetV2Preset('resnet50v2');
    expect(p.architecture).toEqual({stages: [3, 4, 6, 3], filters: [64, 128, 256, 512], stemFilters: 64, stem: 'imagenet'});
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.architecture.stages)).toBe(true);
  });

  it('throws an UnknownOpError listing the names and suggesting the closest', async () => {
    const err = await expectNoLeakOnThrow(() => resNetV2Preset('resnet50v2-w9'));
    expect(err).toBeInstanceOf(UnknownOpError);
    const e = err as UnknownOpError;
    expect(e.op).toBe('resnet50v2-w9');
    expect(e.known).toEqual(listResNetV2Presets());
    expect(e.suggestion).toBe('resnet50v2-w8');
    expect(e.message).toMatch(/^resNetV2Preset: unknown `name` 'resnet50v2-w9'\. Known presets: resnet26v2-w4-cifar, resnet50v2, /);
    expect(() => getResNetV2Preset('nope')).toThrow(UnknownOpError);
  });

  it('builds every preset with the parameter count it declares, for its input shape and at 32x32', async () => {
    await expectNoLeak(() => {
      for (const name of listResNetV2Presets()) {
        const p = getResNetV2Preset(name);
        for (const inputShape of [p.inputShape, [32, 32, 3]]) {
          const model = resNetV2Preset(name, {includeTop: false, inputShape, seed: 1});
          expect([name, model.countParams()]).toEqual([name, p.paramsWithoutTop]);
          model.dispose();
        }
      }
    });
  });

  it('builds the small presets with the same block structure and names as ResNet50V2', async () => {
    await expectNoLeak(() => {
      const full = resNet50V2({includeTop: false, inputShape: [32, 32, 3], seed: 1});
      const small = resNetV2Preset('resnet50v2-w8', {includeTop: false, inputShape: [32, 32, 3], seed: 1});
      const cifar = resNetV2Preset('resnet50v2-w8-cifar', {includeTop: false, seed: 1});
      try {
        expect(small.layers.map((l) => l.name)).toEqual(full.layers.map((l) => l.name));
        expect(small.weights.map((w) => w.originalName)).toEqual(full.weights.map((w) => w.originalName));
        // Every width divided by 8; kernel sizes and the 3 input channels unchanged.
        expect(small.weights.map((w) => w.shape)).toEqual(full.weights.map((w) =>
          w.shape.map((d, j) => ((w.shape.length === 4 && j < 2) || d === 3 ? d : (d as number) / 8))));
        // The CIFAR stem: 3x3/1 conv, no pool1 layers, same blocks; 32x32 -> 4x4 x 256.
        expect(cifar.layers.map((l) => l.name)).toEqual(full.layers.map((l) => l.name).filter((n) => !n.startsWith('pool1_')));
        expect(cifar.getLayer('conv1_conv').getConfig()).toMatchObject({kernelSize: [3, 3], strides: [1, 1], useBias: true});
        expect(cifar.getLayer('conv1_pad').getConfig()['padding']).toEqual([[1, 1], [1, 1]]);
        expect(cifar.outputs[0]!.shape).toEqual([null, 4, 4, 256]);
        expect(small.outputs[0]!.shape).toEqual([null, 1, 1, 256]);
      } finally {
        full.dispose();
        small.dispose();
        cifar.dispose();
      }
    });
  });

  it('runs a forward pass of the tiny preset (+ no leak)', async () => {
    await expectNoLeak(async () => {
      const model = resNetV2Preset('resnet26v2-w4-cifar', {includeTop: true, classes: 5, seed: 4});
      const x = tf.randomUniform([3, 32, 32, 3], -1, 1, 'float32', 7);
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([3, 5]);
      const rows = (await y.array()) as number[][];
      for (const row of rows) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5); // softmax top
      expect(rows[0]).not.toEqual(rows[1]);
      tf.dispose([x, y]);
      model.dispose();
    });
  });

  it('uses the preset name and input shape by default and records them in the metadata', async () => {
    await expectNoLeak(() => {
      const model = resNetV2Preset('resnet50v2-w8', {includeTop: false, seed: 'abc'});
      expect(model.name).toBe('resnet50v2-w8');
      expect(model.inputs[0]!.shape).toEqual([null, 72, 72, 3]);
      expect(model.outputs[0]!.shape).toEqual([null, 3, 3, 256]);
      expect(model.getUserDefinedMetadata()).toEqual({
        consistencyTfjs: {builder: 'resNetV2Preset', preset: 'resnet50v2-w8', seed: new Rng('abc').seed},
      });
      model.dispose();
    });
  });

  it('agrees with resNetV2 given the same architecture and seed', async () => {
    await expectNoLeak(async () => {
      const a = resNetV2Preset('resnet26v2-w4-cifar', {includeTop: false, seed: 9});
      const b = resNetV2({...getResNetV2Preset('resnet26v2-w4-cifar').architecture, includeTop: false, inputShape: [32, 32, 3], seed: 9});
      const wa = a.getWeights();
      const wb = b.getWeights();
      for (let i = 0; i < wa.length; i++) expect(Array.from(await wb[i]!.data())).toEqual(Array.from(await wa[i]!.data()));
      a.dispose();
      b.dispose();
    });
  });
});
