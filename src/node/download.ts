/**
 * Downloading a file safely: streamed to a temporary file beside the destination, hashed on the fly (MD5 and
 * SHA-256), checked against the expected size and hashes, then renamed into place; any failure removes the
 * temporary file. Redirects are followed, a connect timeout and an idle timeout turn an offline or stalled
 * network into an error within seconds, and a progress bar is drawn when stderr is a terminal.
 *
 * Reference: Keras `get_file` (keras/src/utils/file_utils.py) and torchvision's `download_url`; like them, a
 * mismatch raises with the algorithm and both hashes.
 *
 * Deviation: no resuming of interrupted downloads (a failed download leaves nothing behind and starts over).
 *
 * @module node
 */
import {createHash, randomBytes} from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {AbortedError, ChecksumMismatchError, DownloadError, InvalidArgumentError} from '../errors';
import {checkNumber} from '../internal/assert';
import {progressBar} from './progress';

/** Progress of a download, as given to a `progress` callback. */
export interface DownloadProgress {
  /** The URL being read (after redirects). */
  readonly url: string;
  /** Bytes received so far. */
  readonly receivedBytes: number;
  /** Expected total (from `bytes` or the Content-Length header), when known. */
  readonly totalBytes: number | undefined;
}

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** Expected MD5 (hex); a mismatch throws {@link ChecksumMismatchError}. */
  readonly md5?: string;
  /** Expected SHA-256 (hex); a mismatch throws {@link ChecksumMismatchError}. */
  readonly sha256?: string;
  /** Expected size in bytes; a difference throws {@link DownloadError}. */
  readonly bytes?: number;
  /** Milliseconds to wait for the TCP/TLS connection. Default 10,000. */
  readonly connectTimeoutMs?: number;
  /** Milliseconds without any data before giving up. Default 60,000. */
  readonly idleTimeoutMs?: number;
  /** Redirects followed at most. Default 10. */
  readonly maxRedirects?: number;
  /** `true`: progress bar on stderr; `false`: none; a function: called on progress. Default: a bar when stderr is a TTY. */
  readonly progress?: boolean | ((p: DownloadProgress) => void);
  /** Cancels the download (the temporary file is removed); rejects with {@link AbortedError}. */
  readonly signal?: AbortSignal;
}

/** What {@link downloadFile} wrote. */
export interface DownloadResult {
  /** The destination path. */
  readonly path: string;
  /** The URL the bytes came from (after redirects). */
  readonly url: string;
  /** Size in bytes. */
  readonly bytes: number;
  /** MD5 of the file (hex). */
  readonly md5: string;
  /** SHA-256 of the file (hex). */
  readonly sha256: string;
}

interface Opened {
  readonly response: http.IncomingMessage;
  readonly url: string;
}

function describeNetworkError(e: unknown): string {
  const err = e as {code?: string; message?: string};
  if (err?.code === 'ECONNREFUSED') return 'connection refused';
  if (err?.code === 'ENOTFOUND' || err?.code === 'EAI_AGAIN') return `host not found (${err.code}; offline?)`;
  return err?.message ?? String(e);
}

function open(url: string, o: Required<Pick<DownloadFileOptions, 'connectTimeoutMs' | 'idleTimeoutMs' | 'maxRedirects'>> & {signal?: AbortSignal}, redirects = 0): Promise<Opened> {
  return new Promise<Opened>((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new InvalidArgumentError(`downloadFile: \`url\` is not a valid URL; got '${url}'.`, {argument: 'url'}));
      return;
    }
    const lib = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
    if (!lib) {
      reject(new InvalidArgumentError(`downloadFile: only http and https URLs are supported; got '${url}'.`, {argument: 'url'}));
      return;
    }
    const req = lib.get(parsed, {headers: {'user-agent': 'consistency-tfjs', 'accept-encoding': 'identity'}, ...(o.signal ? {signal: o.signal} : {})});
    let connectTimer: NodeJS.Timeout | undefined;
    req.on('socket', (socket) => {
      if ((socket as {connecting?: boolean}).connecting) {
        connectTimer = setTimeout(() => req.destroy(new DownloadError(
          `downloadFile: no connection to ${parsed.host} within ${o.connectTimeoutMs} ms (offline or blocked network?); ` +
            `got no answer from ${url}.`, {url})), o.connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connectTimer));
      }
    });
    req.setTimeout(o.idleTimeoutMs, () => req.destroy(new DownloadError(
      `downloadFile: no data from ${url} for ${o.idleTimeoutMs} ms; got a stalled connection. Try again later.`, {url})));
    req.on('error', (e) => {
      clearTimeout(connectTimer);
      if ((e as {name?: string}).name === 'AbortError') reject(new AbortedError(`downloadFile: cancelled while reading ${url}.`, {cause: e}));
      else if (e instanceof DownloadError) reject(e);
      else reject(new DownloadError(`downloadFile: cannot reach ${url}; got ${describeNetworkError(e)}.`, {url}, {cause: e}));
    });
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= o.maxRedirects) {
          reject(new DownloadError(`downloadFile: more than ${o.maxRedirects} redirects; got the last one from ${url}.`, {url, status}));
          return;
        }
        open(new URL(res.headers.location, url).toString(), o, redirects + 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        res.resume();
        reject(new DownloadError(`downloadFile: the server answered HTTP ${status} ${res.statusMessage ?? ''}; got it from ${url}. ` +
          'Check the URL or try again later.', {url, status}));
        return;
      }
      resolve({response: res, url});
    });
  });
}

