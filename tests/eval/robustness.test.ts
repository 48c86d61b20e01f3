import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {corruptPixels} from '../../src/corrupt/corrupt';
import {
  AbortedError, InvalidArgumentError, ShapeError, UnknownOpError, UnsupportedError,
} from '../../src/errors';
import {evaluateRobustness, type LabeledImages, type RobustnessProgress} from '../../src/eval/robustness';
import {ROBUSTNESS_PRESETS} from '../../src/eval/presets';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';
import {fakeFrostPhoto} from '../corrupt/images';

// Hand-made data: 4×4 images of one constant value; a model that says "class 1" when the mean value is
// above a threshold. Accuracies can then be read off the value lists below.
const H = 4;
const W = 4;
function set(values: number[], labels: number[]): LabeledImages {
  const images = new Uint8Array(values.length * H * W * 3);
  values.forEach((v, k) => images.fill(v, k * H * W * 3, (k + 1) * H * W * 3));
  return {images, labels: Int32Array.from(labels), count: values.length, height: H, width: W};
}
function thresholdModel(threshold: number) {
  return (x: tf.Tensor4D): tf.Tensor2D => tf.tidy(() => {
    const mean = tf.mean(x, [1, 2, 3]);
    return tf.stack([tf.fill([x.shape[0]], threshold), mean], 1) as tf.Tensor2D;
  });
}
const LABELS = [1, 1, 0, 0];
const clean = set([200, 150, 100, 50], LABELS); // A (>127): 4/4 right; B (>180): 3/4
const published = {
  fog: {1: set([200, 100, 100, 50], LABELS), 2: set([150, 100, 150, 50], LABELS)},
  frosted_glass_blur: {1: set([160, 250, 10, 10], LABELS), 2: set([100, 100, 200, 200], LABELS)},
};
const modelA = thresholdModel(127);
const modelB = thresholdModel(180);

