// examples/cifar10.ts — consistency training with supervision, end to end.
//
// The Keras example "Consistency training with supervision" (Sayak Paul, 2021) as a sequence of library calls:
//   1. pick a backend, print the seed and the configuration;
//   2. load CIFAR-10 (or, with no local copy, the embedded synthetic-shapes-10 — named as such everywhere);
//   3. train the teacher with SWA, ReduceLROnPlateau and EarlyStopping, then assign the SWA average and refresh
//      BatchNorm (the step the Keras example forgot);
//   4. train an equal-size student with SelfTrainer on RandAugment views of the same images the teacher sees;
//   5. measure clean test accuracy and robustness to CIFAR-10-C corruptions (published files or the generator);
//   6. write results.json, report.md and charts into the output folder.
// `npm run example` runs the quick preset; `npm run example -- --help` lists the flags. Ctrl-C stops after the
// current batch, saves a checkpoint and writes a partial report; a second Ctrl-C quits at once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import {
  VERSION, RandAugment, parseRandAugmentConfig, buildClassifier, getResNetV2Preset, SWA, SwaCallback,
  SupervisedTrainer, SelfTrainer, EarlyStopping, ReduceLROnPlateau, cifarBatches, prefetch, trainValidationSplit,
  subsetSplit, syntheticShapes10, evaluateRobustness, corruptionError, isDatasetNotFoundError, AbortedError,
  type CifarSplit, type RobustnessResult, type History,
} from '../src/index';
import {selectBackend, loadCifar10, loadCifar10C, ModelCheckpoint, saveCheckpoint} from '../src/node/index';
import {adaptToBackend, parseConfig, USAGE} from './lib/config';
import {writeReport} from './lib/report';
import type {RunResults} from './lib/results';