/**
 * Downloads `url` to `dest` atomically, verifying size and hashes when given.
 *
 * @param url An http(s) URL; redirects are followed.
 * @param dest Destination file; its folder is created. Replaced only once the new file is complete and verified.
 * @param options Expected `md5`/`sha256`/`bytes`, timeouts, progress reporting, cancellation.
 * @returns Path, final URL, size and both hashes of the written file.
 * @throws {@link DownloadError} for HTTP errors, refused or timed-out connections, an unreachable host, a stream
 *   cut short, or a size other than expected; {@link ChecksumMismatchError} (naming path, expected and actual hash)
 *   when a hash differs; {@link AbortedError} when `signal` fires. The temporary file is removed in every case.
 * @example
 * ```ts
 * import {downloadFile, DATASET_ARCHIVES} from 'consistency-tfjs/node';
 * const info = DATASET_ARCHIVES.cifar10;
 * await downloadFile(info.url, `/tmp/${info.fileName}`, {md5: info.md5, bytes: info.bytes});
 * ```
 */
export async function downloadFile(url: string, dest: string, options: DownloadFileOptions = {}): Promise<DownloadResult> {
  const C = 'downloadFile';
  const connectTimeoutMs = checkNumber(C, 'connectTimeoutMs', options.connectTimeoutMs ?? 10000, {min: 1});
  const idleTimeoutMs = checkNumber(C, 'idleTimeoutMs', options.idleTimeoutMs ?? 60000, {min: 1});
  const maxRedirects = checkNumber(C, 'maxRedirects', options.maxRedirects ?? 10, {min: 0, integer: true});
  if (typeof dest !== 'string' || dest === '') {
    throw new InvalidArgumentError(`${C}: \`dest\` must be a file path; got ${String(dest)}.`, {argument: 'dest'});
  }
  const expectedBytes = options.bytes;
  fs.mkdirSync(path.dirname(path.resolve(dest)), {recursive: true});
  const tmp = `${dest}.part-${process.pid}-${randomBytes(4).toString('hex')}`;
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let received = 0;
  try {
    const {response, url: finalUrl} = await open(url, {connectTimeoutMs, idleTimeoutMs, maxRedirects, ...(options.signal ? {signal: options.signal} : {})});
    const header = Number(response.headers['content-length']);
    const total = expectedBytes ?? (Number.isFinite(header) && header > 0 ? header : undefined);
    const showBar = options.progress === true || (options.progress === undefined && process.stderr.isTTY === true);
    const bar = showBar ? progressBar(path.basename(dest), total) : undefined;
    const report = typeof options.progress === 'function' ? options.progress : undefined;
    try {
      await pipeline(response, async function* hashing(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          md5.update(chunk);
          sha256.update(chunk);
          received += chunk.length;
          bar?.update(received);
          report?.({url: finalUrl, receivedBytes: received, totalBytes: total});
          yield chunk;
        }
      }, fs.createWriteStream(tmp));
    } catch (e) {
      if (e instanceof DownloadError || e instanceof AbortedError) throw e;
      if ((e as {name?: string}).name === 'AbortError') throw new AbortedError(`${C}: cancelled while reading ${finalUrl}.`, {cause: e});
      throw new DownloadError(`${C}: the transfer from ${finalUrl} broke off after ${received} bytes; got ${describeNetworkError(e)}. ` +
        'Try again.', {url: finalUrl}, {cause: e});
    } finally {
      bar?.done(received);
    }
    if (Number.isFinite(header) && header >= 0 && received !== header) {
      throw new DownloadError(`${C}: the server announced ${header} bytes; got ${received} from ${finalUrl}. Try again.`, {url: finalUrl});
    }
    if (expectedBytes !== undefined && received !== expectedBytes) {
      throw new DownloadError(`${C}: expected ${expectedBytes} bytes; got ${received} from ${finalUrl}. The file on the ` +
        'server differs from the published one, or the transfer was cut.', {url: finalUrl});
    }
    const actual = {md5: md5.digest('hex'), sha256: sha256.digest('hex')};
    for (const algorithm of ['md5', 'sha256'] as const) {
      const expected = options[algorithm]?.toLowerCase();
      if (expected !== undefined && expected !== actual[algorithm]) {
        throw new ChecksumMismatchError(
          `${C}: ${algorithm} of ${dest} does not match; got ${actual[algorithm]}, expected ${expected}. The download ` +
            `from ${finalUrl} is corrupt or not the published file; it was deleted. Try again, or fetch the file by ` +
            'other means and pass it as dataDir.', {path: dest, expected, actual: actual[algorithm], algorithm});
      }
    }
    fs.renameSync(tmp, dest);
    return {path: dest, url: finalUrl, bytes: received, ...actual};
  } finally {
    fs.rmSync(tmp, {force: true});
  }
}
