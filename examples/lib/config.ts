// Presets and command-line flags of examples/cifar10.ts. `full` is the Keras example's settings; `quick` (the
// default) is the same recipe scaled down so that it finishes in minutes on a 2-core machine without a native backend.
import {parseArgs} from 'node:util';

export interface ExperimentConfig {
  preset: 'quick' | 'full';
  /** 'auto': CIFAR-10 when a local copy is reachable without downloading, else synthetic-shapes-10. */
  dataset: 'auto' | 'cifar10' | 'synthetic';
  dataDir: string | null;
  /** Allow downloading CIFAR-10 (170 MB) when it is neither in dataDir nor in the cache. */
  download: boolean;
  /** Folder of CIFAR-10-C (archive or extracted); without it, corruptions are generated. */
  cifarCDir: string | null;
  seed: number;
  out: string | null;
  /** ResNetV2 preset of teacher and student (same size, as in the example). */
  model: string;
  /** Training subset (images), null = all. */
  trainImages: number | null;
  validationImages: number;
  /** Test subset for clean accuracy, null = all. */
  testImages: number | null;
  resizeTo: number;
  cropTo: number;
  batchSize: number;
  teacherEpochs: number;
  studentEpochs: number;
  /** Cap on batches per epoch (null = whole pass): the CI smoke run uses 2. */
  stepsPerEpoch: number | null;
  learningRate: number;
  /** SWA of the teacher: fold every `swaPeriod` steps from step `swaStart` (TF-Addons semantics, 0-based). */
  swaStart: number;
  swaPeriod: number;
  /** When set, `swaStart` is this fraction of the teacher's planned steps (the SWA paper averages the last part). */
  swaStartFraction: number | null;
  randAugment: string;
  /** Scale RandAugment's translate and cutout constants by cropTo/72, so smaller crops see the reference's geometry. */
  scaleAugmentToImage: boolean;
  temperature: number;
  alpha: number;
  scaleByTSquared: boolean;
  teacherPlateau: {monitor: string; factor: number; patience: number};
  studentPlateau: {monitor: string; factor: number; patience: number};
  earlyStoppingPatience: number;
  /** Robustness evaluation: severities and images per corrupted set. */
  severities: number[];
  robustnessImages: number | null;
  corruptions: string[] | null;
  trainingKernels: boolean;
  verbose: 0 | 1 | 2;
  /** Flags given on the command line (so backend adaptations never override them). */
  given: string[];
}

const FULL: ExperimentConfig = {
  preset: 'full', dataset: 'cifar10', dataDir: null, download: true, cifarCDir: null, seed: 42, out: null,
  model: 'resnet50v2', trainImages: null, validationImages: 500, testImages: null, resizeTo: 96, cropTo: 72,
  batchSize: 128, teacherEpochs: 5, studentEpochs: 5, stepsPerEpoch: null, learningRate: 1e-3,
  swaStart: 0, swaPeriod: 10, swaStartFraction: null, randAugment: 'rand-m9-n2', scaleAugmentToImage: false, temperature: 10, alpha: 0.5, scaleByTSquared: false,
  teacherPlateau: {monitor: 'val_loss', factor: 0.1, patience: 3},
  studentPlateau: {monitor: 'val_accuracy', factor: 0.5, patience: 3},
  earlyStoppingPatience: 10, severities: [5], robustnessImages: null, corruptions: null, trainingKernels: true,
  verbose: 1, given: [],
};

const QUICK: ExperimentConfig = {
  ...FULL,
  preset: 'quick', dataset: 'auto', download: false, model: 'resnet26v2-w8-cifar', trainImages: 1500,
  validationImages: 300, testImages: 500, resizeTo: 40, cropTo: 32, batchSize: 32, teacherEpochs: 6,
  studentEpochs: 6, learningRate: 3e-3, swaPeriod: 12, swaStartFraction: 0.5, scaleAugmentToImage: true,
  robustnessImages: 200,
};

