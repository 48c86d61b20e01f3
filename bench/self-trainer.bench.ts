// SelfTrainer step time against its floor: a plain student step (optimizer.minimize of the supervised loss in
// training mode) plus a teacher forward pass (inference mode), on the same models and batch. Target ≤ 1.05.
// The candidate goes through the whole fit loop: batch checks, distillation loss, one host read per batch
// (finite-loss check + logs), BatchNorm snapshot, callbacks, disposal of the pulled batches.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {SelfTrainer} from '../src/train/self_trainer';
import {sparseSoftmaxCrossEntropy} from '../src/losses/sparse_cross_entropy';
import {compare, header, report} from './harness';

await tf.setBackend('cpu');
const B = 16;
const H = 8;
const STEPS = 8;
const shapes = {batch: [B, H, H, 3], model: 'conv3x3(8)+BN+relu → flatten → dense(10)', stepsPerRun: STEPS};
const ctx = await header('self-trainer', shapes);

function model(): tfl.LayersModel {
  return tfl.sequential({layers: [
    tfl.layers.conv2d({inputShape: [H, H, 3], filters: 8, kernelSize: 3, padding: 'same'}),
    tfl.layers.batchNormalization({}),
    tfl.layers.activation({activation: 'relu'}),
    tfl.layers.flatten(),
    tfl.layers.dense({units: 10}),
  ]});
}

const student = model();
const teacher = model();
const clean = tf.randomUniform([B, H, H, 3], 0, 255) as tf.Tensor4D;
const noisy = tf.randomUniform([B, H, H, 3], 0, 255) as tf.Tensor4D;
const label = tf.tensor1d(Array.from({length: B}, (_, i) => i % 10), 'int32');

const trainer = new SelfTrainer({student, teacher});
const optTrainer = tf.train.adam(1e-3);
trainer.compile({optimizer: optTrainer});
const optPlain = tf.train.adam(1e-3);
const vars = student.trainableWeights.map((w) => w.read() as tf.Variable);

function* batches() {
  // tf.clone shares the data: the trainer disposes what it pulls, the originals stay.
  for (let i = 0; i < STEPS; i++) yield {clean: tf.clone(clean), noisy: tf.clone(noisy), label: tf.clone(label)};
}

const timings = await compare({
  'SelfTrainer.fit step': async () => {
    await trainer.fit(batches, {epochs: 1, verbose: 0});
  },
  'plain student step + teacher forward (baseline)': async () => {
    for (let i = 0; i < STEPS; i++) {
      const zt = tf.tidy(() => teacher.apply(clean, {training: false}) as tf.Tensor2D);
      const loss = optPlain.minimize(() => sparseSoftmaxCrossEntropy(label, student.apply(noisy, {training: true}) as tf.Tensor2D), true, vars);
      await loss!.data(); // tfjs model.fit also resolves its batch loss
      tf.dispose([zt, loss!]);
    }
  },
}, {warmup: 1, runs: 11});
const result = report(ctx, timings, {baseline: 'plain student step + teacher forward (baseline)', unitsPerRun: STEPS, unit: 'steps'});
const rows = result['rows'] as Array<{label: string; medianMs: number}>;
const ratio = rows[0]!.medianMs / rows[1]!.medianMs;
console.log(`SelfTrainer / baseline time ratio: ${ratio.toFixed(3)} (target ≤ 1.05; timings on a shared machine are noisy)`);
tf.dispose([clean, noisy, label]);
