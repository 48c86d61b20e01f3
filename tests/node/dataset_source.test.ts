import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {DatasetNotFoundError, InvalidArgumentError} from '../../src/errors';
import {DATASET_ARCHIVES} from '../../src/node/checksums';
import {locateDataset} from '../../src/node/dataset_source';
import {serveBytes, startServer} from '../helpers/http_server';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctfjs-source-'));
});
afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

const info = DATASET_ARCHIVES.cifar10;
const hasBatch = (d: string) => fs.existsSync(path.join(d, 'test_batch.bin'));

describe('locateDataset', () => {
  it('finds, in order: dataDir (archive file, data folder, inner folder, archive inside), then the cache', async () => {
    const folder = path.join(dir, 'mine', info.folder);
    fs.mkdirSync(folder, {recursive: true});
    fs.writeFileSync(path.join(folder, 'test_batch.bin'), '');
    const o = {download: false, cacheDir: path.join(dir, 'cache'), warn: () => undefined};
    expect(await locateDataset('t', info, hasBatch, {...o, dataDir: folder})).toEqual({kind: 'folder', path: folder});
    expect(await locateDataset('t', info, hasBatch, {...o, dataDir: path.join(dir, 'mine')})).toEqual({kind: 'folder', path: folder});
    const archive = path.join(dir, 'other', info.fileName);
    fs.mkdirSync(path.dirname(archive));
    fs.writeFileSync(archive, Buffer.from([0x1f, 0x8b, 8, 0]));
    expect(await locateDataset('t', info, hasBatch, {...o, dataDir: path.dirname(archive)})).toEqual({kind: 'archive', path: archive, gzip: true});
    const plain = path.join(dir, 'x.tar');
    fs.writeFileSync(plain, Buffer.alloc(1024));
    expect(await locateDataset('t', info, hasBatch, {...o, dataDir: plain})).toEqual({kind: 'archive', path: plain, gzip: false});
    // An extracted folder in the cache is used as is.
    const cached = path.join(dir, 'cache', info.folder);
    fs.mkdirSync(cached, {recursive: true});
    fs.writeFileSync(path.join(cached, 'test_batch.bin'), '');
    expect(await locateDataset('t', info, hasBatch, o)).toEqual({kind: 'folder', path: cached});
  });

  it('downloads with overridden checks (a key set to undefined is not checked) and remembers the hashes', async () => {
    const body = Buffer.from('not really an archive');
    const server = await startServer({'/a': serveBytes(body)});
    try {
      const where = await locateDataset('t', info, hasBatch, {cacheDir: dir, progress: false,
        archive: {url: `${server.url}/a`, md5: undefined, sha256: undefined, bytes: body.length}});
      expect(where).toEqual({kind: 'archive', path: path.join(dir, info.fileName), gzip: false});
      expect(JSON.parse(fs.readFileSync(path.join(dir, `${info.fileName}.verified.json`), 'utf8')).bytes).toBe(body.length);
    } finally {
      await server.close();
    }
  });

  it('rejects bad paths and lists every place searched', async () => {
    await expect(locateDataset('t', info, hasBatch, {cacheDir: ''})).rejects.toThrow(InvalidArgumentError);
    const e = await locateDataset('t', info, hasBatch, {dataDir: path.join(dir, 'nope'), cacheDir: dir, download: false, warn: () => undefined})
      .catch((x) => x);
    expect(e).toBeInstanceOf(DatasetNotFoundError);
    expect(e.searched).toEqual([path.join(dir, 'nope'), path.join(dir, info.fileName), path.join(dir, info.folder)]);
  });
});
