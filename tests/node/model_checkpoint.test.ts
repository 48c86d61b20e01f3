import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {ModelCheckpoint} from '../../src/node/model_checkpoint';
import {restoreCheckpoint, saveCheckpoint} from '../../src/node/checkpoint_io';
import {historyFileLogger} from '../../src/node/history_file';
import {fileSystem} from '../../src/node/file_io';
import {SelfTrainer} from '../../src/train/self_trainer';
import {Rng} from '../../src/random/rng';
import {getLearningRate, setLearningRate} from '../../src/optim/learning_rate';
import {InvalidArgumentError, NotSerializableError, ShapeError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';
import {images, linear, twoLayer, weightsOf} from '../train/models';

const X = [[1, 0], [0, 1], [1, 1], [2, -1], [-1, 2], [0.5, 0.5], [-1, -1], [2, 2]];
const Y = [0, 1, 2, 0, 1, 2, 0, 1];

/** Shuffled batches of 3, drawn from `rng` once per epoch (a fresh pass per call). */
function shuffled(rng: Rng) {
  return function* () {
    const order = Array.from(rng.permutation(X.length));
    for (let i = 0; i < order.length; i += 3) {
      const idx = order.slice(i, i + 3);
      const rows = idx.map((j) => X[j]!);
      yield {clean: images(rows), noisy: images(rows.map((r) => r.map((v) => v + 0.1))), label: tf.tensor1d(idx.map((j) => Y[j]!), 'int32')};
    }
  };
}

function pair(initial?: tf.Tensor[][]) {
  const student = twoLayer(2, 4, 3, 'batchnorm');
  const teacher = linear(2, 3);
  if (initial) {
    student.setWeights(initial[0]!);
    teacher.setWeights(initial[1]!);
  }
  return {student, teacher};
}

/** A stateless schedule: lr = 0.05 / 2^(epoch + 1) after each epoch (callback state is not checkpointed). */
const halve = (opt: tf.Optimizer) => ({onEpochEnd: (e: number) => { setLearningRate(opt, 0.05 / 2 ** (e + 1)); }});

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-')); });
afterEach(() => { fs.rmSync(dir, {recursive: true, force: true}); });

describe('ModelCheckpoint and restoreCheckpoint', () => {
  it('resume from the last checkpoint continues the same trajectory (weights, BN stats, Adam state, lr, epoch, RNG)', async () => {
    await expectNoLeak(async () => {
      // Reference: 5 uninterrupted epochs.
      const a = pair();
      const init = [a.student.getWeights().map((w) => tf.clone(w)), a.teacher.getWeights().map((w) => tf.clone(w))];
      const optA = tf.train.adam(0.05);
      const ta = new SelfTrainer(a);
      ta.compile({optimizer: optA});
      await ta.fit(shuffled(new Rng(7).fork('shuffle')), {epochs: 5, verbose: 0, callbacks: [halve(optA)]});
      const want = await weightsOf(a.student);

      // Interrupted: 2 epochs with a checkpoint, then a new process-like restart from disk.
      const b = pair(init);
      const optB = tf.train.adam(0.05);
      const tb = new SelfTrainer(b);
      tb.compile({optimizer: optB});
      const shuffleB = new Rng(7).fork('shuffle');
      const ckpt = new ModelCheckpoint({dir, monitor: 'loss', rng: {shuffle: shuffleB}});
      await tb.fit(shuffled(shuffleB), {epochs: 2, verbose: 0, callbacks: [halve(optB), ckpt]});
      expect(fs.readdirSync(path.join(dir, 'last')).sort()).toEqual(['model.json', 'optimizer.bin', 'state.json', 'weights.bin']);

      const c = pair(); // different initial weights: everything must come from the checkpoint
      const optC = tf.train.adam(0.05);
      const tc = new SelfTrainer({student: c.student, teacher: c.teacher});
      c.teacher.setWeights(init[1]!); // the teacher is the caller's (not checkpointed)
      tc.compile({optimizer: optC});
      const shuffleC = new Rng(7).fork('shuffle');
      const state = await restoreCheckpoint(path.join(dir, 'last'), {trainer: tc, rng: {shuffle: shuffleC}});
      expect(state.epoch).toBe(1);
      expect(state.initialEpoch).toBe(2);
      expect(optC.iterations).toBe(optB.iterations);
      expect(getLearningRate(optC)).toBeCloseTo(0.05 / 4, 12);
      await tc.fit(shuffled(shuffleC), {epochs: 5, initialEpoch: state.initialEpoch, verbose: 0,
        callbacks: [halve(optC)]});
      const got = await weightsOf(c.student);
      got.forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 5)));

      // Control: the same restart without the optimizer state lands elsewhere, so the check above is sensitive.
      const d = pair();
      d.teacher.setWeights(init[1]!);
      const optD = tf.train.adam(0.05);
      const td = new SelfTrainer(d);
      td.compile({optimizer: optD});
      const shuffleD = new Rng(7).fork('shuffle');
      await restoreCheckpoint(path.join(dir, 'last'), {trainer: td, rng: {shuffle: shuffleD}, restoreOptimizer: false});
      await td.fit(shuffled(shuffleD), {epochs: 5, initialEpoch: 2, verbose: 0, callbacks: [halve(optD)]});
      const off = (await weightsOf(d.student)).flat().reduce((m, v, k) => Math.max(m, Math.abs(v - want.flat()[k]!)), 0);
      expect(off).toBeGreaterThan(1e-3);
      optD.dispose();
      d.student.dispose();
      d.teacher.dispose();

      tf.dispose(init.flat());
      for (const o of [optA, optB, optC]) o.dispose();
      for (const m of [a, b, c]) { m.student.dispose(); m.teacher.dispose(); }
    });
  });

  it('writes best/ only when the monitored metric improves; the best model loads with tfjs', async () => {
    await expectNoLeak(async () => {
      const model = linear(2, 3);
      const opt = tf.train.sgd(0.1);
      model.compile({optimizer: opt, loss: 'sparseCategoricalCrossentropy'});
      const fake = [0.5, 0.3, 0.4];
      const kernels: number[] = [];
      const inject = new tfl.CustomCallback({onEpochEnd: async (e, logs) => {
        (logs as Record<string, number>)['val_loss'] = fake[e]!;
        kernels.push((await model.getWeights()[0]!.data())[0]!);
      }});
      const ckpt = new ModelCheckpoint({dir, saveLast: false});
      const x = images([[1, 0], [0, 1]]);
      const y = tf.tensor1d([0, 1]);
      await model.fit(x, y, {epochs: 3, verbose: 0, callbacks: [inject, ckpt]});
      expect(ckpt.bestEpoch).toBe(1);
      expect(fs.existsSync(path.join(dir, 'last'))).toBe(false);
      const state = JSON.parse(fs.readFileSync(path.join(dir, 'best', 'state.json'), 'utf8'));
      expect(state).toMatchObject({epoch: 1, monitor: 'val_loss', best: 0.3, learningRate: 0.1});
      const loaded = await tfl.loadLayersModel(fileSystem(path.join(dir, 'best')));
      expect((await loaded.getWeights()[0]!.data())[0]).toBeCloseTo(kernels[1]!, 6);
      loaded.dispose();
      tf.dispose([x, y]);
      opt.dispose();
      model.dispose();
    });
  });

  it('typed errors: missing folder, wrong architecture, other optimizer class, optimizer already stepped, missing RNG label', async () => {
    const model = linear(2, 3);
    const opt = tf.train.adam(0.01);
    await saveCheckpoint(path.join(dir, 'c'), {model, optimizer: opt, epoch: 0, rng: new Rng(1)});
    let e = await expectNoLeakOnThrow(() => restoreCheckpoint(path.join(dir, 'nope'), {model}));
    expect(e).toBeInstanceOf(NotSerializableError);
    const other = linear(2, 4);
    e = await expectNoLeakOnThrow(() => restoreCheckpoint(path.join(dir, 'c'), {model: other}));
    expect(e).toBeInstanceOf(ShapeError);
    const sgd = tf.train.sgd(0.1);
    e = await expectNoLeakOnThrow(() => restoreCheckpoint(path.join(dir, 'c'), {model, optimizer: sgd}));
    expect(String(e)).toMatch(/holds Adam state; got a SGD optimizer/);
    const stepped = tf.train.adam(0.01);
    const v = tf.variable(tf.scalar(1));
    stepped.minimize(() => tf.square(v) as tf.Scalar);
    e = await expectNoLeakOnThrow(() => restoreCheckpoint(path.join(dir, 'c'), {model, optimizer: stepped}));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    e = await expectNoLeakOnThrow(() => restoreCheckpoint(path.join(dir, 'c'), {model, rng: {augment: new Rng(1).fork('augment')}}));
    expect(String(e)).toMatch(/no RNG state 'augment'/);
    expect(() => new ModelCheckpoint({dir: ''})).toThrow(/`dir` must be a folder path/);
    tf.dispose([v]);
    for (const o of [opt, sgd, stepped]) o.dispose();
    model.dispose();
    other.dispose();
  });
});

describe('historyFileLogger', () => {
  it('keeps a CSV (or JSON by extension) file up to date after every epoch', async () => {
    const csv = historyFileLogger(path.join(dir, 'sub', 'h.csv'));
    const json = historyFileLogger(path.join(dir, 'h.json'));
    for (const cb of [csv, json]) {
      await cb.onTrainBegin();
      await cb.onEpochEnd(0, {loss: 1});
      await cb.onEpochEnd(1, {loss: 0.5, val_loss: 2});
    }
    expect(fs.readFileSync(path.join(dir, 'sub', 'h.csv'), 'utf8')).toBe('epoch,loss,val_loss\n0,1,\n1,0.5,2\n');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'h.json'), 'utf8'))).toEqual({epoch: [0, 1], history: {loss: [1, 0.5], val_loss: [null, 2]}});
    expect(() => historyFileLogger(path.join(dir, 'x'), {format: 'tsv' as never})).toThrow(/'csv', 'json'/);
  });
});
