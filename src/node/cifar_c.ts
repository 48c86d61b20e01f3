/**
 * Loaders of CIFAR-10-C and CIFAR-100-C for Node: the test images under 19 corruptions at 5 severities.
 *
 * Dataset: Hendrycks & Dietterich, "Benchmarking Neural Network Robustness to Common Corruptions and
 * Perturbations", ICLR 2019 (https://arxiv.org/abs/1903.12261), Zenodo records 2535967 and 3555552. Each
 * `<corruption>.npy` holds 50,000 images (uint8, shape (50000, 32, 32, 3)): severity s is rows
 * 10000(s−1)…10000s−1; `labels.npy` labels them (spec/datasets.md §4). Reference loaders: TFDS
 * `cifar10_corrupted`, and the Keras example's notebook, which evaluates the 19 corruptions at severity 5.
 *
 * The archives are 2.9 GB plain tars: the loader indexes the tar's headers by seeking and reads only the
 * requested severity slices (30.72 MB each) and labels, never the whole archive.
 *
 * Deviation: rows per severity are taken as N/5 for a file of N rows (N = 50,000 in the official files), so
 * smaller files of the same layout (test fixtures, subsets) load too.
 *
 * @module node
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {CIFAR10_CLASSES, CIFAR100_FINE_CLASSES, CIFAR100_FINE_TO_COARSE} from '../data/cifar_classes';
import {CIFAR_IMAGE_BYTES, type CifarSplit} from '../data/cifar_split';
import {CIFAR10C_CORRUPTIONS, resolveCorruption} from '../data/corruptions';
import {decodeNpyData, npyHeaderBytes, parseNpyHeader, type NpyHeader} from '../data/npy';
import {DatasetNotFoundError, InvalidArgumentError, ParseError} from '../errors';
import {describeValue} from '../internal/assert';
import {DATASET_ARCHIVES, type ArchiveInfo} from './checksums';
import {locateDataset, type DatasetLocation, type DatasetSourceOptions} from './dataset_source';
import {indexTarFile, readAt} from './tar_file';

/** Options of {@link loadCifar10C} and {@link loadCifar100C}. */
export interface LoadCifarCOptions extends DatasetSourceOptions {
  /**
   * Corruptions to load, as file stems or TFDS names (`'frosted_glass_blur'`, `'elastic'`). Default: all 19
   * ({@link CIFAR10C_CORRUPTIONS}).
   */
  readonly corruptions?: readonly string[];
  /**
   * Severities 1..5 to load. Default `[5]`, the Keras example's evaluation (19 corruptions × 10,000 images =
   * 584 MB of uint8 pixels; every corruption × severity adds 30.72 MB).
   */
  readonly severities?: readonly number[];
}

/** The test split under one corruption at one severity. */
export interface CorruptedSplit {
  /** The corruption's file stem, e.g. `'glass_blur'`. */
  readonly corruption: string;
  /** Severity, 1..5. */
  readonly severity: number;
  /** The 10,000 corrupted test images and their labels (CIFAR-100-C: fine labels, plus `coarseLabels`). */
  readonly split: CifarSplit;
}

/** A loaded CIFAR-C selection. */
export interface LoadedCifarC {
  /** `'cifar10-c'` or `'cifar100-c'`. */
  readonly name: 'cifar10-c' | 'cifar100-c';
  /** Class names, index = label. */
  readonly classes: string[];
  /** One entry per requested corruption and severity, corruptions in the requested order, then severities. */
  readonly sets: readonly CorruptedSplit[];
  /** The folder or archive the data were read from. */
  readonly source: string;
}

/** Random access to the `.npy` members, from a folder or a tar archive. */
interface MemberReader {
  /** Byte offset of the member's data in `fd`, and its size; undefined when absent. */
  locate(name: string): {fd: number; offset: number; size: number; file: string} | undefined;
  close(): void;
}

