/**
 * Published locations, sizes and hashes of the dataset archives, and streaming file hashing.
 *
 * Figures from spec/datasets.md §1: MD5s of the Toronto archives as published on the CIFAR home page; byte counts
 * and SHA-256 from tensorflow-datasets' `url_checksums`; CIFAR-C MD5s as listed by Zenodo.
 *
 * @module node
 */
import {createHash} from 'node:crypto';
import * as fs from 'node:fs';

/** Where a dataset archive is published and how to verify it. */
export interface ArchiveInfo {
  /** File name of the archive (also its name in the cache). */
  readonly fileName: string;
  /** Official download URL. */
  readonly url: string;
  /** Exact size in bytes. */
  readonly bytes: number;
  /** MD5 (lowercase hex). */
  readonly md5: string;
  /** SHA-256 (lowercase hex). */
  readonly sha256: string;
  /** Folder the members sit in inside the archive. */
  readonly folder: string;
  /** `true` for `.tar.gz`, `false` for a plain `.tar`. */
  readonly gzip: boolean;
}

/**
 * The four archives the loaders use (binary CIFAR-10/100 from Toronto, CIFAR-10-C/100-C from Zenodo).
 * @example
 * ```ts
 * import {DATASET_ARCHIVES} from 'consistency-tfjs/node';
 * console.log(DATASET_ARCHIVES.cifar10.url, DATASET_ARCHIVES.cifar10.md5);
 * ```
 */
export const DATASET_ARCHIVES: Readonly<Record<'cifar10' | 'cifar100' | 'cifar10c' | 'cifar100c', ArchiveInfo>> = Object.freeze({
  cifar10: {
    fileName: 'cifar-10-binary.tar.gz',
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    bytes: 170052171,
    md5: 'c32a1d4ab5d03f1284b67883e8d87530',
    sha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
    folder: 'cifar-10-batches-bin',
    gzip: true,
  },
  cifar100: {
    fileName: 'cifar-100-binary.tar.gz',
    url: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz',
    bytes: 168513733,
    md5: '03b5dce01913d631647c71ecec9e9cb8',
    sha256: '58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec',
    folder: 'cifar-100-binary',
    gzip: true,
  },
  cifar10c: {
    fileName: 'CIFAR-10-C.tar',
    url: 'https://zenodo.org/record/2535967/files/CIFAR-10-C.tar',
    bytes: 2918471680,
    md5: '56bf5dcef84df0e2308c6dcbcbbd8499',
    sha256: 'c72763e101c723b7c507b96205f7e938912a5d587376173b825850cf3cb876a7',
    folder: 'CIFAR-10-C',
    gzip: false,
  },
  cifar100c: {
    fileName: 'CIFAR-100-C.tar',
    url: 'https://zenodo.org/record/3555552/files/CIFAR-100-C.tar',
    bytes: 2918473216,
    md5: '11f0ed0f1191edbf9fa23466ae6021d3',
    sha256: '30ee6543a1bfd049fa33834b7c1ada301e7064b7fbe8fc38340eb8b62ced4b33',
    folder: 'CIFAR-100-C',
    gzip: false,
  },
});

/** Hash algorithms the library verifies. */
export type HashAlgorithm = 'md5' | 'sha256';

/**
 * Hashes a file by streaming it (constant memory).
 * @param file Path of the file.
 * @param algorithms Which hashes to compute; default both.
 * @returns The hashes as lowercase hex, and the byte count read.
 * @example
 * ```ts
 * import {hashFile} from 'consistency-tfjs/node';
 * const {md5, bytes} = await hashFile('/etc/hostname', ['md5']);
 * console.log(md5, bytes);
 * ```
 */
export async function hashFile(
  file: string, algorithms: readonly HashAlgorithm[] = ['md5', 'sha256'],
): Promise<{md5?: string; sha256?: string; bytes: number}> {
  const hashes = algorithms.map((a) => [a, createHash(a)] as const);
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, {highWaterMark: 1 << 20})) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    for (const [, h] of hashes) h.update(buf);
  }
  const out: {md5?: string; sha256?: string; bytes: number} = {bytes};
  for (const [a, h] of hashes) out[a] = h.digest('hex');
  return out;
}
