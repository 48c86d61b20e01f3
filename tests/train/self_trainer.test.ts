import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {SelfTrainer} from '../../src/train/self_trainer';
import {klDivergence} from '../../src/losses/distillation';
import {EarlyStopping} from '../../src/train/callbacks/early_stopping';
import {ReduceLROnPlateau} from '../../src/train/callbacks/reduce_lr_on_plateau';
import {TrainingCallback} from '../../src/train/callbacks/callback';
import {getLearningRate} from '../../src/optim/learning_rate';
import {AlignmentError, InvalidArgumentError, NonFiniteLossError, ShapeError} from '../../src/errors';
import type {ViewBatch} from '../../src/data/batch_source';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';
import {images, linear, setWeights, softmax, twoLayer, weightsOf} from './models';

// spec §6 worked vector: with one-hot inputs and an identity first layer, the logits are the spec's.
const ZT = [[2, 1, 0], [0, 0, 3]];
const ZS = [[0.5, 0.2, -0.3], [1, -1, 0]];
const EYE = [[1, 0], [0, 1]];
const KL_GRAD = [[-0.027846, 0.008217, 0.019629], [0.088050, 0.008011, -0.096061]];

function specModels(teacherExtra: 'none' | 'dropout' = 'none') {
  const student = twoLayer(2, 2, 3);
  setWeights(student, [EYE, ZS]);
  const teacher = twoLayer(2, 2, 3, teacherExtra);
  setWeights(teacher, [EYE, ZT]);
  return {student, teacher};
}

const specBatch = (): ViewBatch => ({clean: images(EYE), noisy: images(EYE), label: tf.tensor1d([0, 2], 'int32')});

function disposeAll(...models: tfl.LayersModel[]) {
  for (const m of models) m.dispose();
}

