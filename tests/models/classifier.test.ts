// The example's classifier, one training step, save/load round trips and loading weights by name.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {InvalidArgumentError, UnknownOpError} from '../../src/errors';
import {buildClassifier} from '../../src/models/classifier';
import {resNet50V2, resNetV2Preset} from '../../src/models/presets';
import {resNetV2} from '../../src/models/resnet_v2';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {fileSystem, registerFileSystemRouter} from '../../src/node/file_io';
import {Rng} from '../../src/random/rng';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

const TINY = 'resnet26v2-w4-cifar';

async function namedValues(model: tfl.LayersModel): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const w of model.weights) out[w.originalName] = Array.from(await w.read().data());
  return out;
}

async function saveToMemory(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts)};
  }));
  return saved!;
}

/** Images with integer values in 0..255, as the example feeds them. */
function images(n: number, size: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => tf.floor(tf.randomUniform([n, size, size, 3], 0, 256, 'float32', seed))) as tf.Tensor4D;
}

async function expectSameOutputs(a: tfl.LayersModel, b: tfl.LayersModel, x: tf.Tensor): Promise<void> {
  const ya = a.predict(x) as tf.Tensor;
  const yb = b.predict(x) as tf.Tensor;
  expect(Array.from(await yb.data())).toEqual(Array.from(await ya.data()));
  tf.dispose([ya, yb]);
}