describe('evaluateRobustness on published arrays (hand-computed)', () => {
  it('gives accuracies per cell, per corruption, per severity and the mean', async () => {
    const result = await expectNoLeak(() => evaluateRobustness(modelA, {
      clean, corrupted: published, corruptions: ['fog', 'glass_blur'], severities: [1, 2], batchSize: 3,
    }));
    expect(result.source).toBe('published');
    expect(result.seed).toBeNull();
    expect(result.clean).toEqual({correct: 4, count: 4, accuracy: 1, error: 0});
    expect(result.cells.map((c) => [c.corruption, c.severity, c.correct, c.accuracy])).toEqual([
      ['fog', 1, 3, 0.75], ['fog', 2, 2, 0.5], ['glass_blur', 1, 4, 1], ['glass_blur', 2, 0, 0],
    ]);
    expect(result.perCorruption).toEqual({fog: {accuracy: 0.625, error: 0.375}, glass_blur: {accuracy: 0.5, error: 0.5}});
    expect(result.perSeverity).toEqual({1: {accuracy: 0.875, error: 0.125}, 2: {accuracy: 0.25, error: 0.75}});
    expect(result.meanAccuracy).toBe(0.5625);
    expect(result.meanError).toBe(0.4375);
    expect(result.corruptionError).toBeNull();
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('computes CE, relative CE, mCE and relative mCE against a baseline result', async () => {
    const options = {clean, corrupted: published, corruptions: ['fog', 'frosted_glass_blur'], severities: [1, 2]};
    const baseline = await evaluateRobustness(modelB, options);
    // B errors: clean 0.25; fog 0.25, 0.5; glass 0.25, 1.
    expect(baseline.cells.map((c) => c.error)).toEqual([0.25, 0.5, 0.25, 1]);
    const result = await expectNoLeak(() => evaluateRobustness(modelA, {...options, baseline}));
    const ce = result.corruptionError!;
    // CE_fog = (0.25 + 0.5)/(0.25 + 0.5) = 1; CE_glass = (0 + 1)/(0.25 + 1) = 0.8; mCE = 0.9
    expect(ce.perCorruption['fog']!.ce).toBeCloseTo(1, 12);
    expect(ce.perCorruption['glass_blur']!.ce).toBeCloseTo(0.8, 12);
    expect(ce.mCE).toBeCloseTo(0.9, 12);
    // relative: fog (0.25 + 0.5)/(0 + 0.25) = 3; glass (0 + 1)/(0 + 0.75) = 4/3; mean 13/6
    expect(ce.perCorruption['fog']!.relativeCe).toBeCloseTo(3, 12);
    expect(ce.perCorruption['glass_blur']!.relativeCe).toBeCloseTo(4 / 3, 12);
    expect(ce.relativeMCE).toBeCloseTo(13 / 6, 12);
    expect(ce.corruptions).toEqual(['fog', 'glass_blur']);
  });

  it('accepts a provider function, a LayersModel, `limit` and a preprocessing hook', async () => {
    // Dense layer on the global average: logits [127, mean] — the same rule as modelA.
    const model = tfl.sequential({layers: [
      tfl.layers.globalAveragePooling2d({inputShape: [2, 2, 3]}),
      tfl.layers.dense({units: 2, weights: [tf.tensor2d([[0, 1 / 3], [0, 1 / 3], [0, 1 / 3]]), tf.tensor1d([127, 0])]}),
    ]});
    const seen: number[][] = [];
    const provider = (c: string, s: number) => {
      seen.push([s]);
      return (published as Record<string, Record<number, LabeledImages>>)[c === 'glass_blur' ? 'frosted_glass_blur' : c]![s]!;
    };
    const result = await expectNoLeak(() => evaluateRobustness(model, {
      corrupted: provider, corruptions: ['fog', 'glass_blur'], severities: [2, 1], limit: 2, batchSize: 1,
      preprocess: (x) => tf.image.resizeBilinear(x, [2, 2]),
    }));
    expect(seen).toHaveLength(4);
    expect(result.clean).toBeNull();
    // first two images only: fog s2 [150, 100] → 1/2; fog s1 [200, 100] → 1/2; glass s2 [100, 100] → 0; s1 [160, 250] → 1
    expect(result.cells.map((c) => [c.corruption, c.severity, c.correct, c.count])).toEqual([
      ['fog', 2, 1, 2], ['fog', 1, 1, 2], ['glass_blur', 2, 0, 2], ['glass_blur', 1, 2, 2],
    ]);
    expect(result.severities).toEqual([2, 1]);
    model.dispose();
  });

  it('reports progress after every batch and every set', async () => {
    const events: RobustnessProgress[] = [];
    await evaluateRobustness(modelA, {
      clean, corrupted: published, corruptions: ['fog'], severities: [1, 2], batchSize: 3,
      onProgress: (p) => { events.push(p); },
    });
    const cells = events.filter((e) => e.type === 'cell');
    expect(cells.map((e) => [e.phase, e.corruption, e.severity, e.accuracy, e.setsDone, e.setsTotal])).toEqual([
      ['clean', null, null, 1, 1, 3], ['corrupted', 'fog', 1, 0.75, 2, 3], ['corrupted', 'fog', 2, 0.5, 3, 3],
    ]);
    expect(events.filter((e) => e.type === 'batch').map((e) => `${e.batch}/${e.batches}`)).toEqual(['1/2', '2/2', '1/2', '2/2', '1/2', '2/2']);
  });

  it('the Keras-notebook preset names the 19 TFDS configs at severity 5', () => {
    expect(ROBUSTNESS_PRESETS.kerasNotebook.corruptions).toHaveLength(19);
    expect(ROBUSTNESS_PRESETS.kerasNotebook.severities).toEqual([5]);
    expect([...ROBUSTNESS_PRESETS.kerasNotebook.corruptions].sort()).toEqual([...ROBUSTNESS_PRESETS.kerasNotebook.corruptions]);
    expect(ROBUSTNESS_PRESETS.benchmark.corruptions).toHaveLength(15);
  });
});

describe('evaluateRobustness with the generator', () => {
  const images = new Uint8Array(6 * 8 * 8 * 3).map((_, i) => (i * 37 + (i >> 5) * 11) % 256);
  const cleanSet: LabeledImages = {images, labels: Int32Array.of(0, 1, 0, 1, 0, 1), count: 6, height: 8, width: 8};

  it('feeds the model exactly corruptPixels(clean, seed) whatever the batch size, and skips frost by default', async () => {
    const received: number[] = [];
    const recorder = (x: tf.Tensor4D) => {
      received.push(...(x.dataSync() as Float32Array)); // test-only spy
      return thresholdModel(127)(x);
    };
    const result = await expectNoLeak(() => evaluateRobustness(recorder, {clean: cleanSet, severities: [3], seed: 9, batchSize: 4}));
    expect(result.source).toBe('generated');
    expect(result.seed).toBe(9);
    expect(result.corruptions).toHaveLength(18);
    expect(result.skipped).toEqual([{corruption: 'frost', reason: expect.stringMatching(/frost photographs/)}]);
    const fogAt = result.corruptions.indexOf('fog');
    const size = images.length;
    const fed = received.slice(size * (1 + fogAt), size * (2 + fogAt)); // clean set first
    expect(fed).toEqual(Array.from(corruptPixels(images, [6, 8, 8, 3], 'fog', 3, {seed: 9})));
    const again = await evaluateRobustness(modelA, {clean: cleanSet, severities: [3], seed: 9, batchSize: 5});
    const first = await evaluateRobustness(modelA, {clean: cleanSet, severities: [3], seed: 9, batchSize: 4});
    expect(again.cells).toEqual(first.cells);
  });

  it('evaluates frost with photographs; explicit frost without them throws unless skipUnavailable', async () => {
    const withFrost = await evaluateRobustness(modelA, {
      clean: cleanSet, corruptions: ['frost'], severities: [1], seed: 1, frostImages: [fakeFrostPhoto(100)],
    });
    expect(withFrost.corruptions).toEqual(['frost']);
    const err = await expectNoLeakOnThrow(() => evaluateRobustness(modelA, {clean: cleanSet, corruptions: ['fog', 'frost']}));
    expect(err).toBeInstanceOf(UnsupportedError);
    expect((err as Error).message).toMatch(/skipUnavailable/);
    const skipped = await evaluateRobustness(modelA, {
      clean: cleanSet, ...ROBUSTNESS_PRESETS.kerasNotebook, corruptions: ['fog', 'frost'], skipUnavailable: true, seed: 1,
    });
    expect(skipped.corruptions).toEqual(['fog']);
    expect(skipped.skipped.map((s) => s.corruption)).toEqual(['frost']);
  });
});

describe('evaluateRobustness errors (checked before inference, no leaks)', () => {
  it('rejects bad models, options and data', async () => {
    const base = {clean, corrupted: published, corruptions: ['fog'], severities: [1]};
    const cases: Array<[unknown, unknown, unknown]> = [
      [{}, base, InvalidArgumentError],
      [modelA, {}, InvalidArgumentError],
      [modelA, {...base, severities: [0]}, InvalidArgumentError],
      [modelA, {...base, severities: [1, 1]}, InvalidArgumentError],
      [modelA, {...base, batchSize: 0}, InvalidArgumentError],
      [modelA, {...base, corruptions: ['rain']}, UnknownOpError],
      [modelA, {...base, severities: [3]}, InvalidArgumentError], // not in the record
      [modelA, {...base, clean: {...clean, count: 5}}, ShapeError],
      [modelA, {...base, clean: {images: [1, 2], labels: [0], count: 1}}, InvalidArgumentError],
    ];
    for (const [model, options, type] of cases) {
      const err = await expectNoLeakOnThrow(() => evaluateRobustness(model as never, options as never));
      expect(err).toBeInstanceOf(type as typeof Error);
    }
  });

  it('rejects a model output of the wrong shape without leaking', async () => {
    const bad = (x: tf.Tensor4D) => tf.zeros([x.shape[0] + 1, 2]);
    const err = await expectNoLeakOnThrow(() => evaluateRobustness(bad, {clean, corrupted: published, corruptions: ['fog'], severities: [1]}));
    expect(err).toBeInstanceOf(ShapeError);
  });

  it('stops with AbortedError when the signal fires', async () => {
    const controller = new AbortController();
    const err = await expectNoLeakOnThrow(() => evaluateRobustness(modelA, {
      clean, corrupted: published, corruptions: ['fog'], severities: [1, 2], batchSize: 1, signal: controller.signal,
      onProgress: (p) => { if (p.type === 'cell') controller.abort(); },
    }));
    expect(err).toBeInstanceOf(AbortedError);
    expect((err as Error).message).toMatch(/aborted during fog at severity 1/);
  });
});
