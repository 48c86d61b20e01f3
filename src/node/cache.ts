/**
 * The dataset cache: where downloaded archives are kept, and how a cached archive is trusted.
 *
 * Location, first match wins: the loaders' `cacheDir` option, the `CONSISTENCY_TFJS_CACHE` environment variable,
 * `$XDG_CACHE_HOME/consistency-tfjs`, then the platform's user cache folder (`~/Library/Caches/consistency-tfjs`
 * on macOS, `%LOCALAPPDATA%\consistency-tfjs\Cache` on Windows, `~/.cache/consistency-tfjs` elsewhere).
 *
 * A cached archive must have the published size; its hashes are computed once and remembered in a sidecar file
 * `<archive>.verified.json` (size, modification time, MD5, SHA-256), so later loads re-hash only a file that
 * changed. Reference: Keras `get_file` re-hashes every cache hit; this is the same check, done once per file.
 *
 * @module node
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {ChecksumMismatchError} from '../errors';
import {hashFile} from './checksums';

/** The environment variable that overrides the default cache folder. */
export const CACHE_ENV_VAR = 'CONSISTENCY_TFJS_CACHE';

/**
 * The cache folder used when no `cacheDir` option is given.
 * @returns An absolute path (not created).
 * @example
 * ```ts
 * import {defaultCacheDir} from 'consistency-tfjs/node';
 * console.log(defaultCacheDir()); // e.g. /home/me/.cache/consistency-tfjs
 * ```
 */
export function defaultCacheDir(): string {
  const env = process.env[CACHE_ENV_VAR];
  if (env) return path.resolve(env);
  const xdg = process.env['XDG_CACHE_HOME'];
  if (xdg) return path.join(path.resolve(xdg), 'consistency-tfjs');
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'consistency-tfjs');
  if (process.platform === 'win32') {
    return path.join(process.env['LOCALAPPDATA'] ?? path.join(home, 'AppData', 'Local'), 'consistency-tfjs', 'Cache');
  }
  return path.join(home, '.cache', 'consistency-tfjs');
}

/** Expected identity of a file: any of size and hashes. @internal */
export interface Expected {
  readonly bytes?: number;
  readonly md5?: string;
  readonly sha256?: string;
}

interface Sidecar {
  bytes: number;
  mtimeMs: number;
  md5: string;
  sha256: string;
}

function sidecarPath(file: string): string {
  return `${file}.verified.json`;
}

/**
 * Remembers that `file` was verified (after a download, which hashed it on the fly).
 * @internal
 */
export function rememberVerified(file: string, hashes: {md5: string; sha256: string}): void {
  const st = fs.statSync(file);
  const record: Sidecar = {bytes: st.size, mtimeMs: st.mtimeMs, md5: hashes.md5, sha256: hashes.sha256};
  fs.writeFileSync(sidecarPath(file), `${JSON.stringify(record)}\n`);
}

/**
 * Checks a cached file against `expected`: size always, hashes through the sidecar or by hashing the file.
 * Throws {@link ChecksumMismatchError} on a mismatch.
 * @internal
 */
export async function verifyCached(file: string, expected: Expected, component: string): Promise<void> {
  const st = fs.statSync(file);
  if (expected.bytes !== undefined && st.size !== expected.bytes) {
    throw new ChecksumMismatchError(
      `${component}: ${file} has the wrong size; got ${st.size} bytes, expected ${expected.bytes}. It is incomplete or ` +
        'another file: delete it (or let the loader download it again).',
      {path: file, expected: String(expected.bytes), actual: String(st.size), algorithm: 'size'});
  }
  let known: Sidecar | undefined;
  try {
    known = JSON.parse(fs.readFileSync(sidecarPath(file), 'utf8')) as Sidecar;
  } catch {
    known = undefined;
  }
  if (!known || known.bytes !== st.size || known.mtimeMs !== st.mtimeMs) {
    const h = await hashFile(file);
    known = {bytes: h.bytes, mtimeMs: st.mtimeMs, md5: h.md5 ?? '', sha256: h.sha256 ?? ''};
    for (const algorithm of ['md5', 'sha256'] as const) {
      const want = expected[algorithm]?.toLowerCase();
      if (want !== undefined && want !== known[algorithm]) {
        throw new ChecksumMismatchError(
          `${component}: ${algorithm} of ${file} does not match; got ${known[algorithm]}, expected ${want}. The file is ` +
            'corrupt or not the published archive: delete it (or let the loader download it again).',
          {path: file, expected: want, actual: known[algorithm], algorithm});
      }
    }
    fs.writeFileSync(sidecarPath(file), `${JSON.stringify(known)}\n`);
    return;
  }
  for (const algorithm of ['md5', 'sha256'] as const) {
    const want = expected[algorithm]?.toLowerCase();
    if (want !== undefined && want !== known[algorithm]) {
      throw new ChecksumMismatchError(
        `${component}: ${algorithm} of ${file} does not match; got ${known[algorithm]}, expected ${want}. Delete it (or ` +
          'let the loader download it again).', {path: file, expected: want, actual: known[algorithm], algorithm});
    }
  }
}
