// Corruption generator throughput: images/s of `corrupt(images, name, 3)` for each of the 19 corruptions on a
// batch of 32×32 images, against a copy through the same host round trip (read the tensor, build a new one)
// measured in the same run. Frost uses a synthetic 240×240 stand-in photograph.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {corrupt} from '../src/corrupt/corrupt';
import {corruptionNames} from '../src/corrupt/registry';
import {compare, header, report} from './harness';

const N = Number(process.env['BENCH_BATCH'] ?? 64);
const SEVERITY = 3;
const ctx = await header('corrupt', {images: [N, 32, 32, 3], dtype: 'float32', severity: SEVERITY});
const images = tf.tensor4d(Float32Array.from({length: N * 32 * 32 * 3}, (_, i) => (i * 37 + (i >> 7) * 13) % 256), [N, 32, 32, 3]);
const size = 240;
const frostImages = [{data: Uint8Array.from({length: size * size * 3}, (_, i) => 170 + ((i * 7919) % 80)), height: size, width: size}];

const fns: Record<string, () => Promise<void>> = {
  'copy via host (baseline)': async () => {
    const out = tf.tensor4d(await images.data(), images.shape);
    out.dispose();
  },
};
for (const name of corruptionNames()) {
  fns[name] = async () => {
    const out = await corrupt(images, name, SEVERITY, {seed: 1, frostImages});
    out.dispose();
  };
}
const timings = await compare(fns, {warmup: 1, runs: 5});
report(ctx, timings, {baseline: 'copy via host (baseline)', unitsPerRun: N, unit: 'images'});
images.dispose();
