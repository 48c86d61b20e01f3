import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {splitToBatch} from '../../src/data/cifar_split';
import {SYNTHETIC_SHAPES_CLASSES, syntheticShapes10} from '../../src/data/synthetic';
import {InvalidArgumentError} from '../../src/errors';
import {disposeOptimizer} from '../../src/optim/dispose_optimizer';
import {expectNoLeak} from '../helpers/memory';

describe('syntheticShapes10', () => {
  it('is named honestly everywhere and shaped like a CIFAR dataset', () => {
    const data = syntheticShapes10({trainCount: 30, testCount: 20, seed: 1});
    expect(data.name).toBe('synthetic-shapes-10');
    expect(data.train.name).toBe('synthetic-shapes-10/train');
    expect(data.test.name).toBe('synthetic-shapes-10/test');
    expect(data.classes).toEqual(SYNTHETIC_SHAPES_CLASSES);
    expect(data.classes).toHaveLength(10);
    expect(data.classes).not.toContain('airplane');
    expect([data.train.count, data.train.images.length, data.train.labels.length]).toEqual([30, 30 * 3072, 30]);
    expect(Array.from(data.test.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(data.seed).toBe(1);
  });

  it('is deterministic from the seed, and image i does not depend on the split size', () => {
    const a = syntheticShapes10({trainCount: 40, testCount: 5, seed: 'abc'});
    const b = syntheticShapes10({trainCount: 40, testCount: 5, seed: 'abc'});
    const c = syntheticShapes10({trainCount: 40, testCount: 5, seed: 'abd'});
    const longer = syntheticShapes10({trainCount: 60, testCount: 5, seed: 'abc'});
    expect(Buffer.from(a.train.images).equals(Buffer.from(b.train.images))).toBe(true);
    expect(Buffer.from(a.train.images).equals(Buffer.from(c.train.images))).toBe(false);
    expect(Buffer.from(longer.train.images.subarray(0, 40 * 3072)).equals(Buffer.from(a.train.images))).toBe(true);
    // Train and test images are different draws.
    expect(Buffer.from(a.train.images.subarray(0, 3072)).equals(Buffer.from(a.test.images.subarray(0, 3072)))).toBe(false);
    const unseeded = syntheticShapes10({trainCount: 1, testCount: 0});
    expect(Number.isInteger(unseeded.seed)).toBe(true);
  });

  it('draws varied, non-degenerate colour images', () => {
    const {train} = syntheticShapes10({trainCount: 100, testCount: 0, seed: 2});
    const means: number[] = [];
    for (let i = 0; i < train.count; i++) {
      const img = train.images.subarray(i * 3072, (i + 1) * 3072);
      const mean = img.reduce((s, v) => s + v, 0) / 3072;
      const std = Math.sqrt(img.reduce((s, v) => s + (v - mean) ** 2, 0) / 3072);
      expect(std).toBeGreaterThan(5); // never a flat image
      means.push(mean);
      // colour: the three channels differ somewhere
      let colourful = false;
      for (let p = 0; p < 1024 && !colourful; p++) colourful = img[p * 3] !== img[p * 3 + 1] || img[p * 3 + 1] !== img[p * 3 + 2];
      expect(colourful).toBe(true);
    }
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(60); // backgrounds vary
  });

  it('rejects bad counts', () => {
    expect(() => syntheticShapes10({trainCount: -1})).toThrow(InvalidArgumentError);
    expect(() => syntheticShapes10({testCount: 1.5})).toThrow(/`testCount` must be an integer; got 1\.5/);
  });

  // A cheap check only (the CPU backend's convolution gradient is slow): scripts/synthetic-difficulty.ts measures
  // the same model on 5,000 images over several epochs (docs/data.md).
  it('is not solved by a small CNN in one epoch', async () => {
    const data = syntheticShapes10({trainCount: 128, testCount: 100, seed: 11});
    const accuracy = await expectNoLeak(async () => {
      const model = tfl.sequential({layers: [
        tfl.layers.rescaling({inputShape: [32, 32, 3], scale: 1 / 255}),
        // the 'small' model of scripts/synthetic-difficulty.ts
        tfl.layers.conv2d({filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({seed: 1})}),
        tfl.layers.conv2d({filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({seed: 2})}),
        tfl.layers.flatten(),
        tfl.layers.dense({units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({seed: 3})}),
      ]});
      model.compile({optimizer: tf.train.adam(3e-3), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']});
      const train = splitToBatch(data.train, {start: 0, end: data.train.count});
      const test = splitToBatch(data.test, {start: 0, end: data.test.count});
      const ytrain = tf.cast(train.label, 'float32');
      const ytest = tf.cast(test.label, 'float32');
      await model.fit(train.image, ytrain, {epochs: 1, batchSize: 32, shuffle: false, verbose: 0});
      const result = model.evaluate(test.image, ytest) as tf.Scalar[];
      const acc = (await result[1]!.data())[0]!;
      tf.dispose([train.image, train.label, test.image, test.label, ytrain, ytest, ...result]);
      disposeOptimizer(model.optimizer);
      model.dispose();
      return acc;
    });
    expect(accuracy).toBeLessThan(0.9);
  }, 300000);
});