describe('SelfTrainer: one hand-computed step on a 2-layer model', () => {
  it('loss components match the spec vector and the SGD update matches the hand gradient; the teacher never changes', async () => {
    await expectNoLeak(async () => {
      const {student, teacher} = specModels('dropout'); // teacher dropout 0.9 would scramble its logits in training mode
      const opt = tf.train.sgd(0.5);
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: opt, temperature: 2, distillationLoss: 'kl'});
      const teacherBefore = await weightsOf(teacher);
      const batchLogs: Array<Record<string, number>> = [];
      const h = await trainer.fit(() => [specBatch()], {
        epochs: 1, verbose: 0, callbacks: [{onBatchEnd: (_b: number, l?: Record<string, number>) => { batchLogs.push({...l}); }}],
      });
      expect(h.history['student_loss']![0]).toBeCloseTo(1.095787, 5);
      expect(h.history['distillation_loss']![0]).toBeCloseTo(0.188745, 5);
      expect(h.history['loss']![0]).toBeCloseTo(0.642266, 5);
      expect(h.history['accuracy']![0]).toBe(0.5); // argmax [0, 0] vs labels [0, 2]
      expect(h.history['acc']).toEqual(h.history['accuracy']);
      expect(batchLogs[0]!['loss']).toBeCloseTo(0.642266, 5);

      // Hand gradient: dL/dz = α (softmax(z) − onehot)/B + (1 − α) ∂KL/∂z (the spec's batch-mean KL gradient).
      const dz = ZS.map((row, b) => softmax(row).map((p, k) =>
        0.5 * (p - (k === [0, 2][b] ? 1 : 0)) / 2 + 0.5 * (KL_GRAD[b]![k] as number)));
      // z = x W1 W2 with x = I, W1 = I: dW2 = (x W1)ᵀ dz = dz; dW1 = xᵀ dz W2ᵀ = dz ZSᵀ.
      const dW1 = EYE.map((_, i) => EYE.map((__, j) => dz[i]!.reduce((acc, v, k) => acc + v * (ZS[j]![k] as number), 0)));
      const [w1, w2] = await weightsOf(student);
      EYE.flat().forEach((v, i) => expect(w1![i]).toBeCloseTo(v - 0.5 * (dW1.flat()[i] as number), 5));
      ZS.flat().forEach((v, i) => expect(w2![i]).toBeCloseTo(v - 0.5 * (dz.flat()[i] as number), 5));
      expect(await weightsOf(teacher)).toEqual(teacherBefore);
      expect(teacher.layers.every((l) => !l.trainable)).toBe(true);
      opt.dispose();
      disposeAll(student, teacher);
    });
  });

  it('the defaults are the example: T = 10, alpha 0.5, Keras-clipped KL, no T²', async () => {
    await expectNoLeak(async () => {
      const {student, teacher} = specModels();
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: 'sgd'});
      expect([trainer.temperature, trainer.alpha, trainer.scaleByTSquared]).toEqual([10, 0.5, false]);
      const h = await trainer.fit(() => [specBatch()], {epochs: 1, verbose: 0});
      const p = ZT.map((z) => softmax(z.map((v) => v / 10)));
      const q = ZS.map((z) => softmax(z.map((v) => v / 10)));
      const kl = p.map((row, b) => row.reduce((acc, pk, k) => acc + pk * Math.log(pk / (q[b]![k] as number)), 0));
      const klMean = (kl[0]! + kl[1]!) / 2;
      expect(h.history['distillation_loss']![0]).toBeCloseTo(klMean, 6);
      expect(h.history['loss']![0]).toBeCloseTo((1.095787 + klMean) / 2, 5);
      trainer.dispose();
      disposeAll(student, teacher);
    });
  });

  it('scaleByTSquared and alpha weight the components', async () => {
    await expectNoLeak(async () => {
      const {student, teacher} = specModels();
      const opt = tf.train.sgd(0);
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: opt, temperature: 2, scaleByTSquared: true});
      let h = await trainer.fit(() => [specBatch()], {epochs: 1, verbose: 0});
      expect(h.history['loss']![0]).toBeCloseTo(0.5 * 1.095787 + 0.5 * 4 * 0.188745, 5);
      trainer.compile({optimizer: opt, temperature: 2, alpha: 0.25, distillationLoss: 'softCrossEntropy'});
      h = await trainer.fit(() => [specBatch()], {epochs: 1, verbose: 0});
      expect(h.history['distillation_loss']![0]).toBeCloseTo(1.114752, 5);
      expect(h.history['loss']![0]).toBeCloseTo(0.25 * 1.095787 + 0.75 * 1.114752, 5);
      opt.dispose();
      disposeAll(student, teacher);
    });
  });

  it('accepts a user distillation loss and passes the temperature; a confidence mask zeroes unsure samples', async () => {
    await expectNoLeak(async () => {
      const {student, teacher} = specModels();
      const opt = tf.train.sgd(0);
      const seen: number[] = [];
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: opt, temperature: 3, distillationLoss: (t, s, o) => {
        seen.push(o.temperature);
        return tf.mean(tf.abs(tf.sub(t, s))) as tf.Scalar;
      }});
      const h = await trainer.fit(() => [specBatch()], {epochs: 1, verbose: 0});
      const mad = ZT.flat().reduce((a, v, i) => a + Math.abs(v - (ZS.flat()[i] as number)), 0) / 6;
      expect(h.history['distillation_loss']![0]).toBeCloseTo(mad, 6);
      expect(seen).toEqual([3]);
      // Teacher confidence at T = 1: sample 0 max 0.665, sample 1 max 0.910 → threshold 0.9 keeps only sample 1.
      trainer.compile({optimizer: opt, temperature: 2, distillationLoss: 'kl', confidenceMask: 0.9});
      const masked = await trainer.fit(() => [specBatch()], {epochs: 1, verbose: 0});
      expect(masked.history['distillation_loss']![0]).toBeCloseTo(0.348446 / 2, 5);
      trainer.compile({optimizer: opt, temperature: 2, distillationLoss: 'kl', confidenceMask: {threshold: 0.9, normalize: 'masked'}});
      const norm = await trainer.fit(() => [specBatch()], {epochs: 1, verbose: 0});
      expect(norm.history['distillation_loss']![0]).toBeCloseTo(0.348446, 5);
      opt.dispose();
      disposeAll(student, teacher);
    });
  });
});

