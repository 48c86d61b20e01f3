/**
 * Loaders of CIFAR-10 and CIFAR-100 (binary version) for Node.
 *
 * Dataset: Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", 2009
 * (https://www.cs.toronto.edu/~kriz/cifar.html). Reference loaders: Keras `keras.datasets.cifar10/cifar100`
 * (python pickles) and torchvision `datasets.CIFAR10`; this one reads the binary archives (fixed-size records,
 * spec/datasets.md §2.2, §3.1) and returns compact uint8 HWC images with int32 labels, in the official order
 * (training batches 1..5, then the test batch).
 *
 * Deviation: a folder or archive with missing or short batch files (such as a sample) loads with one warning that
 * lists what is missing, instead of failing; only a copy without any data file fails.
 *
 * @module node
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {CIFAR10_CLASSES, CIFAR100_COARSE_CLASSES, CIFAR100_FINE_CLASSES} from '../data/cifar_classes';
import {parseCifarBinary, parseLabelNames, type CifarVariant} from '../data/cifar_binary';
import {concatSplits, type CifarDataset, type CifarSplit} from '../data/cifar_split';
import {DatasetNotFoundError} from '../errors';
import {checkOneOf} from '../internal/assert';
import {DATASET_ARCHIVES, type ArchiveInfo} from './checksums';
import {locateDataset, type DatasetLocation, type DatasetSourceOptions} from './dataset_source';
import {readArchiveMembers} from './tar_file';

/** Options of {@link loadCifar10}. */
export type LoadCifar10Options = DatasetSourceOptions;

/** Options of {@link loadCifar100}. */
export interface LoadCifar100Options extends DatasetSourceOptions {
  /** Which label becomes `labels` (and `classes`): `'fine'` (100 classes, default) or `'coarse'` (20 superclasses). */
  readonly label?: 'fine' | 'coarse';
}

/** A loaded CIFAR dataset: the splits, class names, and where they came from. */
export interface LoadedCifar extends CifarDataset {
  /** `'cifar10'` or `'cifar100'`. */
  readonly name: 'cifar10' | 'cifar100';
  /** The folder or archive the data were read from. */
  readonly source: string;
  /** Data files that were missing or short (empty for a complete copy); each was reported through `warn`. */
  readonly incomplete: readonly string[];
}

interface Layout {
  readonly variant: CifarVariant;
  readonly info: ArchiveInfo;
  readonly train: readonly string[];
  readonly test: readonly string[];
  readonly recordsPerFile: Readonly<Record<string, number>>;
  readonly metaFiles: readonly string[];
}

const CIFAR10: Layout = {
  variant: 'cifar10',
  info: DATASET_ARCHIVES.cifar10,
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
  recordsPerFile: {
    'data_batch_1.bin': 10000, 'data_batch_2.bin': 10000, 'data_batch_3.bin': 10000, 'data_batch_4.bin': 10000,
    'data_batch_5.bin': 10000, 'test_batch.bin': 10000,
  },
  metaFiles: ['batches.meta.txt'],
};

const CIFAR100: Layout = {
  variant: 'cifar100',
  info: DATASET_ARCHIVES.cifar100,
  train: ['train.bin'],
  test: ['test.bin'],
  recordsPerFile: {'train.bin': 50000, 'test.bin': 10000},
  metaFiles: ['fine_label_names.txt', 'coarse_label_names.txt'],
};

const dataFolderTest = (layout: Layout) => (dir: string): boolean =>
  [...layout.train, ...layout.test].some((f) => fs.existsSync(path.join(dir, f)));

async function readMembers(layout: Layout, where: DatasetLocation): Promise<Map<string, Uint8Array>> {
  const wanted = new Set([...layout.train, ...layout.test, ...layout.metaFiles]);
  const files = new Map<string, Uint8Array>();
  if (where.kind === 'folder') {
    for (const name of wanted) {
      const file = path.join(where.path, name);
      if (fs.existsSync(file)) files.set(name, fs.readFileSync(file));
    }
    return files;
  }
  const members = await readArchiveMembers(where.path, where.gzip, (e) => wanted.has(path.posix.basename(e.name)));
  for (const m of members) files.set(path.posix.basename(m.name), m.data);
  return files;
}

