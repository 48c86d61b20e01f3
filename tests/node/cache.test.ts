import {createHash} from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {ChecksumMismatchError} from '../../src/errors';
import {CACHE_ENV_VAR, defaultCacheDir, rememberVerified, verifyCached} from '../../src/node/cache';
import {hashFile} from '../../src/node/checksums';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctfjs-cache-'));
});
afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

describe('defaultCacheDir', () => {
  const saved = {env: process.env[CACHE_ENV_VAR], xdg: process.env['XDG_CACHE_HOME']};
  afterEach(() => {
    for (const [k, v] of [[CACHE_ENV_VAR, saved.env], ['XDG_CACHE_HOME', saved.xdg]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('prefers CONSISTENCY_TFJS_CACHE, then XDG_CACHE_HOME, then the platform folder', () => {
    process.env[CACHE_ENV_VAR] = '/data/cache-here';
    process.env['XDG_CACHE_HOME'] = '/xdg';
    expect(defaultCacheDir()).toBe('/data/cache-here');
    delete process.env[CACHE_ENV_VAR];
    expect(defaultCacheDir()).toBe(path.join('/xdg', 'consistency-tfjs'));
    delete process.env['XDG_CACHE_HOME'];
    if (process.platform === 'linux') expect(defaultCacheDir()).toBe(path.join(os.homedir(), '.cache', 'consistency-tfjs'));
  });
});

describe('hashFile and verifyCached', () => {
  const content = Buffer.from('some archive bytes');
  const md5 = createHash('md5').update(content).digest('hex');
  const sha256 = createHash('sha256').update(content).digest('hex');

  it('hashes a file by streaming', async () => {
    const file = path.join(dir, 'a');
    fs.writeFileSync(file, content);
    expect(await hashFile(file)).toEqual({bytes: content.length, md5, sha256});
    expect(await hashFile(file, ['md5'])).toEqual({bytes: content.length, md5});
  });

  it('accepts a good file once hashed, and remembers it in a sidecar', async () => {
    const file = path.join(dir, 'a.tar');
    fs.writeFileSync(file, content);
    await verifyCached(file, {bytes: content.length, md5, sha256}, 'test');
    expect(JSON.parse(fs.readFileSync(`${file}.verified.json`, 'utf8'))).toMatchObject({bytes: content.length, md5, sha256});
  });

  it('trusts the sidecar while size and mtime are unchanged, and re-hashes a changed file', async () => {
    const file = path.join(dir, 'a.tar');
    fs.writeFileSync(file, content);
    rememberVerified(file, {md5: 'a'.repeat(32), sha256: 'b'.repeat(64)}); // what an earlier download recorded
    await verifyCached(file, {md5: 'a'.repeat(32)}, 'test'); // no hashing: the sidecar is believed
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const e = await verifyCached(file, {md5: 'a'.repeat(32)}, 'loadCifar10').catch((x) => x);
    expect(e).toBeInstanceOf(ChecksumMismatchError);
    expect([e.path, e.expected, e.actual, e.algorithm]).toEqual([file, 'a'.repeat(32), md5, 'md5']);
    expect(e.message).toMatch(/^loadCifar10: md5 of .* does not match; got [0-9a-f]{32}, expected a{32}\./);
  });

  it('rejects a file of the wrong size without hashing it', async () => {
    const file = path.join(dir, 'short.tar');
    fs.writeFileSync(file, content.subarray(0, 5));
    const e = await verifyCached(file, {bytes: content.length, md5}, 'test').catch((x) => x);
    expect(e).toBeInstanceOf(ChecksumMismatchError);
    expect([e.algorithm, e.expected, e.actual]).toEqual(['size', String(content.length), '5']);
    expect(fs.existsSync(`${file}.verified.json`)).toBe(false);
  });
});
