import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {ReduceLROnPlateau} from '../../../src/train/callbacks/reduce_lr_on_plateau';
import {EarlyStopping} from '../../../src/train/callbacks/early_stopping';
import {portFromModel} from '../../../src/train/callbacks/callback';
import {InvalidArgumentError} from '../../../src/errors';
import {expectNoLeak} from '../../helpers/memory';
import {drive, fakeRun} from './fake_port';

const seq = (key: string, values: number[]) => values.map((v) => ({[key]: v}));
const flat = (n: number, first = 1, rest = 2) => Array.from({length: n}, (_, i) => (i === 0 ? first : rest));

/** Epochs (0-based) at whose end the LR changed, from the pre-change `lr` written into each epoch's logs. */
function reductions(logs: Array<Record<string, unknown>>, finalLr: number): number[] {
  const lrs = logs.map((l) => l['lr'] as number).concat(finalLr);
  return logs.map((_, e) => e).filter((e) => lrs[e + 1] !== lrs[e]);
}

describe('ReduceLROnPlateau (synthetic logs)', () => {
  it('reduces after exactly `patience` non-improving epochs and logs the pre-reduction lr', async () => {
    const run = fakeRun(0.1);
    const cb = new ReduceLROnPlateau({patience: 2, factor: 0.5});
    const {logs} = await drive(run, [cb], seq('val_loss', flat(6)));
    expect(reductions(logs, run.port.lr)).toEqual([2, 4]);
    expect(logs.map((l) => l['lr'])).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(logs.map((l) => l['learning_rate'])).toEqual(logs.map((l) => l['lr']));
    expect(run.port.lr).toBeCloseTo(0.025, 12);
    run.dispose();
  });

  it('cooldown 1 behaves like 0; cooldown 2 skips one epoch', async () => {
    const results: number[][] = [];
    for (const cooldown of [0, 1, 2]) {
      const run = fakeRun(1);
      const {logs} = await drive(run, [new ReduceLROnPlateau({patience: 1, cooldown})], seq('val_loss', flat(7)));
      results.push(reductions(logs, run.port.lr));
      run.dispose();
    }
    expect(results[0]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual([1, 3, 5]);
  });

  it('stops at the minLr floor, compared in float32, and does not reset wait there', async () => {
    const run = fakeRun(1e-3);
    const cb = new ReduceLROnPlateau({patience: 1, minLr: 1e-6, cooldown: 3});
    const {logs} = await drive(run, [cb], seq('val_loss', flat(16)));
    expect(run.port.lr).toBeCloseTo(1e-6, 15); // 1e-3·0.1³ is 1.0000000000000002e-6 in float64
    // reductions at 1, then cooldown 3 (counting resumes 2 epochs later): 4, 7; the floor is reached at 7.
    expect(reductions(logs, run.port.lr)).toEqual([1, 4, 7]);
    expect(cb.wait).toBeGreaterThan(1); // at the floor nothing resets wait
    run.dispose();
  });

  it("thresholdMode 'rel' uses a relative threshold", async () => {
    const abs = fakeRun(1);
    const rel = fakeRun(1);
    const values = [100, 99.995, 99.99];
    await drive(abs, [new ReduceLROnPlateau({patience: 1, minDelta: 1e-4})], seq('val_loss', values));
    await drive(rel, [new ReduceLROnPlateau({patience: 1, minDelta: 1e-3, thresholdMode: 'rel'})], seq('val_loss', values));
    expect(abs.port.lr).toBe(1); // every step improved by more than 1e-4
    expect(rel.port.lr).toBeCloseTo(0.01, 12); // neither step improved by 0.1 %
    abs.dispose();
    rel.dispose();
  });

  it('a missing key writes lr and warns once, without acting', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const run = fakeRun(1);
    try {
      const {logs} = await drive(run, [new ReduceLROnPlateau({patience: 0})], seq('loss', [1, 1, 1]));
      expect(logs.every((l) => l['lr'] === 1)).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
      run.dispose();
    }
  });

  it('state resets across two runs of the same instance', async () => {
    const cb = new ReduceLROnPlateau({patience: 2, cooldown: 5});
    const run = fakeRun(1);
    await drive(run, [cb], seq('val_loss', flat(3)));
    expect(run.port.lr).toBeCloseTo(0.1, 12);
    expect(cb.cooldownCounter).toBe(5);
    run.port.lr = 1;
    const {logs} = await drive(run, [cb], seq('val_loss', flat(3, 5, 6)));
    expect(reductions(logs, run.port.lr)).toEqual([2]); // best and cooldown reset; not 5 → 6 compared to 1
    run.dispose();
  });

  it('rejects factor ≥ 1 and bad numbers', () => {
    expect(() => new ReduceLROnPlateau({factor: 1})).toThrow(/`factor` must be < 1/);
    expect(() => new ReduceLROnPlateau({factor: 0})).toThrow(InvalidArgumentError);
    expect(() => new ReduceLROnPlateau({minLr: -1})).toThrow(/minLr/);
    expect(() => new ReduceLROnPlateau({thresholdMode: 'relative' as never})).toThrow(/'abs', 'rel'/);
  });

  it('spec §3 long run: reductions after 3, 6, 9 bad epochs, EarlyStopping at 10 (teacher and student)', async () => {
    await expectNoLeak(async () => {
      for (const [monitor, factor, values, lrs] of [
        ['val_loss', 0.1, flat(20, 1, 2), [1e-3, 1e-4, 1e-5, 1e-6]],
        ['val_accuracy', 0.5, flat(20, 0.5, 0.4), [1e-3, 5e-4, 2.5e-4, 1.25e-4]],
      ] as const) {
        const run = fakeRun(1e-3);
        const reduce = new ReduceLROnPlateau({monitor, patience: 3, factor});
        const early = new EarlyStopping({monitor, patience: 10, restoreBestWeights: true});
        const {epochs, logs} = await drive(run, [reduce, early], seq(monitor, [...values]), (e) => run.setAll(e));
        expect(reductions(logs, run.port.lr)).toEqual([3, 6, 9]);
        expect(epochs[epochs.length - 1]).toBe(10);
        expect(early.stoppedEpoch).toBe(10);
        const distinct = [...new Set(logs.map((l) => l['lr'] as number).concat(run.port.lr))];
        distinct.forEach((lr, i) => expect(lr).toBeCloseTo(lrs[i] as number, 12));
        expect(run.first()).toBe(0); // best epoch 0 restored
        run.dispose();
      }
    });
  });

  it('changes the next step of SGD (setter path) and Adam (field path) inside tfjs model.fit', async () => {
    await expectNoLeak(async () => {
      for (const make of [() => tf.train.sgd(0.1), () => tf.train.adam(0.1)]) {
        const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [1], kernelInitializer: 'zeros', useBias: false})]});
        const opt = make();
        model.compile({optimizer: opt, loss: 'meanSquaredError'});
        const x = tf.tensor2d([[1]]);
        const y = tf.tensor2d([[100]]);
        const kernels: number[] = [];
        const record = new tfl.CustomCallback({
          onEpochEnd: async (_e, logs) => {
            (logs as Record<string, number>)['val_loss'] = 1; // constant: never improves after epoch 0
            kernels.push((await model.getWeights()[0]!.data())[0] as number);
          },
        });
        const reduce = new ReduceLROnPlateau({patience: 1, factor: 0.01});
        await model.fit(x, y, {epochs: 3, callbacks: [record, reduce], verbose: 0});
        expect(portFromModel(model).getLearningRate()).toBeCloseTo(0.1 * 0.01 * 0.01, 12);
        const steps = kernels.map((k, i) => Math.abs(k - (i === 0 ? 0 : kernels[i - 1] as number)));
        // After the reduction at the end of epoch 1 the step at epoch 2 is ~100x smaller.
        expect((steps[2] as number) / (steps[1] as number)).toBeLessThan(0.05);
        tf.dispose([x, y]);
        opt.dispose();
        model.dispose();
      }
    });
  });
});
