// SelfTrainer step time against its floor: a plain student step (optimizer.minimize of the supervised loss in
// training mode) plus a teacher forward pass (inference mode), on the same models and batch. Target ≤ 1.05.
// The candidate goes through the whole fit loop: batch checks, distillation loss, one host read per batch
// (finite-loss check + logs), BatchNorm snapshot, callbacks, an event-loop turn, disposal of the pulled batches.
// Two settings: a tiny conv net on 8×8 images on the CPU backend, where the loop's fixed per-step work is as
// large a share as it can get, and the example's quick-preset model (resnet26v2-w8-cifar, 32×32, batch 32) on
// wasm with the training kernels, the setting the example actually trains in.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {SelfTrainer} from '../src/train/self_trainer';
import {sparseSoftmaxCrossEntropy} from '../src/losses/sparse_cross_entropy';
import {klDivergence} from '../src/losses/distillation';
import {buildClassifier} from '../src/models/classifier';
import {registerTrainingKernels} from '../src/kernels/register_training_kernels';
import {compare, header, report} from './harness';

interface Setting {
  name: string;
  backend: string;
  batch: number;
  size: number;
  steps: number;
  runs: number;
  model: () => tfl.LayersModel;
  description: string;
}

const SETTINGS: Setting[] = [
  {
    name: 'self-trainer', backend: 'cpu', batch: 16, size: 8, steps: 32, runs: 11,
    description: 'conv3x3(8)+BN+relu → flatten → dense(10)',
    model: () => tfl.sequential({layers: [
      tfl.layers.conv2d({inputShape: [8, 8, 3], filters: 8, kernelSize: 3, padding: 'same'}),
      tfl.layers.batchNormalization({}),
      tfl.layers.activation({activation: 'relu'}),
      tfl.layers.flatten(),
      tfl.layers.dense({units: 10}),
    ]}),
  },
  {
    name: 'self-trainer.resnet26v2-w8-cifar', backend: 'wasm', batch: 32, size: 32, steps: 4, runs: 15,
    description: 'buildClassifier(resnet26v2-w8-cifar), wasm + registerTrainingKernels()',
    model: () => buildClassifier({preset: 'resnet26v2-w8-cifar', inputShape: [32, 32, 3], classes: 10, seed: 1}),
  },
];

for (const s of SETTINGS) {
  await tf.setBackend(s.backend);
  await tf.ready();
  registerTrainingKernels();
  const ctx = await header(s.name, {batch: [s.batch, s.size, s.size, 3], model: s.description, stepsPerRun: s.steps});
  const student = s.model();
  const teacher = s.model();
  const clean = tf.randomUniform([s.batch, s.size, s.size, 3], 0, 255) as tf.Tensor4D;
  const noisy = tf.randomUniform([s.batch, s.size, s.size, 3], 0, 255) as tf.Tensor4D;
  const label = tf.tensor1d(Array.from({length: s.batch}, (_, i) => i % 10), 'int32');
  const trainer = new SelfTrainer({student, teacher});
  const optTrainer = tf.train.adam(1e-3);
  trainer.compile({optimizer: optTrainer});
  const optPlain = tf.train.adam(1e-3);
  const optLoss = tf.train.adam(1e-3);
  const vars = student.trainableWeights.map((w) => w.read() as tf.Variable);
  function* batches() {
    // tf.clone shares the data: the trainer disposes what it pulls, the originals stay.
    for (let i = 0; i < s.steps; i++) yield {clean: tf.clone(clean), noisy: tf.clone(noisy), label: tf.clone(label)};
  }
  const timings = await compare({
    'SelfTrainer.fit step': async () => {
      await trainer.fit(batches, {epochs: 1, verbose: 0});
    },
    'plain student step + teacher forward (baseline)': async () => {
      for (let i = 0; i < s.steps; i++) {
        const zt = tf.tidy(() => teacher.apply(clean, {training: false}) as tf.Tensor2D);
        const loss = optPlain.minimize(() => sparseSoftmaxCrossEntropy(label, student.apply(noisy, {training: true}) as tf.Tensor2D), true, vars);
        await loss!.data(); // tfjs model.fit also resolves its batch loss
        tf.dispose([zt, loss!]);
      }
    },
    // Not the target's baseline: the floor plus the SelfTrainer's own loss (CE and Keras-clipped KL at T = 10,
    // alpha 0.5), to tell the loss's cost from the loop's.
    'the same with the SelfTrainer loss (no loop)': async () => {
      for (let i = 0; i < s.steps; i++) {
        const zt = tf.tidy(() => teacher.apply(clean, {training: false}) as tf.Tensor2D);
        const loss = optLoss.minimize(() => {
          const logits = student.apply(noisy, {training: true}) as tf.Tensor2D;
          const dist = klDivergence(zt, logits, {temperature: 10, clip: 'keras'});
          return tf.add(tf.mul(sparseSoftmaxCrossEntropy(label, logits), 0.5), tf.mul(dist, 0.5)) as tf.Scalar;
        }, true, vars);
        await loss!.data();
        tf.dispose([zt, loss!]);
      }
    },
  }, {warmup: 1, runs: s.runs});
  const result = report(ctx, timings, {baseline: 'plain student step + teacher forward (baseline)', unitsPerRun: s.steps, unit: 'steps'});
  const rows = result['rows'] as Array<{label: string; medianMs: number; minMs: number}>;
  console.log(`${s.name}: SelfTrainer / baseline time ratio ${(rows[0]!.medianMs / rows[1]!.medianMs).toFixed(3)} (medians), ` +
    `${(rows[0]!.minMs / rows[1]!.minMs).toFixed(3)} (minima); target ≤ 1.05`);
  console.log(`${s.name}: SelfTrainer / (floor + its loss) ${(rows[0]!.medianMs / rows[2]!.medianMs).toFixed(3)} (medians): the loop's own share\n`);
  trainer.dispose();
  optTrainer.dispose();
  optPlain.dispose();
  optLoss.dispose();
  tf.dispose([clean, noisy, label]);
  student.dispose();
  teacher.dispose();
}