function openReader(where: DatasetLocation): MemberReader {
  if (where.kind === 'folder') {
    const fds = new Map<string, number>();
    return {
      locate(name) {
        const file = path.join(where.path, name);
        if (!fs.existsSync(file)) return undefined;
        let fd = fds.get(name);
        if (fd === undefined) fds.set(name, (fd = fs.openSync(file, 'r')));
        return {fd, offset: 0, size: fs.fstatSync(fd).size, file};
      },
      close() {
        for (const fd of fds.values()) fs.closeSync(fd);
      },
    };
  }
  if (where.gzip) {
    throw new InvalidArgumentError(`loadCifarC: ${where.path} is gzip-compressed; got a .tar.gz. The CIFAR-C archives are ` +
      'plain tars read by seeking: pass the original .tar or the extracted folder.', {argument: 'dataDir'});
  }
  const fd = fs.openSync(where.path, 'r');
  try {
    const entries = new Map(indexTarFile(fd, where.path).filter((e) => e.type === 'file')
      .map((e) => [path.posix.basename(e.name), e] as const));
    return {
      locate(name) {
        const e = entries.get(name);
        return e ? {fd, offset: e.dataOffset, size: e.size, file: `${where.path}:${e.name}`} : undefined;
      },
      close() {
        fs.closeSync(fd);
      },
    };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

function readHeader(at: {fd: number; offset: number; size: number; file: string}): NpyHeader {
  const prefix = readAt(at.fd, at.offset, Math.min(at.size, 12), at.file);
  const need = npyHeaderBytes(prefix);
  if (need > at.size) {
    throw new ParseError(`loadCifarC: ${at.file} is truncated inside its header; got ${at.size} bytes, need ${need}.`, {offset: at.size});
  }
  const header = parseNpyHeader(readAt(at.fd, at.offset, need, at.file));
  if (header.dataOffset + header.size * header.itemSize > at.size) {
    throw new ParseError(`loadCifarC: ${at.file} is truncated; got ${at.size} bytes, shape [${header.shape.join(', ')}] ` +
      `needs ${header.dataOffset + header.size * header.itemSize}. Copy or download it again.`, {offset: at.size});
  }
  return header;
}

async function loadCifarC(
  component: string, dataset: LoadedCifarC['name'], info: ArchiveInfo, classes: readonly string[], options: LoadCifarCOptions,
): Promise<{sets: CorruptedSplit[]; source: string}> {
  if (options.corruptions !== undefined && !Array.isArray(options.corruptions)) {
    throw new InvalidArgumentError(`${component}: \`corruptions\` must be a list of names; got ` +
      `${describeValue(options.corruptions)}.`, {argument: 'corruptions'});
  }
  const corruptions = [...new Set((options.corruptions ?? CIFAR10C_CORRUPTIONS).map((c) => resolveCorruption(c, component)))];
  const severities = options.severities ?? [5];
  if (!Array.isArray(severities) || severities.length === 0 ||
      !severities.every((s) => Number.isInteger(s) && s >= 1 && s <= 5)) {
    throw new InvalidArgumentError(`${component}: \`severities\` must be a non-empty list of integers 1..5; got ` +
      `${describeValue(severities)}.`, {argument: 'severities'});
  }
  const where = await locateDataset(component, info, (dir) => fs.existsSync(path.join(dir, 'labels.npy')), options);
  const reader = openReader(where);
  try {
    const labelsAt = reader.locate('labels.npy');
    if (!labelsAt) {
      throw new DatasetNotFoundError(`${component}: ${where.path} has no labels.npy; got a copy without labels. Pass the ` +
        `${info.fileName} archive or its extracted ${info.folder}/ folder.`, {searched: [where.path]});
    }
    const labelHeader = readHeader(labelsAt);
    const sets: CorruptedSplit[] = [];
    for (const corruption of corruptions) {
      const at = reader.locate(`${corruption}.npy`);
      if (!at) {
        throw new DatasetNotFoundError(`${component}: ${where.path} has no ${corruption}.npy; got a partial copy. Pass a ` +
          `complete ${info.fileName} or extracted ${info.folder}/ folder, or choose other \`corruptions\`.`, {searched: [where.path]});
      }
      const h = readHeader(at);
      const [n, height, width, channels] = h.shape;
      if (h.itemSize !== 1 || !/^[<>|=]?u1$/.test(h.dtype) || h.shape.length !== 4 || height !== 32 || width !== 32 ||
          channels !== 3 || n === undefined || n % 5 !== 0) {
        throw new ParseError(`${component}: ${at.file} must hold uint8 images of shape (5k, 32, 32, 3); got '${h.dtype}' ` +
          `shape (${h.shape.join(', ')}).`, {offset: at.offset});
      }
      const per = n / 5;
      const labelCount = labelHeader.shape[0] ?? 0;
      if (labelHeader.shape.length !== 1 || (labelCount !== n && labelCount !== per)) {
        throw new ParseError(`${component}: labels.npy must hold ${n} (or ${per}) labels for ${corruption}.npy; got shape ` +
          `(${labelHeader.shape.join(', ')}).`, {offset: labelsAt.offset});
      }
      for (const severity of severities) {
        const row = (severity - 1) * per;
        const images = readAt(at.fd, at.offset + h.dataOffset + row * CIFAR_IMAGE_BYTES, per * CIFAR_IMAGE_BYTES, at.file);
        const labelRow = labelCount === n ? row : 0;
        const labelBytes = readAt(labelsAt.fd, labelsAt.offset + labelHeader.dataOffset + labelRow * labelHeader.itemSize,
          per * labelHeader.itemSize, labelsAt.file);
        const decoded = decodeNpyData(labelBytes, {...labelHeader, size: per, dataOffset: 0});
        const labels = Int32Array.from(decoded as ArrayLike<number>);
        const bad = labels.findIndex((l) => l < 0 || l >= classes.length);
        if (bad >= 0) {
          throw new ParseError(`${component}: label ${labelRow + bad} in labels.npy is out of range; got ${labels[bad]}, ` +
            `expected 0..${classes.length - 1}.`, {offset: labelsAt.offset + labelHeader.dataOffset + (labelRow + bad) * labelHeader.itemSize});
        }
        const name = `${dataset}/${corruption}-${severity}`;
        const split: CifarSplit = dataset === 'cifar100-c'
          ? {images, labels, count: per, coarseLabels: labels.map((l) => CIFAR100_FINE_TO_COARSE[l] as number), name}
          : {images, labels, count: per, name};
        sets.push({corruption, severity, split});
      }
    }
    return {sets, source: where.path};
  } finally {
    reader.close();
  }
}

/**
 * Loads CIFAR-10-C test images for the chosen corruptions and severities.
 *
 * Sources, in order: `dataDir` (the `CIFAR-10-C.tar` archive, the extracted `CIFAR-10-C/` folder, or a folder
 * holding either), the cache, then a download of `CIFAR-10-C.tar` (2.9 GB, verified) when `download` is not
 * `false`. Only the requested slices are read.
 * @param options Corruptions, severities, and the source options of {@link loadCifar10}.
 * @returns `{name: 'cifar10-c', classes, sets, source}` with one {@link CorruptedSplit} per corruption × severity.
 * @throws {@link InvalidArgumentError} for an unknown corruption (listing the valid names) or severity;
 *   {@link DatasetNotFoundError} when no copy is found or a member is missing; {@link ParseError} for a corrupt file.
 * @example
 * ```ts
 * import {loadCifar10C} from 'consistency-tfjs/node';
 * const c = await loadCifar10C({corruptions: ['fog', 'frosted_glass_blur'], severities: [5], dataDir: '/data/CIFAR-10-C.tar'});
 * for (const set of c.sets) console.log(set.corruption, set.severity, set.split.count);
 * ```
 */
export async function loadCifar10C(options: LoadCifarCOptions = {}): Promise<LoadedCifarC> {
  const r = await loadCifarC('loadCifar10C', 'cifar10-c', DATASET_ARCHIVES.cifar10c, CIFAR10_CLASSES, options);
  return {name: 'cifar10-c', classes: [...CIFAR10_CLASSES], sets: r.sets, source: r.source};
}

/**
 * Loads CIFAR-100-C test images (fine labels, with `coarseLabels` derived from them) for the chosen corruptions
 * and severities. Sources and options as {@link loadCifar10C}, with `CIFAR-100-C.tar`.
 * @param options Corruptions, severities and source options.
 * @returns `{name: 'cifar100-c', classes, sets, source}`; `classes` are the 100 fine classes.
 * @throws As {@link loadCifar10C}.
 * @example
 * ```ts
 * import {loadCifar100C} from 'consistency-tfjs/node';
 * const c = await loadCifar100C({corruptions: ['snow'], severities: [1, 5], download: false});
 * console.log(c.sets.length); // 2
 * ```
 */
export async function loadCifar100C(options: LoadCifarCOptions = {}): Promise<LoadedCifarC> {
  const r = await loadCifarC('loadCifar100C', 'cifar100-c', DATASET_ARCHIVES.cifar100c, CIFAR100_FINE_CLASSES, options);
  return {name: 'cifar100-c', classes: [...CIFAR100_FINE_CLASSES], sets: r.sets, source: r.source};
}
