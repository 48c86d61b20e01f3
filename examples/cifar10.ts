// examples/cifar10.ts — the consistency-training experiment (teacher with SWA, RandAugment student).
//
// This first version only selects the backend and prints the run header; the experiment itself is
// wired in as the modules it uses land (see CHANGELOG.md). Run with `npm run example`.
import '@tensorflow/tfjs-backend-cpu';
import {Rng, VERSION} from '../src/index';
import {selectBackend} from '../src/node/index';

const seed = Number(process.env['SEED'] ?? 42);
const choice = await selectBackend({log: (line) => console.log(`  ${line}`)});
console.log(`consistency-tfjs ${VERSION} · backend ${choice.backend} (${choice.reason}) · tfjs ${choice.tfjsVersion}`);
console.log(`seed ${new Rng(seed).seed}`);
console.log('The experiment is not wired yet in this version: see CHANGELOG.md.');