describe('buildClassifier', () => {
  it('is the example\'s model: 23,585,290 parameters for ResNet50V2 at 72x72 with 10 classes', async () => {
    await expectNoLeak(() => {
      const model = buildClassifier({preset: 'resnet50v2', inputShape: [72, 72, 3], classes: 10, seed: 1});
      expect(model.layers.map((l) => `${l.name}:${l.getClassName()}`)).toEqual([
        'image:InputLayer', 'rescaling:Rescaling', 'resnet50v2:Model', 'global_average_pooling2d:GlobalAveragePooling2D',
        'dense:Dense',
      ]);
      expect(model.countParams()).toBe(23_585_290);
      const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce((a: number, b) => a * (b as number), 1), 0);
      expect(trainable).toBe(23_539_850);
      expect(model.outputs[0]!.shape).toEqual([null, 10]);
      expect(model.getLayer('dense').getConfig()['activation']).toBe('linear');
      expect(model.getLayer('rescaling').getConfig()).toMatchObject({scale: 1 / 127.5, offset: -1});
      expect((model.getLayer('resnet50v2') as tfl.LayersModel).outputs[0]!.shape).toEqual([null, 3, 3, 2048]);
      model.dispose();
    });
  });

  it('computes dense(mean_hw(backbone(x / 127.5 - 1))) as logits', async () => {
    await expectNoLeak(async () => {
      const backbone = resNetV2Preset(TINY, {includeTop: false, seed: 2});
      const model = buildClassifier({backbone, classes: 3, seed: 2});
      expect(model.getLayer(TINY)).toBe(backbone); // the given backbone, shared, not copied
      const x = images(2, 32, 1);
      const [kernel, bias] = model.getLayer('dense').getWeights();
      const expected = tf.tidy(() => {
        const features = tf.mean(backbone.predict(tf.sub(tf.div(x, 127.5), 1)) as tf.Tensor, [1, 2]);
        return tf.add(tf.matMul(features as tf.Tensor2D, kernel as tf.Tensor2D), bias!);
      });
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([2, 3]);
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(y, expected))));
      expect((await diff.data())[0]).toBeLessThan(1e-5);
      tf.dispose([x, y, expected, diff]);
      model.dispose(); // disposes the nested backbone too
    });
  });

  it('takes the preset\'s input shape by default and the same seed gives the same weights', async () => {
    await expectNoLeak(async () => {
      const a = buildClassifier({preset: TINY, classes: 4, seed: 'run-1'});
      const b = buildClassifier({preset: TINY, classes: 4, seed: 'run-1'});
      const c = buildClassifier({preset: TINY, classes: 4, seed: 'run-2', name: 'student'});
      expect(a.inputs[0]!.shape).toEqual([null, 32, 32, 3]);
      expect(a.name).toBe('classifier');
      expect(c.name).toBe('student');
      const [va, vb, vc] = (await Promise.all([a, b, c].map(namedValues))) as Array<Record<string, number[]>>;
      expect(vb).toEqual(va);
      expect(vc!['dense/kernel']).not.toEqual(va!['dense/kernel']);
      expect(vc!['conv1_conv/kernel']).not.toEqual(va!['conv1_conv/kernel']);
      expect(a.getUserDefinedMetadata()).toEqual({consistencyTfjs: {builder: 'buildClassifier', seed: new Rng('run-1').seed, preset: TINY}});
      for (const m of [a, b, c]) m.dispose();
    });
  });

  it('trains one step: gradients reach the nested backbone and its BatchNorm statistics move', async () => {
    await expectNoLeak(async () => {
      // A narrow imagenet-stem backbone keeps the step cheap on the CPU backend (8x8 maps after the stem).
      const backbone = resNetV2({stages: [2, 2], filters: [2, 4], stemFilters: 4, includeTop: false, inputShape: [32, 32, 3], seed: 3});
      const model = buildClassifier({backbone, classes: 3, seed: 3});
      const before = await namedValues(model);
      const x = images(4, 32, 2);
      const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3));
      const optimizer = tf.train.sgd(0.1);
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, {training: true}) as tf.Tensor) as tf.Scalar, true);
      expect(Number.isFinite((await loss!.data())[0])).toBe(true);
      const after = await namedValues(model);
      for (const name of ['dense/kernel', 'conv1_conv/kernel', 'conv2_block1_1_conv/kernel', 'post_bn/gamma',
        'conv2_block1_preact_bn/moving_mean', 'post_bn/moving_variance']) {
        expect([name, after[name]]).not.toEqual([name, before[name]]);
      }
      tf.dispose([x, labels, loss!]);
      disposeOptimizer(optimizer);
      model.dispose();
    });
  });

  it.each([
    [{preset: TINY}, 'classes', /`classes` must be an integer; got undefined/],
    [{preset: TINY, classes: 0}, 'classes', /must be >= 1; got 0/],
    [{classes: 10}, 'backbone', /exactly one of `backbone` and `preset`; got neither/],
    [{preset: TINY, inputShape: [24, 24, 3], classes: 10}, 'inputShape', /at least 32x32/],
    [{preset: TINY, classes: 10, seed: {}}, 'seed', /integer or a string/],
    [{preset: TINY, classes: 10, backbon: 1}, 'backbon', /Did you mean `backbone`/],
    [{backbone: {}, classes: 10}, 'backbone', /must be a tfjs LayersModel/],
  ])('rejects %j with an InvalidArgumentError naming `%s`, allocating nothing', async (bad, argument, message) => {
    const err = await expectNoLeakOnThrow(() => buildClassifier(bad as never));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).argument).toBe(argument);
    expect((err as Error).message).toMatch(/^buildClassifier: /);
    expect((err as Error).message).toMatch(message);
  });

  it('rejects an unknown preset with an UnknownOpError naming `preset`', async () => {
    const err = await expectNoLeakOnThrow(() => buildClassifier({preset: 'resnet50', classes: 10}));
    expect(err).toBeInstanceOf(UnknownOpError);
    expect((err as Error).message).toMatch(/^buildClassifier: unknown `preset` 'resnet50'\. Known presets: .*Did you mean 'resnet50v2'\?/);
  });

  it('rejects a pooled backbone, both sources, a mismatching inputShape and a clashing name', async () => {
    await expectNoLeak(async () => {
      const pooled = resNetV2Preset(TINY, {includeTop: false, pooling: 'avg', seed: 1});
      const plain = resNetV2Preset(TINY, {includeTop: false, seed: 1});
      const clashing = resNetV2Preset(TINY, {includeTop: false, seed: 1, name: 'dense'});
      const cases: Array<[object, string, RegExp]> = [
        [{backbone: pooled, classes: 2}, 'backbone', /rank-4 output .*Build it with includeTop: false and no pooling/],
        [{backbone: plain, preset: TINY, classes: 2}, 'preset', /got both/],
        [{backbone: plain, inputShape: [64, 64, 3], classes: 2}, 'inputShape', /must equal the backbone's input shape \[32, 32, 3\]/],
        [{backbone: clashing, classes: 2}, 'backbone', /must differ from the classifier's own layers .*got 'dense'/],
      ];
      for (const [args, argument, message] of cases) {
        const err = await expectNoLeakOnThrow(() => buildClassifier(args as never));
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect([argument, (err as InvalidArgumentError).argument]).toEqual([argument, argument]);
        expect((err as Error).message).toMatch(message);
      }
      for (const m of [pooled, plain, clashing]) m.dispose();
    });
  });
});

