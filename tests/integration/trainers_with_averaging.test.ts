// The SWA recipe end to end through the library's own loops: SupervisedTrainer (the teacher) and SelfTrainer (the
// student) with the SWA optimizer wrapper, the SwaCallback finaliser, ReduceLROnPlateau and array data sources.
import * as tf from '@tensorflow/tfjs-core';
import {SWA} from '../../src/optim/swa';
import {SwaCallback} from '../../src/optim/swa_callback';
import {getLearningRate} from '../../src/optim/learning_rate';
import {SupervisedTrainer} from '../../src/train/supervised_trainer';
import {SelfTrainer} from '../../src/train/self_trainer';
import {ReduceLROnPlateau} from '../../src/train/callbacks/reduce_lr_on_plateau';
import {TrainingCallback} from '../../src/train/callbacks/callback';
import {disposeBatch, type ImageBatch, type ViewBatch} from '../../src/data/batch_source';
import {expectNoLeak} from '../helpers/memory';
import {images, twoLayer, weightsOf} from '../train/models';

function imageBatches(n: number, seed: number): ImageBatch[] {
  const out: ImageBatch[] = [];
  for (let i = 0; i < n; i++) {
    const rows = Array.from({length: 4}, (_, r) => [Math.sin(seed + i * 4 + r), Math.cos(seed * 3 + i + r), (r % 2) - 0.5]);
    out.push({image: images(rows), label: tf.tensor1d([0, 1, 0, 1], 'int32')});
  }
  return out;
}

/** Records the trainable weights after every batch, to average them by hand. */
class Recorder extends TrainingCallback {
  steps: number[][][] = [];
  override async onBatchEnd() {
    this.steps.push(await weightsOf(this.training.model));
  }
}

describe('averaging through the library loops', () => {
  it('SupervisedTrainer + SWA optimizer + SwaCallback: the model ends with the average of the recorded snapshots', async () => {
    const data = imageBatches(3, 1);
    await expectNoLeak(async () => {
      const model = twoLayer(3, 4, 2);
      const inner = tf.train.sgd(0.1);
      const swa = new SWA(inner, {startAveraging: 2, averagePeriod: 2});
      const trainer = new SupervisedTrainer({model});
      trainer.compile({optimizer: swa});
      const recorder = new Recorder();
      const finaliser = new SwaCallback({}); // applies the optimizer's averages at train end
      // Listed first on purpose: the loop must still run the finaliser after the recorder.
      await trainer.fit(data, {epochs: 3, callbacks: [finaliser, recorder], verbose: 0});
      // 9 steps, k = 0..8; folds at k = 2, 4, 6, 8 (post-update weights of steps 3, 5, 7, 9).
      const snapshots = [2, 4, 6, 8].map((k) => recorder.steps[k]!);
      expect(swa.snapshotCount).toBe(4);
      expect(finaliser.outcome?.kept).toBe('averaged');
      const final = await weightsOf(model);
      final.forEach((w, i) => w.forEach((v, j) => {
        const mean = snapshots.reduce((s, snap) => s + snap[i]![j]!, 0) / snapshots.length;
        expect(v).toBeCloseTo(mean, 5);
      }));
      finaliser.dispose();
      trainer.dispose();
      swa.dispose();
      inner.dispose(); // SWA never disposes an inner optimizer the caller passed in
      model.dispose();
    });
    data.forEach(disposeBatch);
  });

  it('SelfTrainer: ReduceLROnPlateau reaches the inner optimizer through SWA, and SwaCallback averages epochs', async () => {
    const views: ViewBatch[] = imageBatches(2, 2).map((b) => ({clean: b.image, noisy: tf.mul(b.image, 0.9) as tf.Tensor4D, label: b.label!}));
    const val = imageBatches(1, 3);
    await expectNoLeak(async () => {
      const teacher = twoLayer(3, 4, 2);
      const student = twoLayer(3, 4, 2, 'batchnorm');
      const teacherBefore = await weightsOf(teacher);
      const inner = tf.train.adam(0.01);
      const opt = new SWA(inner, {startAveraging: 0, averagePeriod: 1000});
      const trainer = new SelfTrainer({student, teacher});
      trainer.compile({optimizer: opt});
      const plateau = new ReduceLROnPlateau({monitor: 'val_loss', patience: 1, factor: 0.5, minDelta: 1e9});
      const swaCb = new SwaCallback({startEpoch: 1, bnData: views.map((v) => ({image: v.noisy}))});
      const history = await trainer.fit(views, {epochs: 3, validationData: val, callbacks: [plateau, swaCb], verbose: 0});
      // minDelta 1e9: no epoch counts as an improvement after the first, so the rate halves at epochs 2 and 3.
      expect(history.history['lr']).toEqual([0.01, 0.01, 0.005]);
      expect(getLearningRate(inner)).toBeCloseTo(0.0025, 10);
      expect(swaCb.outcome?.kept).toBe('averaged');
      expect(swaCb.outcome?.snapshots).toBe(2); // ends of epochs 1 and 2 (0-based)
      expect(swaCb.outcome?.batchNormLayers.length).toBe(1);
      expect(await weightsOf(teacher)).toEqual(teacherBefore);
      swaCb.dispose();
      trainer.dispose();
      opt.dispose();
      inner.dispose();
      teacher.dispose();
      student.dispose();
    });
    views.forEach((v) => tf.dispose([v.clean, v.noisy, v.label]));
    val.forEach(disposeBatch);
  });
});