/**
 * What `quick` becomes on the pure-JavaScript CPU backend (no wasm, no tfjs-node), whose convolutions run at about
 * 0.5 GFLOP/s: the same recipe on a smaller model and budget, so that it still ends in minutes. Flags given on the
 * command line win over these values.
 */
export const QUICK_ON_PURE_JS_CPU: Partial<ExperimentConfig> = {
  model: 'resnet26v2-w4-cifar', trainImages: 600, validationImages: 200, testImages: 300, teacherEpochs: 2,
  studentEpochs: 2, swaPeriod: 6, robustnessImages: 100,
};

export const PRESETS: Readonly<Record<'quick' | 'full', ExperimentConfig>> = {quick: QUICK, full: FULL};

export const USAGE = `Usage: npm run example -- [options]

Runs the consistency-training experiment: a teacher trained with SWA, then an equal-size student trained by
SelfTrainer on RandAugment views, both evaluated on clean test images and on CIFAR-10-C-style corruptions.

  --preset quick|full      quick (default): small ResNetV2, a data subset, 32x32 crops, minutes without a
                           native backend (smaller still on the pure-JS cpu backend);
                           full: the Keras example (ResNet50V2, 72x72, batch 128, all of CIFAR-10)
  --dataset auto|cifar10|synthetic
                           auto (quick's default): CIFAR-10 if a local copy is found, else synthetic-shapes-10
  --data-dir DIR           a local CIFAR-10 copy (cifar-10-binary.tar.gz or cifar-10-batches-bin/)
  --download / --no-download   allow fetching CIFAR-10 (170 MB) when no local copy exists
  --cifar-c-dir DIR        CIFAR-10-C (CIFAR-10-C.tar or the extracted folder); otherwise corruptions are generated
  --seed N                 seed of everything (default 42)
  --out DIR                output folder (default runs/<date>-<preset>-<seed>)
  --model NAME             ResNetV2 preset of teacher and student
  --train-images N  --validation-images N  --test-images N  --robustness-images N
  --batch-size N  --teacher-epochs N  --student-epochs N  --steps-per-epoch N
  --image-size N           crop side (the resize before cropping scales with it: 96/72 of it)
  --temperature T  --alpha A  --t-squared      distillation settings (example: 10, 0.5, no T^2)
  --corruptions a,b,c      subset of the 19 corruptions; --severities 1,5
  --no-kernels             do not register the faster training kernels
  --quiet                  no progress bars
  -h, --help
`;