const parsed = (() => {
  try {
    return parseConfig(process.argv.slice(2));
  } catch (e) {
    console.error(`cifar10: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
})();
if (parsed === 'help') {
  console.log(USAGE);
  process.exit(0);
}
const t0 = performance.now();
const elapsed = (since: number) => (performance.now() - since) / 1000;
const log = (line: string) => console.log(line);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---- 1. backend, seed, configuration ------------------------------------------------------------------------
log(`consistency-tfjs ${VERSION} · preset ${parsed.preset} · seed ${parsed.seed} · RandAugment ${parsed.randAugment}`);
const choice = await selectBackend({
  log: parsed.verbose ? (line) => log(`  ${line}`) : undefined,
  trainingKernels: parsed.trainingKernels,
});
log(`backend ${choice.backend}: ${choice.reason}`);
const {config, changed} = adaptToBackend(parsed, choice.backend);
const raConfig = parseRandAugmentConfig(config.randAugment);
if (changed.length) {
  log(`quick preset scaled down for the pure-JS cpu backend (${changed.join(', ')}); ` +
    'install @tensorflow/tfjs-node, or keep @tensorflow/tfjs-backend-wasm installed, for the full quick budget.');
}

const outDir = config.out ?? path.join('runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${config.preset}-${config.seed}`);
fs.mkdirSync(outDir, {recursive: true});
const results: RunResults = {
  schemaVersion: 1, status: 'running', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
  command: ['npm', 'run', 'example', '--', ...process.argv.slice(2)], seed: config.seed, preset: config.preset,
  config: {}, dataset: {name: '', synthetic: false, source: '', classes: [], train: 0, validation: 0, test: 0, note: ''},
  backend: {name: choice.backend, package: choice.package, reason: choice.reason, trainingKernels: choice.trainingKernels.map((k) => `${k.kernelName} (${k.kind})`)},
  versions: {node: process.version, tfjsCore: tf.version_core, tfjsLayers: tfl.version_layers, consistencyTfjs: VERSION},
  timings: {}, models: {teacher: null, student: null}, robustness: null,
};
const {given: _given, ...shownConfig} = config;
results.config = {...shownConfig, backendAdaptations: changed};

// Ctrl-C: stop the running phase after its current batch, keep what is done, write a partial report.
let interrupted = false;
let activeTrainer: {stopTraining: boolean} | null = null;
const abort = new AbortController();
let interruptedAt = 0;
process.on('SIGINT', () => {
  // A terminal's Ctrl-C reaches every process of the group, and npm forwards it too: one key press can arrive
  // twice, so only a second press at least a second later quits at once.
  if (interrupted) {
    if (Date.now() - interruptedAt > 1000) process.exit(130);
    return;
  }
  interrupted = true;
  interruptedAt = Date.now();
  if (activeTrainer) activeTrainer.stopTraining = true;
  abort.abort();
  console.error('\nInterrupted: stopping after the current batch (Ctrl-C again to quit now)…');
});

async function finish(status: RunResults['status'], error?: string): Promise<never> {
  results.status = status;
  if (error) results.error = error;
  results.timings['total'] = elapsed(t0);
  const files = await writeReport(outDir, results);
  log(`\n${status === 'complete' ? 'Report' : `Partial report (${status})`}: ${files.map((f) => path.join(outDir, f)).join(', ')}`);
  process.exit(status === 'complete' ? 0 : status === 'interrupted' ? 130 : 1);
}

try {
  // ---- 2. data --------------------------------------------------------------------------------------------------
  let tPhase = performance.now();
  let data: {train: CifarSplit; test: CifarSplit; classes: string[]; name: string; synthetic: boolean; source: string; note: string};
  const wantCifar = config.dataset === 'cifar10' || config.dataset === 'auto';
  let loaded: Awaited<ReturnType<typeof loadCifar10>> | null = null;
  if (wantCifar) {
    try {
      loaded = await loadCifar10({dataDir: config.dataDir ?? undefined, download: config.download});
    } catch (e) {
      if (config.dataset === 'cifar10' || !isDatasetNotFoundError(e)) throw e;
      log(`No copy of CIFAR-10 is reachable (${(e as Error).message.split('\n')[0]}).`);
      log('Using the embedded synthetic-shapes-10 dataset instead: procedurally drawn shapes, NOT CIFAR-10.');
    }
  }
  if (loaded) {
    data = {train: loaded.train, test: loaded.test, classes: loaded.classes, name: 'CIFAR-10', synthetic: false,
      source: loaded.source ?? config.dataDir ?? 'cache', note: ''};
  } else {
    const synth = syntheticShapes10({seed: config.seed, trainCount: (config.trainImages ?? 10000) + config.validationImages,
      testCount: Math.max(config.testImages ?? 2000, config.robustnessImages ?? 0)});
    data = {train: synth.train, test: synth.test, classes: [...synth.classes], name: 'synthetic-shapes-10', synthetic: true,
      source: `generated from seed ${config.seed}`,
      note: 'It stands in for CIFAR-10 on machines without a copy; accuracies are not comparable with CIFAR-10 results.'};
  }
  const firstN = (split: CifarSplit, n: number | null) => (n === null || n >= split.count ? split : subsetSplit(split, Array.from({length: n}, (_, i) => i)));
  const {train: trainAll, validation} = trainValidationSplit(data.train, {validationSize: config.validationImages});
  const train = firstN(trainAll, config.trainImages);
  const test = firstN(data.test, config.testImages);
  Object.assign(results.dataset, {name: data.name, synthetic: data.synthetic, source: data.source, classes: data.classes,
    train: train.count, validation: validation.count, test: test.count, note: data.note});
  log(`data: ${data.name} (${data.source}): ${train.count} train, ${validation.count} validation, ${test.count} test images`);
  results.timings['data'] = elapsed(tPhase);

  const size = config.cropTo;
  const sizes = {resizeTo: config.resizeTo, cropTo: size, testSize: size};
  const batches = {batchSize: config.batchSize, ...sizes};
  const trainClean = cifarBatches(train, {...batches, seed: config.seed});
  const valSource = cifarBatches(validation, {...batches, preprocess: 'test', shuffle: false});
  const testSource = cifarBatches(test, {...batches, preprocess: 'test', shuffle: false});
  const bnSource = cifarBatches(train, {...batches, seed: config.seed + 1});
  const stepsPerEpoch = config.stepsPerEpoch ?? undefined;
  const classes = data.classes.length;
  const inputShape: [number, number, number] = [size, size, 3];
  const architecture = `${config.model} (${getResNetV2Preset(config.model).description ?? 'ResNetV2'})`;
  const history = (h: History) => ({epoch: [...h.epoch], ...Object.fromEntries(Object.entries(h.history).map(([k, v]) => [k, v.map(Number)]))});
  const paramsOf = (m: tfl.LayersModel) => m.countParams();
  // A redrawn bar on a terminal; one line per epoch when the output goes to a file or a CI log.
  const fitVerbose = config.verbose === 1 && !process.stdout.isTTY ? 2 : config.verbose;

  // ---- 3. teacher: SWA, ReduceLROnPlateau, EarlyStopping; SWA average assigned and BatchNorm refreshed -------------
  tPhase = performance.now();
  const teacherSteps = config.teacherEpochs * Math.min(stepsPerEpoch ?? Infinity, trainClean.batchesPerPass);
  const swaStart = config.swaStartFraction === null ? config.swaStart : Math.floor(config.swaStartFraction * teacherSteps);
  log(`\nteacher: ${config.model}, ${plural(config.teacherEpochs, 'epoch')}, SWA(adam ${config.learningRate}) averaging every ` +
    `${config.swaPeriod} steps from step ${swaStart} of ${teacherSteps}`);
  const teacher = buildClassifier({preset: config.model, inputShape, classes, seed: config.seed, name: 'teacher'});
  results.config['swaStartStep'] = swaStart;
  const teacherOpt = new SWA(tf.train.adam(config.learningRate), {startAveraging: swaStart, averagePeriod: config.swaPeriod});
  const teacherTrainer = new SupervisedTrainer({model: teacher});
  teacherTrainer.compile({optimizer: teacherOpt});
  const valAccuracy = async (m: tfl.LayersModel) => {
    const probe = new SupervisedTrainer({model: m});
    probe.compile({optimizer: 'sgd'});
    const r = await probe.evaluate(valSource);
    probe.dispose();
    return r['accuracy'] ?? 0;
  };
  const swaFinish = new SwaCallback({
    bnData: bnSource, bnOptions: {maxBatches: 20, inputKey: 'image'},
    selectBy: {score: valAccuracy, mode: 'max'}, // keep the better of the SWA average and the restored best weights
  });
  activeTrainer = teacherTrainer;
  const teacherHistory = await teacherTrainer.fit(prefetch(trainClean), {
    epochs: config.teacherEpochs, stepsPerEpoch, validationData: valSource, verbose: fitVerbose,
    callbacks: [
      new ReduceLROnPlateau(config.teacherPlateau),
      new EarlyStopping({monitor: 'val_loss', patience: config.earlyStoppingPatience, restoreBestWeights: true}),
      new ModelCheckpoint({dir: path.join(outDir, 'checkpoints', 'teacher'), monitor: 'val_loss'}),
      swaFinish,
    ],
  });
  activeTrainer = null;
  const teacherNotes = [`SWA: ${teacherOpt.snapshotCount} snapshots; kept the ${swaFinish.outcome?.kept ?? 'live'} weights` +
    (swaFinish.outcome?.scores ? ` (val accuracy averaged ${swaFinish.outcome.scores.averaged.toFixed(4)}, live ${swaFinish.outcome.scores.live.toFixed(4)})` : '') +
    `; BatchNorm refreshed in ${swaFinish.outcome?.batchNormLayers.length ?? 0} layers`];
  results.models.teacher = {architecture, params: paramsOf(teacher), history: history(teacherHistory),
    epochsRun: teacherHistory.epoch.length, clean: null, notes: teacherNotes};
  if (interrupted) {
    await saveCheckpoint(path.join(outDir, 'checkpoints', 'teacher', 'interrupted'), {model: teacher, epoch: teacherHistory.epoch.length});
    await finish('interrupted');
  }
  const teacherClean = await teacherTrainer.evaluate(testSource);
  results.models.teacher.clean = {accuracy: teacherClean['accuracy']!, loss: teacherClean['loss']!, samples: test.count};
  results.timings['teacher'] = elapsed(tPhase);
  log(`teacher clean test accuracy ${(100 * teacherClean['accuracy']!).toFixed(2)}% (${teacherNotes[0]})`);
  await writeReport(outDir, results);

  // ---- 4. student: SelfTrainer on RandAugment views of the teacher's images ------------------------------------------
  tPhase = performance.now();
  // The reference's translate (100 px) and cutout (40 px) constants are for 72x72 crops; scale them with the crop.
  const scale = config.scaleAugmentToImage ? size / 72 : 1;
  const randAugment = new RandAugment({...raConfig, seed: config.seed,
    translateConst: Math.round(100 * scale), cutoutConst: Math.round(40 * scale)});
  log(`\nstudent: ${config.model}, ${plural(config.studentEpochs, 'epoch')}, T = ${config.temperature}, alpha = ${config.alpha}` +
    `${config.scaleByTSquared ? ', T^2 scaling' : ''}, RandAugment ${randAugment.toString()}` +
    (scale !== 1 ? ` (translate ${Math.round(100 * scale)} px, cutout ${Math.round(40 * scale)} px for ${size}x${size})` : ''));
  const student = buildClassifier({preset: config.model, inputShape, classes, seed: config.seed + 1, name: 'student'});
  const studentTrainer = new SelfTrainer({student, teacher});
  studentTrainer.compile({optimizer: tf.train.adam(config.learningRate), temperature: config.temperature,
    alpha: config.alpha, scaleByTSquared: config.scaleByTSquared});
  const views = cifarBatches(train, {...batches, seed: config.seed + 2, noisy: (x: tf.Tensor4D) => randAugment.distort(x) as tf.Tensor4D});
  const studentEarlyStop = new EarlyStopping({monitor: 'val_accuracy', patience: config.earlyStoppingPatience, restoreBestWeights: true});
  activeTrainer = studentTrainer;
  const studentHistory = await studentTrainer.fit(prefetch(views), {
    epochs: config.studentEpochs, stepsPerEpoch, validationData: valSource, verbose: fitVerbose,
    callbacks: [
      new ReduceLROnPlateau(config.studentPlateau),
      studentEarlyStop,
      new ModelCheckpoint({dir: path.join(outDir, 'checkpoints', 'student'), monitor: 'val_accuracy'}),
    ],
  });
  activeTrainer = null;
  results.models.student = {architecture, params: paramsOf(student), history: history(studentHistory),
    epochsRun: studentHistory.epoch.length, clean: null,
    notes: [`restored best epoch ${studentEarlyStop.bestEpoch + 1} (val_accuracy ${Number(studentEarlyStop.best).toFixed(4)})`]};
  if (interrupted) {
    await saveCheckpoint(path.join(outDir, 'checkpoints', 'student', 'interrupted'), {model: student, epoch: studentHistory.epoch.length});
    await finish('interrupted');
  }
  const studentClean = await studentTrainer.evaluate(testSource);
  results.models.student.clean = {accuracy: studentClean['accuracy']!, loss: studentClean['loss']!, samples: test.count};
  results.timings['student'] = elapsed(tPhase);
  log(`student clean test accuracy ${(100 * studentClean['accuracy']!).toFixed(2)}%`);
  await writeReport(outDir, results);

  // ---- 5. robustness: CIFAR-10-C (published files) or the corruption generator -----------------------------------
  tPhase = performance.now();
  const published = config.cifarCDir !== null && !data.synthetic;
  const limit = config.robustnessImages ?? undefined;
  const resize = (x: tf.Tensor4D) => tf.image.resizeBilinear(x, [size, size], false, true) as tf.Tensor4D;
  const evalOptions = {
    corruptions: config.corruptions ?? undefined, severities: config.severities, batchSize: 100, limit,
    preprocess: resize, seed: config.seed, skipUnavailable: true, signal: abort.signal,
    clean: firstN(data.test, limit ?? null),
    corrupted: published
      ? async (corruption: string, severity: number) =>
        (await loadCifar10C({dataDir: config.cifarCDir!, corruptions: [corruption], severities: [severity], download: false})).sets[0]!.split
      : undefined,
    onProgress: config.verbose && process.stderr.isTTY
      ? (p: {type: string; setsDone: number; setsTotal: number}) => {
        if (p.type === 'cell') process.stderr.write(`\r  robustness: ${p.setsDone}/${p.setsTotal} sets`);
      }
      : undefined,
  };
  log(`\nrobustness: ${published ? 'CIFAR-10-C files' : 'generated corruptions (an approximation of CIFAR-10-C)'}, ` +
    `severities ${config.severities.join(', ')}, ${limit ?? 'all'} images per set`);
  const predict = (m: tfl.LayersModel) => (x: tf.Tensor4D) => m.predict(x) as tf.Tensor2D;
  const teacherRob: RobustnessResult = await evaluateRobustness(predict(teacher), evalOptions);
  const studentRob: RobustnessResult = await evaluateRobustness(predict(student), {...evalOptions, baseline: teacherRob});
  if (process.stderr.isTTY && config.verbose) process.stderr.write('\n');
  const ce = corruptionError(studentRob, teacherRob);
  const acc = (r: RobustnessResult, c: string, s: number) => r.cells.find((x) => x.corruption === c && x.severity === s)?.accuracy ?? null;
  results.robustness = {
    source: published ? 'cifar10-c' : 'generated',
    note: (published
      ? 'Published CIFAR-10-C test sets.'
      : 'Corruptions made by the library\'s generator with the CIFAR-10-C severity parameters: an approximation of the published files (see docs/robustness.md).') +
      (teacherRob.skipped.length ? ` Skipped: ${teacherRob.skipped.map((s) => `${s.corruption} (${s.reason})`).join('; ')}.` : '') +
      (data.synthetic ? ' The images are synthetic-shapes-10 test images, not CIFAR-10.' : ''),
    severities: teacherRob.severities, corruptions: teacherRob.corruptions, samples: teacherRob.cells[0]?.count ?? 1,
    rows: teacherRob.cells.map((c) => ({corruption: c.corruption, severity: c.severity, teacher: c.accuracy, student: acc(studentRob, c.corruption, c.severity)})),
    mean: {teacher: teacherRob.meanAccuracy, student: studentRob.meanAccuracy},
    studentMceVsTeacher: ce.mCE,
  };
  results.timings['robustness'] = elapsed(tPhase);
  log(`mean accuracy over ${teacherRob.corruptions.length} corruptions: teacher ${(100 * teacherRob.meanAccuracy).toFixed(2)}%, ` +
    `student ${(100 * studentRob.meanAccuracy).toFixed(2)}%` + (ce.mCE == null ? '' : ` (student mCE vs teacher ${ce.mCE.toFixed(3)})`));

  // ---- 6. report ---------------------------------------------------------------------------------------------------
  randAugment.dispose();
  await finish('complete');
} catch (e) {
  if (e instanceof AbortedError || interrupted) await finish('interrupted');
  console.error(e);
  await finish('failed', (e as Error).message);
}
