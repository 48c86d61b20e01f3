// Host RNG throughput: Rng.uint32() against Math.random() (the unseeded baseline) in the same run.
import '@tensorflow/tfjs-backend-cpu';
import {Rng} from '../src/random/rng';
import {compare, header, report} from './harness';

const N = 2_000_000;
const ctx = await header('rng', {draws: N});
const rng = new Rng(1);
let sink = 0;
const timings = await compare({
  'Rng.uint32': () => { for (let i = 0; i < N; i++) sink ^= rng.uint32(); },
  'Rng.float': () => { for (let i = 0; i < N; i++) sink += rng.float(); },
  'Math.random (baseline)': () => { for (let i = 0; i < N; i++) sink += Math.random(); },
}, {runs: 5});
report(ctx, timings, {baseline: 'Math.random (baseline)', unitsPerRun: N, unit: 'draws'});
if (sink === 0.5) console.log('');