describe('saving and loading', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'models-'));
  });
  afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

  /** Loaded model equals the original: topology (nested backbone included), settings, every weight, outputs. */
  async function expectRoundTrip(original: tfl.LayersModel, loaded: tfl.LayersModel): Promise<void> {
    expect(loaded.layers.map((l) => `${l.name}:${l.getClassName()}`)).toEqual(original.layers.map((l) => `${l.name}:${l.getClassName()}`));
    const inner = loaded.getLayer(TINY) as tfl.LayersModel;
    const innerOriginal = original.getLayer(TINY) as tfl.LayersModel;
    expect(inner.layers.map((l) => l.name)).toEqual(innerOriginal.layers.map((l) => l.name));
    expect(inner.getLayer('conv2_block1_1_bn').getConfig()['epsilon']).toBe(1.001e-5);
    expect(inner.getLayer('conv2_block1_1_conv').getConfig()['useBias']).toBe(false);
    expect(loaded.weights.map((w) => w.originalName)).toEqual(original.weights.map((w) => w.originalName));
    expect(await namedValues(loaded)).toEqual(await namedValues(original));
    expect(loaded.getUserDefinedMetadata()).toEqual(original.getUserDefinedMetadata());
    const x = images(2, 32, 9);
    await expectSameOutputs(original, loaded, x);
    x.dispose();
  }

  it('round-trips the classifier with its nested backbone through an in-memory IOHandler', async () => {
    await expectNoLeak(async () => {
      const model = buildClassifier({preset: TINY, classes: 5, seed: 11});
      const artifacts = await saveToMemory(model);
      const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
      await expectRoundTrip(model, loaded);
      model.dispose();
      loaded.dispose();
    });
  });

  it('round-trips through fileSystem() and through file:// URLs', async () => {
    registerFileSystemRouter();
    await expectNoLeak(async () => {
      const model = buildClassifier({preset: TINY, classes: 5, seed: 12});
      await model.save(fileSystem(path.join(dir, 'handler')));
      const viaHandler = await tfl.loadLayersModel(fileSystem(path.join(dir, 'handler', 'model.json')));
      await expectRoundTrip(model, viaHandler);
      await model.save(`file://${dir}/url`);
      const viaUrl = await tfl.loadLayersModel(`file://${dir}/url/model.json`);
      await expectRoundTrip(model, viaUrl);
      for (const m of [model, viaHandler, viaUrl]) m.dispose();
    });
  });

  it('round-trips a full ResNet50V2 without top (weights only compared, no forward pass)', async () => {
    await expectNoLeak(async () => {
      const model = resNet50V2({includeTop: false, inputShape: [32, 32, 3], seed: 13});
      const loaded = await tfl.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
      expect(loaded.countParams()).toBe(23_564_800);
      expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
      const a = model.getWeights();
      const b = loaded.getWeights();
      expect(b).toHaveLength(270);
      for (let i = 0; i < a.length; i++) expect(tf.util.arraysEqual(await b[i]!.data(), await a[i]!.data())).toBe(true);
      model.dispose();
      loaded.dispose();
    });
  });

  it('loads Keras-named weights by name into a freshly built model of the same preset', async () => {
    await expectNoLeak(async () => {
      // Fixture: the weights of one model as a name -> tensor map (Keras names: conv1_conv/kernel, …), shuffled
      // so that only the names can match them up.
      const source = resNetV2Preset(TINY, {includeTop: false, seed: 21});
      const artifacts = await saveToMemory(source);
      const decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
      const names = Object.keys(decoded);
      expect(names).toContain('conv2_block1_preact_bn/moving_variance');
      const shuffled = Object.fromEntries(new Rng(1).shuffle([...names]).map((n) => [n, decoded[n]!]));

      const fresh = resNetV2Preset(TINY, {includeTop: false, seed: 22});
      expect(await namedValues(fresh)).not.toEqual(await namedValues(source));
      fresh.loadWeights(shuffled); // strict: every weight must be matched
      expect(await namedValues(fresh)).toEqual(await namedValues(source));

      // The same map fills the nested backbone of a classifier; the dense head keeps its own weights.
      const classifier = buildClassifier({preset: TINY, classes: 2, seed: 23});
      const head = (await namedValues(classifier))['dense/kernel'];
      classifier.loadWeights(shuffled, false);
      const loaded = await namedValues(classifier);
      for (const n of names) expect([n, loaded[n]]).toEqual([n, Array.from(await decoded[n]!.data())]);
      expect(loaded['dense/kernel']).toEqual(head);

      // A backbone-prefixed name is not repaired by tfjs (spec §7): strip the prefix before loading.
      const prefixed = {...shuffled, [`${TINY}/conv1_conv/kernel`]: decoded['conv1_conv/kernel']!};
      delete (prefixed as Record<string, tf.Tensor>)['conv1_conv/kernel'];
      expect(() => fresh.loadWeights(prefixed)).toThrow();

      tf.dispose(Object.values(decoded));
      for (const m of [source, fresh, classifier]) m.dispose();
    });
  });
});
