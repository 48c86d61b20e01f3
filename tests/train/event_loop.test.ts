// Training and evaluation loops must give the event loop a turn between batches: otherwise a Ctrl-C handler, a
// timer or an abort signal fired by I/O waits until the whole fit() or evaluation is over.
import * as tf from '@tensorflow/tfjs-core';
import {SupervisedTrainer} from '../../src/train/supervised_trainer';
import {TrainingCallback} from '../../src/train/callbacks/callback';
import {evaluateRobustness} from '../../src/eval/robustness';
import {AbortedError} from '../../src/errors';
import {expectNoLeak} from '../helpers/memory';
import {images, linear} from './models';

class TimerProbe extends TrainingCallback {
  fired = false;
  firedBeforeBatch: number | null = null;
  override async onTrainBegin() {
    setImmediate(() => { this.fired = true; });
  }
  override async onBatchBegin(batch: number) {
    if (this.fired && this.firedBeforeBatch === null) this.firedBeforeBatch = batch;
  }
}

describe('loops yield to the event loop between batches', () => {
  it('fit(): a setImmediate scheduled at train begin runs before the second batch', async () => {
    await expectNoLeak(async () => {
      const model = linear(2, 2);
      const trainer = new SupervisedTrainer({model});
      trainer.compile({optimizer: 'sgd'});
      const probe = new TimerProbe();
      function* data() {
        for (let i = 0; i < 4; i++) yield {image: images([[1, 0], [0, 1]]), label: tf.tensor1d([0, 1], 'int32')};
      }
      await trainer.fit(data, {epochs: 1, callbacks: [probe], verbose: 0});
      expect(probe.firedBeforeBatch).toBe(1);
      trainer.dispose();
      model.dispose();
    });
  });

  it('evaluateRobustness(): an abort from a timer stops the evaluation between batches', async () => {
    await expectNoLeak(async () => {
      const count = 40;
      const clean = {images: new Uint8Array(count * 4 * 4 * 3).fill(7), labels: new Int32Array(count), count, height: 4, width: 4};
      const controller = new AbortController();
      let batches = 0;
      setImmediate(() => controller.abort());
      const predict = (x: tf.Tensor4D) => {
        batches++;
        return tf.tidy(() => tf.reshape(tf.mean(x, [1, 2]), [x.shape[0], 3])) as tf.Tensor2D;
      };
      await expect(evaluateRobustness(predict, {clean, corruptions: ['contrast'], severities: [1], batchSize: 4,
        signal: controller.signal, seed: 1})).rejects.toThrow(AbortedError);
      expect(batches).toBeLessThan(10); // the clean set alone has 10 batches
    });
  });
});
