import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {EarlyStopping} from '../../../src/train/callbacks/early_stopping';
import {InvalidArgumentError} from '../../../src/errors';
import {expectNoLeak} from '../../helpers/memory';
import {drive, fakeRun} from './fake_port';

const seq = (key: string, values: number[]) => values.map((v) => ({[key]: v}));

describe('EarlyStopping (synthetic logs)', () => {
  it('stops at best epoch + patience (min mode, val_loss default)', async () => {
    await expectNoLeak(async () => {
      const run = fakeRun();
      const es = new EarlyStopping({patience: 2});
      // best at epoch 1; epochs 2, 3 do not improve -> stop at the end of epoch 3 = 1 + 2.
      const {epochs} = await drive(run, [es], seq('val_loss', [1, 0.5, 0.6, 0.5, 0.1, 0.1]));
      expect(epochs).toEqual([0, 1, 2, 3]);
      expect(es.stoppedEpoch).toBe(3);
      expect(es.bestEpoch).toBe(1);
      expect(es.best).toBe(0.5);
      run.dispose();
    });
  });

  it('patience 0 stops at the first non-improving epoch after epoch 0; equal values never improve', async () => {
    const run = fakeRun();
    const es = new EarlyStopping({patience: 0, monitor: 'val_accuracy'});
    const {epochs} = await drive(run, [es], seq('val_accuracy', [0.5, 0.6, 0.6, 0.9]));
    expect(epochs).toEqual([0, 1, 2]);
    expect(es.stoppedEpoch).toBe(2);
    run.dispose();
  });

  it('minDelta: an improvement must exceed |minDelta|', async () => {
    const run = fakeRun();
    const es = new EarlyStopping({patience: 2, minDelta: -0.1, monitor: 'loss'});
    const {epochs} = await drive(run, [es], seq('loss', [1, 0.95, 0.85, 0.8, 0.79, 0.1]));
    // 0.95 is not < 1 − 0.1 (wait 1); 0.85 is (best, wait 0); 0.8 and 0.79 are not < 0.75: stop at epoch 4.
    expect(epochs).toEqual([0, 1, 2, 3, 4]);
    expect(es.best).toBe(0.85);
    run.dispose();
  });

  it('baseline never beaten: gate mode still tracks the best and stops at the first epoch with wait ≥ patience', async () => {
    const run = fakeRun();
    const gate = new EarlyStopping({monitor: 'val_accuracy', patience: 2, baseline: 0.9, restoreBestWeights: true});
    const values = [0.5, 0.6, 0.7, 0.8, 0.85];
    const {epochs} = await drive(run, [gate], seq('val_accuracy', values), (e) => run.setAll(e));
    // improvements at every epoch never reset wait (they miss the baseline), but an improving epoch never
    // stops: wait = 1,2,3,4,5 with early returns, so the run goes to the end.
    expect(epochs).toEqual([0, 1, 2, 3, 4]);
    expect(gate.best).toBe(0.85);
    expect(gate.bestEpoch).toBe(4);

    const flat = new EarlyStopping({monitor: 'val_accuracy', patience: 2, baseline: 0.9, restoreBestWeights: true});
    const r2 = await drive(run, [flat], seq('val_accuracy', [0.5, 0.4, 0.4, 0.4]), (e) => run.setAll(e + 10));
    // epoch 0 improves on undefined (wait 1 kept, not reset); epoch 1 → wait 2 ≥ 2, stop.
    expect(r2.epochs).toEqual([0, 1]);
    expect(flat.stoppedEpoch).toBe(1);
    expect(run.first()).toBe(10); // best epoch (0) restored
    run.dispose();
  });

  it('baseline never beaten: seed mode (Keras ≤ 2.4 / tfjs) never improves and restores the first epoch', async () => {
    const run = fakeRun();
    const seed = new EarlyStopping({monitor: 'val_accuracy', patience: 2, baseline: 0.9, baselineMode: 'seed', restoreBestWeights: true});
    const {epochs} = await drive(run, [seed], seq('val_accuracy', [0.5, 0.6, 0.7, 0.8, 0.85]), (e) => run.setAll(e));
    expect(epochs).toEqual([0, 1]);
    expect(seed.best).toBe(0.9);
    expect(run.first()).toBe(0);
    // A value beating the seeded baseline is an improvement.
    const r = await drive(run, [seed], seq('val_accuracy', [0.95, 0.5, 0.5, 0.5]));
    expect(r.epochs).toEqual([0, 1, 2]);
    expect(seed.best).toBe(0.95);
    run.dispose();
  });

  it('startFromEpoch: nothing is tracked during warm-up', async () => {
    const run = fakeRun();
    const es = new EarlyStopping({patience: 1, startFromEpoch: 3});
    const {epochs} = await drive(run, [es], seq('val_loss', [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]));
    expect(epochs).toEqual([0, 1, 2, 3, 4]);
    expect(es.bestEpoch).toBe(3);
    run.dispose();
  });

  it('restores the best weights at train end even when epochs run out (default), not in restoreOn stop mode', async () => {
    await expectNoLeak(async () => {
      const run = fakeRun();
      const values = [0.5, 0.3, 0.4, 0.45]; // best at epoch 1, patience 5 never triggers
      const es = new EarlyStopping({patience: 5, restoreBestWeights: true});
      await drive(run, [es], seq('val_loss', values), (e) => run.setAll(e + 1));
      expect(es.stoppedEpoch).toBe(0);
      expect(run.first()).toBe(2); // weights at the end of epoch 1
      expect(es.hasSnapshot).toBe(false); // freed after the restore

      const compat = new EarlyStopping({patience: 5, restoreBestWeights: true, restoreOn: 'stop'});
      await drive(run, [compat], seq('val_loss', values), (e) => run.setAll(e + 1));
      expect(run.first()).toBe(4); // last epoch kept (Keras ≤ 2.15)
      const stopping = new EarlyStopping({patience: 1, restoreBestWeights: true, restoreOn: 'stop'});
      await drive(run, [stopping], seq('val_loss', values), (e) => run.setAll(e + 1));
      expect(stopping.stoppedEpoch).toBe(2);
      expect(run.first()).toBe(2); // restored when it stopped
      run.dispose();
    });
  });

  it('the snapshot is a clone: later training does not change it', async () => {
    const run = fakeRun();
    const es = new EarlyStopping({patience: 3, restoreBestWeights: true});
    await drive(run, [es], seq('val_loss', [0.1, 0.2, 0.3]), (e) => run.setAll(100 + e));
    expect(run.first()).toBe(100);
    run.dispose();
  });

  it('a missing key warns once per fit, listing the available metrics, and never stops', async () => {
    const run = fakeRun();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const es = new EarlyStopping({monitor: 'val_loss', patience: 0});
      const {epochs} = await drive(run, [es], seq('loss', [1, 2, 3, 4]));
      expect(epochs).toEqual([0, 1, 2, 3]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/'val_loss' is not in the logs.*Available metrics are: loss/);
      await drive(run, [es], seq('loss', [1, 2]));
      expect(warn).toHaveBeenCalledTimes(2); // once more in the second run
    } finally {
      warn.mockRestore();
      run.dispose();
    }
  });

  it('val_accuracy matches tfjs val_acc logs', async () => {
    const run = fakeRun();
    const es = new EarlyStopping({monitor: 'val_accuracy', patience: 1});
    const {epochs} = await drive(run, [es], seq('val_acc', [0.5, 0.4, 0.3]));
    expect(epochs).toEqual([0, 1]);
    run.dispose();
  });

  it('state resets across two runs of the same instance', async () => {
    const run = fakeRun();
    const es = new EarlyStopping({patience: 1});
    const a = await drive(run, [es], seq('val_loss', [0.1, 0.2, 0.3]));
    const b = await drive(run, [es], seq('val_loss', [5, 4, 3, 4, 5]));
    expect(a.epochs).toEqual([0, 1]);
    expect(b.epochs).toEqual([0, 1, 2, 3]);
    expect(es.best).toBe(3);
    expect(es.stoppedEpoch).toBe(3);
    run.dispose();
  });

  it('prints 1-based epochs when verbose', async () => {
    const run = fakeRun();
    const lines: string[] = [];
    const es = new EarlyStopping({patience: 0, verbose: 1, restoreBestWeights: true, print: (m) => lines.push(m)});
    await drive(run, [es], seq('val_loss', [1, 2]));
    expect(lines).toEqual(['Epoch 2: early stopping', 'Restoring model weights from the end of the best epoch: 1.']);
    run.dispose();
  });

  it('rejects bad arguments and unknown auto directions', () => {
    expect(() => new EarlyStopping({patience: -1})).toThrow(InvalidArgumentError);
    expect(() => new EarlyStopping({mode: 'maximum' as never})).toThrow(/Valid values: 'auto', 'min', 'max'/);
    expect(() => new EarlyStopping({restoreOn: 'end' as never})).toThrow(/restoreOn/);
    expect(() => new EarlyStopping({monitor: 'val_total'})).toThrow(/Pass mode: 'max' or mode: 'min'/);
    expect(new EarlyStopping({monitor: 'val_total', mode: 'max'}).mode).toBe('max');
  });

  it('works inside tfjs model.fit: restores the best weights there too', async () => {
    await expectNoLeak(async () => {
      const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [1], kernelInitializer: 'zeros'})]});
      const opt = tf.train.sgd(0.1);
      model.compile({optimizer: opt, loss: 'meanSquaredError'});
      const x = tf.tensor2d([[1], [2]]);
      const y = tf.tensor2d([[1], [2]]);
      const kernels: number[] = [];
      // A fake metric that is best at epoch 1 (decreasing then increasing).
      const fakeLoss = [3, 1, 2, 4, 5];
      const inject = new tfl.CustomCallback({
        onEpochEnd: async (epoch, logs) => {
          (logs as Record<string, number>)['fake_loss'] = fakeLoss[epoch] as number;
          kernels.push((await model.getWeights()[0]!.data())[0] as number);
        },
      });
      const es = new EarlyStopping({monitor: 'fake_loss', patience: 2, restoreBestWeights: true});
      const h = await model.fit(x, y, {epochs: 5, callbacks: [inject, es], verbose: 0});
      expect(h.epoch).toEqual([0, 1, 2, 3]);
      expect(es.stoppedEpoch).toBe(3);
      expect((await model.getWeights()[0]!.data())[0]).toBeCloseTo(kernels[1] as number, 6);
      tf.dispose([x, y]);
      opt.dispose();
      model.dispose();
    });
  });
});
