/**
 * Finding a dataset's files: an explicit `dataDir` (an extracted folder, its parent, or the archive file), then
 * the cache, then a download from the official URL when allowed. Shared by every loader.
 *
 * @module node
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {DatasetNotFoundError, InvalidArgumentError, isChecksumMismatchError, isDownloadError} from '../errors';
import {describeValue} from '../internal/assert';
import {defaultCacheDir, rememberVerified, verifyCached} from './cache';
import type {ArchiveInfo} from './checksums';
import {downloadFile, type DownloadFileOptions} from './download';

/** Where the loaders look for data, and whether they may download. */
export interface DatasetSourceOptions {
  /**
   * Your copy of the data: the archive file (`.tar.gz` or `.tar`), the extracted folder (e.g.
   * `cifar-10-batches-bin/`), or a folder holding either. Searched first.
   */
  readonly dataDir?: string;
  /** Cache folder for downloaded archives. Default {@link defaultCacheDir} (env `CONSISTENCY_TFJS_CACHE`). */
  readonly cacheDir?: string;
  /** Download the archive into the cache when no copy is found. Default `true`. */
  readonly download?: boolean;
  /**
   * Overrides of the official archive's URL, size and hashes (a mirror, or a test server). A key set to
   * `undefined` disables that check.
   */
  readonly archive?: {readonly url?: string; readonly bytes?: number; readonly md5?: string; readonly sha256?: string};
  /** Download progress: see {@link DownloadFileOptions.progress}. */
  readonly progress?: DownloadFileOptions['progress'];
  /** Connect timeout of the download in ms. Default 10,000. */
  readonly connectTimeoutMs?: number;
  /** Receives warnings (missing or short files, a `dataDir` without data). Default `console.warn`. */
  readonly warn?: (message: string) => void;
}

/** Where the data were found. @internal */
export type DatasetLocation =
  | {readonly kind: 'folder'; readonly path: string}
  | {readonly kind: 'archive'; readonly path: string; readonly gzip: boolean};

function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

function archiveAt(file: string): DatasetLocation {
  return {kind: 'archive', path: file, gzip: isGzip(file)};
}

/**
 * Resolves where a dataset's files are, downloading the archive into the cache when needed and allowed.
 * @param isDataFolder tells whether a folder holds the dataset's member files.
 * @internal
 */
export async function locateDataset(
  component: string, info: ArchiveInfo, isDataFolder: (dir: string) => boolean, options: DatasetSourceOptions,
): Promise<DatasetLocation> {
  for (const key of ['dataDir', 'cacheDir'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'string' || v === '')) {
      throw new InvalidArgumentError(`${component}: \`${key}\` must be a path; got ${describeValue(v)}.`, {argument: key});
    }
  }
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const searched: string[] = [];
  if (options.dataDir !== undefined) {
    const dir = path.resolve(options.dataDir);
    searched.push(dir);
    const found = lookIn(dir, info, isDataFolder);
    if (found) return found;
    warn(`${component}: dataDir ${dir} holds neither ${info.fileName} nor the extracted ${info.folder}/ files; ` +
      'trying the cache.');
  }
  const cacheDir = path.resolve(options.cacheDir ?? defaultCacheDir());
  const cached = path.join(cacheDir, info.fileName);
  searched.push(cached);
  const expected = {bytes: info.bytes, md5: info.md5, sha256: info.sha256, ...options.archive};
  const allowDownload = options.download ?? true;
  if (fs.existsSync(cached)) {
    try {
      await verifyCached(cached, expected, component);
      return archiveAt(cached);
    } catch (e) {
      if (!isChecksumMismatchError(e) || !allowDownload) throw e;
      warn(`${e.message} Downloading it again.`);
      fs.rmSync(cached, {force: true});
    }
  }
  const extracted = path.join(cacheDir, info.folder);
  searched.push(extracted);
  if (fs.existsSync(extracted) && isDataFolder(extracted)) return {kind: 'folder', path: extracted};

  const url = options.archive?.url ?? info.url;
  const howTo = `To supply the files, download ${info.url} (${info.bytes.toLocaleString('en-US')} bytes, MD5 ${info.md5}) ` +
    `on a connected machine, then pass {dataDir: '<the archive, or the folder it extracts to>'} or copy the archive to ${cached}.`;
  if (!allowDownload) {
    throw new DatasetNotFoundError(`${component}: no copy of ${info.fileName} found and downloading is off ` +
      `({download: false}); searched ${searched.join(', ')}. ${howTo}`, {searched});
  }
  try {
    const result = await downloadFile(url, cached, {
      ...(expected.bytes !== undefined ? {bytes: expected.bytes} : {}),
      ...(expected.md5 !== undefined ? {md5: expected.md5} : {}),
      ...(expected.sha256 !== undefined ? {sha256: expected.sha256} : {}),
      ...(options.progress !== undefined ? {progress: options.progress} : {}),
      ...(options.connectTimeoutMs !== undefined ? {connectTimeoutMs: options.connectTimeoutMs} : {}),
    });
    rememberVerified(cached, result);
    return archiveAt(cached);
  } catch (e) {
    if (!isDownloadError(e)) throw e;
    throw new DatasetNotFoundError(`${component}: no copy of ${info.fileName} found (searched ${searched.join(', ')}) and ` +
      `the download failed: ${e.message} ${howTo}`, {searched}, {cause: e});
  }
}

function lookIn(dir: string, info: ArchiveInfo, isDataFolder: (dir: string) => boolean): DatasetLocation | undefined {
  if (!fs.existsSync(dir)) return undefined;
  if (fs.statSync(dir).isFile()) return archiveAt(dir);
  if (isDataFolder(dir)) return {kind: 'folder', path: dir};
  const inner = path.join(dir, info.folder);
  if (fs.existsSync(inner) && fs.statSync(inner).isDirectory() && isDataFolder(inner)) return {kind: 'folder', path: inner};
  const file = path.join(dir, info.fileName);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) return archiveAt(file);
  return undefined;
}
