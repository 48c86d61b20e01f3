import * as tf from '@tensorflow/tfjs-core';
import {ProgressBar} from '../../../src/train/callbacks/progress_bar';
import {SupervisedTrainer} from '../../../src/train/supervised_trainer';
import {expectNoLeak} from '../../helpers/memory';
import {images, linear} from '../models';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return {chunks, s: {isTTY, columns: 200, write: (t: string) => { chunks.push(t); }}};
}

describe('ProgressBar', () => {
  it('draws a bar with rate and ETA on a TTY (clock injected) and an epoch summary line', async () => {
    const {chunks, s} = stream(true);
    let now = 0;
    const bar = new ProgressBar({stream: s, nowFunc: () => now, updateEveryMs: 0, width: 10});
    bar.setParams({epochs: 2, steps: 4});
    await bar.onTrainBegin();
    await bar.onEpochBegin(0);
    for (let b = 0; b < 2; b++) {
      now += 500;
      await bar.onBatchEnd(b, {batch: b, size: 8, loss: b === 0 ? 1 : 0.5});
    }
    const last = chunks[chunks.length - 1]!;
    expect(last).toMatch(/^\r2\/4 \[=====>\.\.\.\.\] 2\.00 batch\/s ETA 0:01 - loss: 0\.7500/);
    now += 1000;
    await bar.onEpochEnd(0, {loss: 0.6, acc: 0.5, accuracy: 0.5, val_loss: 0.7});
    expect(chunks[0]).toBe('Epoch 1/2\n');
    expect(chunks[chunks.length - 1]).toMatch(/^\r2\/2 \[==========\] 0:02 - 1000ms\/step - loss: 0\.6000 - accuracy: 0\.5000 - val_loss: 0\.7000\x1b\[K\n$/);
  });

  it('throttles redraws to updateEveryMs', async () => {
    const {chunks, s} = stream(true);
    let now = 0;
    const bar = new ProgressBar({stream: s, nowFunc: () => now, updateEveryMs: 100});
    await bar.onTrainBegin();
    await bar.onEpochBegin(0);
    for (let b = 0; b < 10; b++) {
      now += 30;
      await bar.onBatchEnd(b, {loss: 1});
    }
    expect(chunks.filter((c) => c.startsWith('\r')).length).toBe(3); // at 30, 150, 270 ms
    expect(chunks[1]).toMatch(/^\r1\/\? /); // unknown steps in the first epoch: no ETA
  });

  it('is quiet when not a TTY in bar mode; epoch mode prints one line per epoch anywhere', async () => {
    const quiet = stream(false);
    const bar = new ProgressBar({stream: quiet.s});
    await bar.onTrainBegin();
    await bar.onEpochBegin(0);
    await bar.onBatchEnd(0, {loss: 1});
    await bar.onEpochEnd(0, {loss: 1});
    expect(quiet.chunks).toEqual([]);
    const lines = stream(false);
    let now = 0;
    const epoch = new ProgressBar({mode: 'epoch', stream: lines.s, nowFunc: () => now});
    epoch.setParams({epochs: 3});
    await epoch.onTrainBegin();
    await epoch.onEpochBegin(1);
    now = 2500;
    await epoch.onBatchEnd(0, {loss: 1});
    await epoch.onEpochEnd(1, {loss: 1e-5, lr: 0.001});
    expect(lines.chunks).toEqual(['Epoch 2/3 - 0:03 - 2500ms/step - loss: 1.000e-5 - lr: 0.0010\n']);
    expect(() => new ProgressBar({mode: 'fancy' as never})).toThrow(/'bar', 'epoch'/);
  });

  it('verbose 2 in a trainer prints epoch lines through process.stdout', async () => {
    await expectNoLeak(async () => {
      const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        const model = linear(2, 3);
        const trainer = new SupervisedTrainer({model});
        trainer.compile({optimizer: 'sgd'});
        await trainer.fit(() => [{image: images([[1, 2]]), label: tf.tensor1d([1], 'int32')}], {epochs: 2, verbose: 2});
        const text = write.mock.calls.map((c) => String(c[0])).join('');
        expect(text).toMatch(/Epoch 1\/2 - .* - loss: .* - accuracy: /);
        expect(text).toMatch(/Epoch 2\/2/);
        trainer.dispose();
        model.dispose();
      } finally {
        write.mockRestore();
      }
    });
  });
});