describe('SelfTrainer: training-mode behaviour', () => {
  it('student BatchNorm statistics update (training mode); teacher BatchNorm statistics do not (inference mode)', async () => {
    await expectNoLeak(async () => {
      const student = twoLayer(2, 2, 3, 'batchnorm');
      const teacher = twoLayer(2, 2, 3, 'batchnorm');
      const trainer = new SelfTrainer({student, teacher});
      const opt = tf.train.adam(0.01);
      trainer.compile({optimizer: opt});
      const [sBefore, tBefore] = [await weightsOf(student), await weightsOf(teacher)];
      const batch = () => ({clean: images([[1, 2], [3, 4], [5, 6]]), noisy: images([[1, 2], [3, 4], [5, 7]]), label: tf.tensor1d([0, 1, 2], 'int32')});
      await trainer.fit(() => [batch(), batch()], {epochs: 2, verbose: 0});
      const [sAfter, tAfter] = [await weightsOf(student), await weightsOf(teacher)];
      const movingMean = student.getWeights().findIndex((_, i) => student.weights[i]!.originalName.includes('moving_mean'));
      expect(sAfter[movingMean]).not.toEqual(sBefore[movingMean]);
      expect(tAfter).toEqual(tBefore);
      opt.dispose();
      disposeAll(student, teacher);
    });
  });

  it('epoch logs are sample-weighted means of the batch values (unequal batch sizes)', async () => {
    await expectNoLeak(async () => {
      const student = linear(2, 3);
      const teacher = linear(2, 3);
      const opt = tf.train.sgd(0); // keep weights fixed so batch values are independent
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: opt, temperature: 2});
      const batches = () => [
        {clean: images([[1, 0], [0, 1], [1, 1]]), noisy: images([[1, 0], [0, 1], [1, 1]]), label: tf.tensor2d([[0], [1], [2]], [3, 1], 'int32')},
        {clean: images([[2, 2]]), noisy: images([[2, 2]]), label: tf.tensor2d([[1]])},
      ];
      const logs: Array<Record<string, number>> = [];
      const h = await trainer.fit(batches, {epochs: 1, verbose: 0, callbacks: [{onBatchEnd: (_b: number, l?: Record<string, number>) => { logs.push({...l}); }}]});
      for (const key of ['loss', 'student_loss', 'distillation_loss', 'accuracy']) {
        const want = (3 * logs[0]![key]! + 1 * logs[1]![key]!) / 4;
        expect(h.history[key]![0]).toBeCloseTo(want, 6);
      }
      expect(logs.map((l) => l['size'])).toEqual([3, 1]);
      opt.dispose();
      disposeAll(student, teacher);
    });
  });

  it('{image, label} batches with an augment function; the augmented view is disposed', async () => {
    await expectNoLeak(async () => {
      const student = linear(2, 3);
      const teacher = linear(2, 3);
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: 'adam'});
      let calls = 0;
      const h = await trainer.fit(() => [{image: images([[1, 2], [3, 4]]), label: tf.tensor1d([0, 1], 'int32')}], {
        epochs: 2, verbose: 0, augment: (x) => { calls++; return tf.add(x, 1) as tf.Tensor4D; },
      });
      expect(calls).toBe(2);
      expect(h.epoch).toEqual([0, 1]);
      // cleanView makes the teacher's view: with its input zeroed, the teacher's logits are its (zero) bias.
      let cleanCalls = 0;
      const teacherLogits: number[][] = [];
      trainer.compile({optimizer: 'adam', distillationLoss: (t, s2, o) => {
        teacherLogits.push(Array.from(t.dataSync()));
        return klDivergence(t, s2, o);
      }});
      await trainer.fit(() => [{image: images([[1, 2], [3, 4]]), label: tf.tensor1d([0, 1], 'int32')}], {
        epochs: 1, verbose: 0, augment: (x) => tf.add(x, 1) as tf.Tensor4D,
        cleanView: (x) => { cleanCalls++; return tf.zerosLike(x); },
      });
      expect(cleanCalls).toBe(1);
      expect(teacherLogits).toEqual([[0, 0, 0, 0, 0, 0]]);
      const err = await expectNoLeakOnThrow(() => trainer.fit(() => [{image: images([[1, 2]]), label: tf.tensor1d([0], 'int32')}], {epochs: 1, verbose: 0}));
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect(String(err)).toMatch(/no `augment` function/);
      trainer.dispose();
      disposeAll(student, teacher);
    });
  });
});

