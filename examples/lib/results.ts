// The shape of `results.json`, the machine-readable record of one run of examples/cifar10.ts.
// examples/results.schema.json is the JSON Schema of the same shape; a test validates real output against it.

/** Per-epoch logs of one training run, one array per key (`loss`, `val_accuracy`, `lr`, …). */
export interface HistoryRecord {
  epoch: number[];
  [key: string]: number[];
}

/** One trained model's results. */
export interface ModelResult {
  /** Preset or description of the architecture. */
  architecture: string;
  /** Total parameters. */
  params: number;
  /** Per-epoch logs. */
  history: HistoryRecord;
  /** Epochs run (may be fewer than planned: early stopping, interruption). */
  epochsRun: number;
  /** Accuracy and loss on the clean test split. */
  clean: {accuracy: number; loss: number; samples: number} | null;
  /** Extra facts (SWA snapshots, restored best epoch, …). */
  notes: string[];
}

/** Accuracy of teacher and student on one corruption at one severity. */
export interface RobustnessRow {
  corruption: string;
  severity: number;
  teacher: number | null;
  student: number | null;
}

/** Robustness evaluation over corruptions. */
export interface RobustnessResult {
  /** `'cifar10-c'` for the published files, `'generated'` for the library's corruption generator. */
  source: string;
  /** A sentence a reader needs to interpret the numbers (e.g. "approximation of the published files"). */
  note: string;
  severities: number[];
  corruptions: string[];
  samples: number;
  rows: RobustnessRow[];
  /** Mean accuracy over corruptions (and the listed severities) per model. */
  mean: {teacher: number | null; student: number | null};
  /** Corruption error of the student relative to the teacher (mCE-style, teacher = baseline). */
  studentMceVsTeacher: number | null;
}

/** Everything one run produced. */
export interface RunResults {
  schemaVersion: 1;
  status: 'running' | 'complete' | 'interrupted' | 'failed';
  error?: string;
  createdAt: string;
  updatedAt: string;
  command: string[];
  seed: number;
  preset: string;
  config: Record<string, unknown>;
  dataset: {
    name: string;
    synthetic: boolean;
    source: string;
    classes: string[];
    train: number;
    validation: number;
    test: number;
    note: string;
  };
  backend: {name: string; package: string; reason: string; trainingKernels: string[]};
  versions: {node: string; tfjsCore: string; tfjsLayers: string; consistencyTfjs: string};
  /** Wall-clock seconds per phase. */
  timings: Record<string, number>;
  models: {teacher: ModelResult | null; student: ModelResult | null};
  robustness: RobustnessResult | null;
}