/** Parses argv into a config; throws with a one-line message on a bad flag. */
export function parseConfig(argv: string[]): ExperimentConfig | 'help' {
  const {values, tokens} = parseArgs({
    tokens: true,
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'preset': {type: 'string'}, 'dataset': {type: 'string'}, 'data-dir': {type: 'string'},
      'download': {type: 'boolean'}, 'no-download': {type: 'boolean'}, 'cifar-c-dir': {type: 'string'},
      'seed': {type: 'string'}, 'out': {type: 'string'}, 'model': {type: 'string'},
      'train-images': {type: 'string'}, 'validation-images': {type: 'string'}, 'test-images': {type: 'string'},
      'robustness-images': {type: 'string'}, 'batch-size': {type: 'string'}, 'teacher-epochs': {type: 'string'},
      'student-epochs': {type: 'string'}, 'steps-per-epoch': {type: 'string'}, 'image-size': {type: 'string'},
      'temperature': {type: 'string'}, 'alpha': {type: 'string'}, 't-squared': {type: 'boolean'},
      'corruptions': {type: 'string'}, 'severities': {type: 'string'}, 'no-kernels': {type: 'boolean'},
      'quiet': {type: 'boolean'}, 'help': {type: 'boolean', short: 'h'},
    },
  });
  if (values.help) return 'help';
  const preset = values.preset ?? 'quick';
  if (preset !== 'quick' && preset !== 'full') throw new Error(`--preset must be quick or full; got '${preset}'.`);
  const c: ExperimentConfig = structuredClone(PRESETS[preset]);
  const int = (name: string, v: string | undefined, min = 0): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}; got '${v}'.`);
    return n;
  };
  const real = (name: string, v: string | undefined, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}]; got '${v}'.`);
    return n;
  };
  if (values.dataset !== undefined) {
    if (!['auto', 'cifar10', 'synthetic'].includes(values.dataset)) {
      throw new Error(`--dataset must be auto, cifar10 or synthetic; got '${values.dataset}'.`);
    }
    c.dataset = values.dataset as ExperimentConfig['dataset'];
  }
  if (values['data-dir'] !== undefined) c.dataDir = values['data-dir'];
  if (values.download) c.download = true;
  if (values['no-download']) c.download = false;
  if (values['cifar-c-dir'] !== undefined) c.cifarCDir = values['cifar-c-dir'];
  c.seed = int('seed', values.seed) ?? c.seed;
  if (c.seed > 0xffffffff) throw new Error(`--seed must be below 2^32; got ${c.seed}.`);
  if (values.out !== undefined) c.out = values.out;
  if (values.model !== undefined) c.model = values.model;
  c.trainImages = int('train-images', values['train-images'], 1) ?? c.trainImages;
  c.validationImages = int('validation-images', values['validation-images'], 1) ?? c.validationImages;
  c.testImages = int('test-images', values['test-images'], 1) ?? c.testImages;
  c.robustnessImages = int('robustness-images', values['robustness-images'], 1) ?? c.robustnessImages;
  c.batchSize = int('batch-size', values['batch-size'], 1) ?? c.batchSize;
  c.teacherEpochs = int('teacher-epochs', values['teacher-epochs'], 1) ?? c.teacherEpochs;
  c.studentEpochs = int('student-epochs', values['student-epochs'], 1) ?? c.studentEpochs;
  c.stepsPerEpoch = int('steps-per-epoch', values['steps-per-epoch'], 1) ?? c.stepsPerEpoch;
  const size = int('image-size', values['image-size'], 32);
  if (size !== undefined) {
    c.cropTo = size;
    c.resizeTo = Math.round((size * 96) / 72);
  }
  c.temperature = real('temperature', values.temperature, 1e-3, 1e3) ?? c.temperature;
  c.alpha = real('alpha', values.alpha, 0, 1) ?? c.alpha;
  if (values['t-squared']) c.scaleByTSquared = true;
  if (values.corruptions !== undefined) c.corruptions = values.corruptions.split(',').map((s) => s.trim()).filter(Boolean);
  if (values.severities !== undefined) {
    c.severities = values.severities.split(',').map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1 || n > 5) throw new Error(`--severities takes integers 1..5; got '${s}'.`);
      return n;
    });
  }
  if (values['no-kernels']) c.trainingKernels = false;
  if (values.quiet) c.verbose = 0;
  c.given = (tokens ?? []).flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  return c;
}

/** `quick` scaled for the pure-JS CPU backend, keeping every value the user set on the command line. */
export function adaptToBackend(c: ExperimentConfig, backend: string): {config: ExperimentConfig; changed: string[]} {
  if (c.preset !== 'quick' || backend !== 'cpu') return {config: c, changed: []};
  const flagOf: Record<string, string> = {model: 'model', trainImages: 'train-images', validationImages: 'validation-images',
    testImages: 'test-images', teacherEpochs: 'teacher-epochs', studentEpochs: 'student-epochs', robustnessImages: 'robustness-images'};
  const out: ExperimentConfig = {...c};
  const changed: string[] = [];
  for (const [k, v] of Object.entries(QUICK_ON_PURE_JS_CPU) as Array<[keyof ExperimentConfig, never]>) {
    const flag = flagOf[k];
    if (flag && c.given.includes(flag)) continue;
    if (out[k] !== v) {
      changed.push(`${k} ${String(out[k])} → ${String(v)}`);
      (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return {config: out, changed};
}