describe('SelfTrainer: bad input', () => {
  async function setup() {
    const student = linear(2, 3);
    const teacher = linear(2, 3);
    const opt = tf.train.adam(0.01);
    const trainer = new SelfTrainer({student, teacher});
    trainer.compile({optimizer: opt});
    return {student, teacher, opt, trainer, cleanup: () => { opt.dispose(); disposeAll(student, teacher); }};
  }

  it('a NaN loss stops with NonFiniteLossError naming epoch and batch; the last good weights stay', async () => {
    const {student, opt, trainer, cleanup} = await setup();
    const good = () => ({clean: images([[1, 2]]), noisy: images([[1, 2]]), label: tf.tensor1d([1], 'int32')});
    const bad = () => ({clean: images([[1, 2]]), noisy: images([[NaN, 2]]), label: tf.tensor1d([1], 'int32')});
    await trainer.fit(() => [good()], {epochs: 1, verbose: 0}); // creates Adam's slots
    let epoch = 0;
    const data = function* () {
      yield good();
      if (epoch++ === 0) yield good();
      else { yield bad(); yield good(); }
    };
    let after: number[][] = [];
    const err = await expectNoLeakOnThrow(() => trainer.fit(data, {
      epochs: 3, verbose: 0, callbacks: [{onBatchEnd: async (b: number) => { if (b === 0) after = await weightsOf(student); }}],
    }));
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect((err as NonFiniteLossError).epoch).toBe(1);
    expect((err as NonFiniteLossError).batch).toBe(1);
    expect(String(err)).toMatch(/loss is NaN at epoch 2, batch 2/);
    expect(await weightsOf(student)).toEqual(after); // the weights after the last good batch
    expect(opt.iterations).toBe(4);
    cleanup();
  });

  it('a NaN batch leaves BatchNorm statistics at their last good values', async () => {
    await expectNoLeak(async () => {
      const student = twoLayer(2, 2, 3, 'batchnorm');
      const teacher = linear(2, 3);
      const opt = tf.train.sgd(0.1);
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: opt});
      const before = await weightsOf(student);
      const bad = {clean: images([[1, 2], [3, 4]]), noisy: images([[NaN, 2], [3, 4]]), label: tf.tensor1d([1, 0], 'int32')};
      await expect(trainer.fit(() => [bad], {epochs: 1, verbose: 0})).rejects.toThrow(NonFiniteLossError);
      expect(await weightsOf(student)).toEqual(before);
      opt.dispose();
      disposeAll(student, teacher);
    });
  });

  it('mismatched batch sizes or label shapes throw ShapeError before any step', async () => {
    const {opt, trainer, cleanup} = await setup();
    const cases: Array<[() => ViewBatch, RegExp]> = [
      [() => ({clean: images([[1, 2], [3, 4]]), noisy: images([[1, 2]]), label: tf.tensor1d([1], 'int32')}), /same batch size; got 2 and 1/],
      [() => ({clean: images([[1, 2]]), noisy: images([[1, 2]]), label: tf.tensor1d([1, 0], 'int32')}), /label must have shape \[1\] or \[1,1\]; got \[2\]/],
      [() => ({clean: images([[1, 2]]), noisy: images([[1, 2]]), label: tf.tensor2d([[1, 0]], [1, 2], 'int32')}), /got \[1,2\]/],
      [() => ({clean: tf.zeros([1, 2]) as never, noisy: images([[1, 2]]), label: tf.tensor1d([1], 'int32')}), /`clean` must be \[B,H,W,C\]/],
    ];
    for (const [make, pattern] of cases) {
      const err = await expectNoLeakOnThrow(() => trainer.fit(() => [make()], {epochs: 1, verbose: 0}));
      expect(err).toBeInstanceOf(ShapeError);
      expect(String(err)).toMatch(pattern);
    }
    expect(opt.iterations).toBe(0);
    cleanup();
  });

  it('zipped (clean, noisy) batches: labels are compared; throw by default, warn or off on request', async () => {
    const {opt, trainer, cleanup} = await setup();
    const pair = (cl: number[], nl: number[]) => [
      {image: images(cl.map(() => [1, 2])), label: tf.tensor1d(cl, 'int32')},
      {image: images(nl.map(() => [1, 2])), label: tf.tensor2d(nl.map((v) => [v]))},
    ] as const;
    await trainer.fit(() => [pair([0, 1], [0, 1])], {epochs: 1, verbose: 0}); // creates Adam's slots
    await expectNoLeak(() => trainer.fit(() => [pair([0, 1], [0, 1])], {epochs: 1, verbose: 0}));
    const err = await expectNoLeakOnThrow(() => trainer.fit(() => [pair([0, 1], [1, 1])], {epochs: 1, verbose: 0}));
    expect(err).toBeInstanceOf(AlignmentError);
    expect(String(err)).toMatch(/labels differ in epoch 1, batch 1/);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expectNoLeak(() => trainer.fit(() => [pair([0, 1], [1, 1]), pair([0, 1], [1, 1])], {epochs: 1, verbose: 0, alignmentCheck: 'warn'}));
      expect(warn).toHaveBeenCalledTimes(1);
      await expectNoLeak(() => trainer.fit(() => [pair([0, 1], [1, 1])], {epochs: 1, verbose: 0, alignmentCheck: 'off'}));
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
    expect(opt.iterations).toBe(5); // warm-up, aligned, 2 × warn, off
    cleanup();
  });

  it('a callback that throws still leaves no pulled batch behind', async () => {
    const {trainer, cleanup} = await setup();
    const batch = () => ({clean: images([[1, 2]]), noisy: images([[1, 2]]), label: tf.tensor1d([1], 'int32')});
    await trainer.fit(() => [batch()], {epochs: 1, verbose: 0}); // creates Adam's slots
    for (const hook of ['onBatchBegin', 'onBatchEnd', 'onEpochEnd'] as const) {
      const err = await expectNoLeakOnThrow(() => trainer.fit(() => [batch()], {
        epochs: 1, verbose: 0, callbacks: [{[hook]: () => { throw new Error(`boom in ${hook}`); }}],
      }));
      expect(String(err)).toMatch(`boom in ${hook}`);
    }
    cleanup();
  });

  it('rejects bad construction, compile and fit arguments with typed errors', async () => {
    const {student, teacher, trainer, cleanup} = await setup();
    expect(() => new SelfTrainer({student, teacher: student})).toThrow(/same model/);
    expect(() => new SelfTrainer({student, teacher: {} as never})).toThrow(InvalidArgumentError);
    const wide = linear(2, 4);
    expect(() => new SelfTrainer({student, teacher: wide})).toThrow(/same number of classes; got 3 and 4/);
    wide.dispose();
    expect(() => trainer.compile({optimizer: 'adam', distillationLoss: 'KL' as never})).toThrow(/Valid values: 'kl', 'kerasKl'/);
    expect(() => trainer.compile({optimizer: 'adam', alpha: 1.5})).toThrow(/`alpha` must be <= 1/);
    expect(() => trainer.compile({optimizer: 'adam', temperature: 0})).toThrow(/temperature/);
    expect(() => trainer.compile({optimizer: {} as never})).toThrow(/tf.Optimizer/);
    await expect(trainer.fit(() => [], {epochs: 0})).rejects.toThrow(/`epochs` must be >= 1/);
    await expect(trainer.fit(() => [], {epochs: 2, initialEpoch: 2})).rejects.toThrow(/initialEpoch/);
    await expect(trainer.fit(() => [], {epochs: 1, alignmentCheck: 'never' as never})).rejects.toThrow(/'throw', 'warn', 'off'/);
    await expect(trainer.fit(() => [], {epochs: 1, verbose: 0})).rejects.toThrow(/yielded no batch in epoch 1/);
    const fresh = new SelfTrainer({student, teacher});
    await expect(fresh.fit(() => [], {epochs: 1})).rejects.toThrow(/not compiled/);
    cleanup();
  });
});