async function loadCifar(component: string, layout: Layout, options: DatasetSourceOptions): Promise<{
  train: CifarSplit; test: CifarSplit; files: Map<string, Uint8Array>; source: string; incomplete: string[];
}> {
  const where = await locateDataset(component, layout.info, dataFolderTest(layout), options);
  const files = await readMembers(layout, where);
  const missing: string[] = [];
  const short: string[] = [];
  const parse = (names: readonly string[]): CifarSplit => withCoarse(concatSplits(names.flatMap((name) => {
    const bytes = files.get(name);
    if (!bytes) {
      missing.push(name);
      return [];
    }
    const split = parseCifarBinary(bytes, {variant: layout.variant, source: `${where.path}:${name}`});
    const full = layout.recordsPerFile[name] ?? 0;
    if (split.count < full) short.push(`${name} holds ${split.count.toLocaleString('en-US')} of ${full.toLocaleString('en-US')} records`);
    return [split];
  })));
  // An empty CIFAR-100 split still carries (empty) coarse labels.
  const withCoarse = (s: CifarSplit): CifarSplit =>
    layout.variant === 'cifar100' && !s.coarseLabels ? {...s, coarseLabels: new Int32Array(0)} : s;
  const train = {...parse(layout.train), name: `${layout.variant}/train`};
  const test = {...parse(layout.test), name: `${layout.variant}/test`};
  if (train.count + test.count === 0 && missing.length === layout.train.length + layout.test.length) {
    throw new DatasetNotFoundError(`${component}: ${where.path} holds none of the data files ` +
      `${[...layout.train, ...layout.test].join(', ')}; got ${[...files.keys()].join(', ') || 'nothing'}. Pass the ` +
      `${layout.info.fileName} archive or its extracted ${layout.info.folder}/ folder as dataDir.`, {searched: [where.path]});
  }
  const incomplete = [...missing.map((m) => `${m} is missing`), ...short];
  if (incomplete.length > 0) {
    (options.warn ?? ((m: string) => console.warn(m)))(
      `${component}: the copy in ${where.path} is incomplete: ${incomplete.join('; ')}. Loaded ` +
        `${train.count.toLocaleString('en-US')} training and ${test.count.toLocaleString('en-US')} test images ` +
        `(a full copy has ${sum(layout, layout.train).toLocaleString('en-US')} and ${sum(layout, layout.test).toLocaleString('en-US')}).`);
  }
  return {train, test, files, source: where.path, incomplete};
}

function sum(layout: Layout, names: readonly string[]): number {
  return names.reduce((n, f) => n + (layout.recordsPerFile[f] ?? 0), 0);
}

function classNames(files: Map<string, Uint8Array>, member: string, fallback: readonly string[]): string[] {
  const bytes = files.get(member);
  const names = bytes ? parseLabelNames(bytes) : [];
  return names.length === fallback.length ? names : [...fallback];
}

/**
 * Loads CIFAR-10: 50,000 training and 10,000 test images of 10 classes.
 *
 * Sources, in order: `dataDir`, the cache, then a download of `cifar-10-binary.tar.gz` (170 MB, MD5 and SHA-256
 * verified) into the cache when `download` is not `false`.
 * @param options Where to look, whether to download, where to report warnings.
 * @returns `{name: 'cifar10', train, test, classes, source, incomplete}`; images are uint8 HWC (see {@link CifarSplit}).
 * @throws {@link DatasetNotFoundError} when no copy is found and none can be downloaded (its message says how to
 *   supply the files); {@link ChecksumMismatchError} for a corrupt download or cached archive (when downloading is
 *   off); {@link ParseError} for a corrupt file.
 * @example
 * ```ts
 * import {loadCifar10} from 'consistency-tfjs/node';
 * const cifar = await loadCifar10({dataDir: '/data/cifar-10-batches-bin', download: false});
 * console.log(cifar.name, cifar.train.count, cifar.test.count, cifar.classes[cifar.train.labels[0]!]);
 * ```
 */
export async function loadCifar10(options: LoadCifar10Options = {}): Promise<LoadedCifar> {
  const r = await loadCifar('loadCifar10', CIFAR10, options);
  return {name: 'cifar10', train: r.train, test: r.test, classes: classNames(r.files, 'batches.meta.txt', CIFAR10_CLASSES),
    source: r.source, incomplete: r.incomplete};
}

/**
 * Loads CIFAR-100: 50,000 training and 10,000 test images of 100 fine classes in 20 coarse superclasses.
 *
 * Sources as {@link loadCifar10}, with `cifar-100-binary.tar.gz` (169 MB).
 * @param options As {@link loadCifar10}, plus `label: 'fine' | 'coarse'` (default `'fine'`).
 * @returns `{name: 'cifar100', train, test, classes, source, incomplete}`; `labels` and `classes` follow `label`,
 *   and every split also carries `coarseLabels`.
 * @throws As {@link loadCifar10}; {@link InvalidArgumentError} for an unknown `label`.
 * @example
 * ```ts
 * import {loadCifar100} from 'consistency-tfjs/node';
 * const cifar = await loadCifar100({label: 'coarse', download: false, dataDir: '/data/cifar-100-binary.tar.gz'});
 * console.log(cifar.classes.length); // 20
 * ```
 */
export async function loadCifar100(options: LoadCifar100Options = {}): Promise<LoadedCifar> {
  const label = checkOneOf('loadCifar100', 'label', options.label ?? 'fine', ['fine', 'coarse'] as const);
  const r = await loadCifar('loadCifar100', CIFAR100, options);
  const pick = (s: CifarSplit): CifarSplit => (label === 'fine' ? s : {...s, labels: s.coarseLabels!});
  const classes = label === 'fine'
    ? classNames(r.files, 'fine_label_names.txt', CIFAR100_FINE_CLASSES)
    : classNames(r.files, 'coarse_label_names.txt', CIFAR100_COARSE_CLASSES);
  return {name: 'cifar100', train: pick(r.train), test: pick(r.test), classes, source: r.source, incomplete: r.incomplete};
}
