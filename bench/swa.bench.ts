// Training-step time of SWA(adam) and MovingAverage(adam) against plain adam on the same small model, in the
// same run (interleaved). The SWA overhead is one fold (3 element-wise ops + assign per trainable weight) every
// `averagePeriod` steps; `averagePeriod: 1` and the EMA (a fold every step) show the worst case.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {SWA} from '../src/optim/swa';
import {MovingAverage} from '../src/optim/ema';
import {compare, header, report} from './harness';

await tf.setBackend('cpu');
// A dense model: many parameters per FLOP, so the optimizer's share of a step (and any averaging overhead) is
// large; on a convnet the overhead is smaller still (on this backend convolution backprop dominates every step).
const BATCH = 32;
const FEATURES = 256;
const STEPS = 20;
const shapes = {input: [BATCH, FEATURES], model: `dense(${FEATURES})-relu-dense(${FEATURES})-relu-dense(10)`, stepsPerRun: STEPS};
const ctx = await header('swa', shapes);

function makeModel(): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({seed});
  return tfl.sequential({layers: [
    tfl.layers.dense({units: FEATURES, activation: 'relu', inputShape: [FEATURES], kernelInitializer: init(1)}),
    tfl.layers.dense({units: FEATURES, activation: 'relu', kernelInitializer: init(2)}),
    tfl.layers.dense({units: 10, kernelInitializer: init(3)}),
  ]});
}

const x = tf.randomUniform([BATCH, FEATURES], 0, 1, 'float32', 7);
const y = tf.cast(tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 8), 10), 'float32');

function trainer(optimizer: tf.Optimizer): () => void {
  const model = makeModel();
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar;
  return () => {
    for (let i = 0; i < STEPS; i++) optimizer.minimize(loss, false, vars);
  };
}

const params = makeModel().countParams();
console.log(`trainable parameters ${params}`);
const timings = await compare({
  'adam (baseline)': trainer(tf.train.adam(1e-3)),
  'SWA(adam), averagePeriod 10': trainer(new SWA(tf.train.adam(1e-3))),
  'SWA(adam), averagePeriod 1': trainer(new SWA(tf.train.adam(1e-3), {averagePeriod: 1})),
  'MovingAverage(adam)': trainer(new MovingAverage(tf.train.adam(1e-3))),
}, {warmup: 1, runs: 5});
report(ctx, timings, {baseline: 'adam (baseline)', unitsPerRun: STEPS, unit: 'steps'});
