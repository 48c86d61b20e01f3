import {createHash} from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {AbortedError, ChecksumMismatchError, DownloadError, InvalidArgumentError} from '../../src/errors';
import {downloadFile, type DownloadProgress} from '../../src/node/download';
import {closedPort, serveBytes, startServer, type TestServer} from '../helpers/http_server';

const body = Uint8Array.from({length: 200000}, (_, i) => (i * 31 + 7) % 256);
const md5 = createHash('md5').update(body).digest('hex');
const sha256 = createHash('sha256').update(body).digest('hex');

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer({
    '/file.bin': serveBytes(body),
    '/redirect': (_req, res) => {
      res.writeHead(302, {location: '/hop'});
      res.end();
    },
    '/hop': (_req, res) => {
      res.writeHead(301, {location: `${server.url}/file.bin`});
      res.end();
    },
    '/loop': (_req, res) => {
      res.writeHead(302, {location: '/loop'});
      res.end();
    },
    '/error': (_req, res) => {
      res.writeHead(503, 'Service Unavailable');
      res.end('busy');
    },
    '/cut': (_req, res) => {
      // Announces the whole body, sends a third, then drops the connection.
      res.writeHead(200, {'content-length': body.length});
      res.write(Buffer.from(body.subarray(0, 70000)), () => setTimeout(() => res.socket?.destroy(), 20));
    },
    '/silent': () => {
      // Accepts the request and never answers.
    },
    '/chunked': (_req, res) => {
      res.writeHead(200);
      res.write(Buffer.from(body.subarray(0, 100000)));
      res.end(Buffer.from(body.subarray(100000)));
    },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctfjs-download-'));
});
afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

/** Files left in the test folder (no temporary leftovers allowed). */
const listing = () => fs.readdirSync(dir).sort();

describe('downloadFile', () => {
  it('streams to the destination, verifying size, MD5 and SHA-256, and reports progress', async () => {
    const dest = path.join(dir, 'sub', 'file.bin');
    const seen: DownloadProgress[] = [];
    const result = await downloadFile(`${server.url}/file.bin`, dest, {md5, sha256, bytes: body.length, progress: (p) => seen.push(p)});
    expect(result).toEqual({path: dest, url: `${server.url}/file.bin`, bytes: body.length, md5, sha256});
    expect(Buffer.from(fs.readFileSync(dest)).equals(Buffer.from(body))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'sub'))).toEqual(['file.bin']);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toEqual({url: `${server.url}/file.bin`, receivedBytes: body.length, totalBytes: body.length});
  });

  it('follows relative and absolute redirects, and accepts a body without Content-Length', async () => {
    const viaRedirect = await downloadFile(`${server.url}/redirect`, path.join(dir, 'a.bin'), {md5, progress: false});
    expect(viaRedirect.url).toBe(`${server.url}/file.bin`);
    const chunked = await downloadFile(`${server.url}/chunked`, path.join(dir, 'b.bin'), {sha256, progress: false});
    expect(chunked.bytes).toBe(body.length);
    const e = await downloadFile(`${server.url}/loop`, path.join(dir, 'c.bin'), {maxRedirects: 3, progress: false}).catch((x) => x);
    expect(e).toBeInstanceOf(DownloadError);
    expect(e.message).toMatch(/more than 3 redirects/);
    expect(listing()).toEqual(['a.bin', 'b.bin']);
  });

  it('deletes the file and names path, expected and actual hashes on a checksum mismatch', async () => {
    const dest = path.join(dir, 'file.bin');
    const wrong = '0'.repeat(32);
    const e = await downloadFile(`${server.url}/file.bin`, dest, {md5: wrong, progress: false}).catch((x) => x);
    expect(e).toBeInstanceOf(ChecksumMismatchError);
    expect([e.path, e.expected, e.actual, e.algorithm]).toEqual([dest, wrong, md5, 'md5']);
    expect(e.message).toContain(dest);
    expect(e.message).toContain(md5);
    expect(listing()).toEqual([]);
    const s = await downloadFile(`${server.url}/file.bin`, dest, {sha256: 'F'.repeat(64), progress: false}).catch((x) => x);
    expect([s.algorithm, s.actual]).toEqual(['sha256', sha256]);
    expect(listing()).toEqual([]);
  });

  it('keeps an existing destination when the new download fails', async () => {
    const dest = path.join(dir, 'file.bin');
    fs.writeFileSync(dest, 'old copy');
    await expect(downloadFile(`${server.url}/file.bin`, dest, {md5: 'f'.repeat(32), progress: false})).rejects.toThrow(ChecksumMismatchError);
    expect(fs.readFileSync(dest, 'utf8')).toBe('old copy');
    expect(listing()).toEqual(['file.bin']);
  });

  it('fails with the HTTP status on a server error', async () => {
    const e = await downloadFile(`${server.url}/error`, path.join(dir, 'x'), {progress: false}).catch((x) => x);
    expect(e).toBeInstanceOf(DownloadError);
    expect(e.status).toBe(503);
    expect(e.url).toBe(`${server.url}/error`);
    expect(e.message).toMatch(/^downloadFile: the server answered HTTP 503 Service Unavailable/);
    expect(listing()).toEqual([]);
  });

  it('fails and cleans up when the server breaks off mid-stream', async () => {
    const e = await downloadFile(`${server.url}/cut`, path.join(dir, 'cut.bin'), {progress: false}).catch((x) => x);
    expect(e).toBeInstanceOf(DownloadError);
    // How much arrives before the reset depends on timing; never the whole body.
    expect(e.message).toMatch(/broke off after \d+ bytes|announced 200000 bytes; got \d+/);
    expect(Number(/(?:after|got) (\d+)/.exec(e.message)?.[1])).toBeLessThanOrEqual(70000);
    expect(listing()).toEqual([]);
  });

  it('fails within the idle timeout when the server stalls', async () => {
    const t0 = Date.now();
    const e = await downloadFile(`${server.url}/silent`, path.join(dir, 's.bin'), {idleTimeoutMs: 300, progress: false}).catch((x) => x);
    expect(e).toBeInstanceOf(DownloadError);
    expect(e.message).toMatch(/no data from .* for 300 ms/);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(listing()).toEqual([]);
  });

  it('fails at once on a refused connection', async () => {
    const port = await closedPort();
    const t0 = Date.now();
    const e = await downloadFile(`http://127.0.0.1:${port}/file.bin`, path.join(dir, 'r.bin'), {progress: false}).catch((x) => x);
    expect(e).toBeInstanceOf(DownloadError);
    expect(e.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/file\.bin; got connection refused/);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(listing()).toEqual([]);
  });

  it('rejects a wrong size, a bad URL, and stops on abort', async () => {
    const e = await downloadFile(`${server.url}/file.bin`, path.join(dir, 'w.bin'), {bytes: 5, progress: false}).catch((x) => x);
    expect(e).toBeInstanceOf(DownloadError);
    expect(e.message).toMatch(/expected 5 bytes; got 200000/);
    await expect(downloadFile('ftp://example.org/x', path.join(dir, 'f'))).rejects.toThrow(InvalidArgumentError);
    await expect(downloadFile('not a url', path.join(dir, 'f'))).rejects.toThrow(InvalidArgumentError);
    const controller = new AbortController();
    controller.abort();
    await expect(downloadFile(`${server.url}/silent`, path.join(dir, 'a.bin'), {signal: controller.signal, progress: false}))
      .rejects.toThrow(AbortedError);
    expect(listing()).toEqual([]);
  });
});