describe('SelfTrainer: callbacks, evaluate, predict', () => {
  // A generator: batches are made only when pulled (the trainer disposes what it pulls).
  const data = (n = 2) => function* () {
    for (let i = 0; i < n; i++) {
      yield {
        clean: images([[1, i], [i, 1], [2, 2], [0, 1]]), noisy: images([[1, i + 0.5], [i, 1], [2, 2.5], [0, 1]]),
        label: tf.tensor1d([0, 1, 2, 1], 'int32'),
      };
    }
  };
  const val = () => [{image: images([[1, 0], [0, 1], [2, 2]]), label: tf.tensor1d([0, 1, 2], 'int32')}];

  it('no tensor leaks across 50 steps including validation and callbacks; val_* and lr are logged', async () => {
    const student = twoLayer(2, 4, 3, 'batchnorm');
    const teacher = linear(2, 3);
    const opt = tf.train.adam(0.01);
    const trainer = new SelfTrainer({student, teacher});
    trainer.compile({optimizer: opt});
    const early = new EarlyStopping({monitor: 'val_accuracy', patience: 100, restoreBestWeights: true});
    const reduce = new ReduceLROnPlateau({monitor: 'val_loss', patience: 2, factor: 0.5});
    await trainer.fit(data(1), {epochs: 1, verbose: 0}); // creates Adam's slot variables (they live with the optimizer)
    const h = await expectNoLeak(() => trainer.fit(data(5), {epochs: 10, validationData: val, verbose: 0, callbacks: [reduce, early]}));
    expect(opt.iterations).toBe(51);
    for (const key of ['loss', 'student_loss', 'distillation_loss', 'accuracy', 'acc', 'val_loss', 'val_accuracy', 'val_acc', 'lr', 'learning_rate']) {
      expect(h.history[key]).toHaveLength(10);
    }
    expect(h.history['val_acc']).toEqual(h.history['val_accuracy']);
    opt.dispose();
    disposeAll(student, teacher);
  });

  it('EarlyStopping restores the student (not the teacher); ReduceLROnPlateau changes the optimizer; reusable across fits', async () => {
    await expectNoLeak(async () => {
      const student = linear(2, 3);
      const teacher = linear(2, 3);
      const opt = tf.train.adam(0.05);
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: opt});
      const snapshots: number[][][] = [];
      const fake = [0.5, 0.9, 0.6, 0.6, 0.6, 0.6]; // best val_accuracy at epoch 1
      const inject = {onEpochEnd: async (e: number, logs?: Record<string, number>) => {
        logs!['val_accuracy'] = fake[e]!;
        snapshots.push(await weightsOf(student));
      }};
      const early = new EarlyStopping({monitor: 'val_accuracy', patience: 2, restoreBestWeights: true});
      const reduce = new ReduceLROnPlateau({monitor: 'val_accuracy', patience: 1, factor: 0.5});
      const teacherBefore = await weightsOf(teacher);
      for (let run = 0; run < 2; run++) {
        snapshots.length = 0;
        const h = await trainer.fit(data(), {epochs: 6, verbose: 0, callbacks: [inject, reduce, early]});
        expect(h.epoch).toEqual([0, 1, 2, 3]);
        expect(early.stoppedEpoch).toBe(3);
        expect(await weightsOf(student)).toEqual(snapshots[1]);
        const lr0 = 0.05 / 4 ** run; // reductions at the end of epochs 2 and 3 of each run; lr is logged before them
        expect(h.history['lr']).toEqual([lr0, lr0, lr0, lr0 / 2]);
      }
      expect(getLearningRate(opt)).toBeCloseTo(0.05 / 16, 12);
      expect(await weightsOf(teacher)).toEqual(teacherBefore);
      opt.dispose();
      disposeAll(student, teacher);
    });
  });

  it('drives tfjs callbacks (setModel/setParams, hooks in order); runsLast finalisers end last; initialEpoch and stepsPerEpoch', async () => {
    await expectNoLeak(async () => {
      const student = linear(2, 3);
      const teacher = linear(2, 3);
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: 'sgd'});
      const events: string[] = [];
      class Finaliser extends TrainingCallback {
        override readonly runsLast = true;
        override async onTrainEnd() { events.push('final'); }
      }
      const custom = new tfl.CustomCallback({
        onTrainBegin: async () => { events.push('begin'); },
        onEpochBegin: async (e) => { events.push(`e${e}`); },
        onBatchEnd: async (b) => { events.push(`b${b}`); },
        onTrainEnd: async () => { events.push('end'); },
      });
      let seenModel: unknown;
      let params: Record<string, unknown> = {};
      const tfCb = new (class extends tfl.Callback {
        override async onEpochEnd() { seenModel = this.model; params = this.params as Record<string, unknown>; }
      })();
      const h = await trainer.fit(data(5), {epochs: 4, initialEpoch: 2, stepsPerEpoch: 2, verbose: 0, callbacks: [new Finaliser(), custom, tfCb]});
      expect(h.epoch).toEqual([2, 3]);
      expect(events).toEqual(['begin', 'e2', 'b0', 'b1', 'e3', 'b0', 'b1', 'end', 'final']);
      expect(seenModel).toBe(student);
      expect(params['epochs']).toBe(4);
      trainer.dispose();
      disposeAll(student, teacher);
    });
  });

  it('evaluate returns named metrics of the student; predict gives logits and predictProba probabilities', async () => {
    await expectNoLeak(async () => {
      const {student, teacher} = specModels();
      const trainer = new SelfTrainer({student, teacher});
      const metric = {name: 'top_prob', fn: (_l: tf.Tensor1D, p: tf.Tensor2D) => tf.mean(tf.max(p, 1)) as tf.Scalar};
      trainer.compile({optimizer: 'sgd', metrics: ['accuracy', metric]});
      const r = await trainer.evaluate(() => [
        {image: images([EYE[0]!]), label: tf.tensor1d([0], 'int32')},
        {image: images([EYE[1]!]), label: tf.tensor2d([[2]])},
      ]);
      expect(Object.keys(r).sort()).toEqual(['accuracy', 'loss', 'top_prob']);
      expect(r.loss).toBeCloseTo(1.095787, 5);
      expect(r.accuracy).toBe(0.5);
      expect(r['top_prob']).toBeCloseTo((Math.max(...softmax(ZS[0]!)) + Math.max(...softmax(ZS[1]!))) / 2, 5);
      const x = images(EYE);
      const logits = trainer.predict(x);
      const probs = trainer.predictProba(x, {batchSize: 1});
      expect(await logits.array()).toEqual(ZS.map((r2) => r2.map((v) => expect.closeTo(v, 5))));
      expect((await probs.array())[1]).toEqual(softmax(ZS[1]!).map((v) => expect.closeTo(v, 5)));
      tf.dispose([x, logits, probs]);
      trainer.dispose();
      disposeAll(student, teacher);
    });
  });
});
