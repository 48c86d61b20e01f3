import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {fileSystem, registerFileSystemRouter} from '../../src/node/file_io';
import {NotSerializableError} from '../../src/errors';
import {expectNoLeak} from '../helpers/memory';

function model() {
  return tfl.sequential({layers: [
    tfl.layers.dense({units: 4, inputShape: [3], activation: 'relu', name: 'd1'}),
    tfl.layers.batchNormalization({name: 'bn'}),
    tfl.layers.dense({units: 2, name: 'd2'}),
  ]});
}

describe('fileSystem IOHandler', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfs-')); });
  afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

  it('round-trips topology and every weight exactly', async () => {
    await expectNoLeak(async () => {
      const m = model();
      await m.save(fileSystem(path.join(dir, 'm')));
      expect(fs.readdirSync(path.join(dir, 'm')).sort()).toEqual(['model.json', 'weights.bin']);
      const loaded = await tfl.loadLayersModel(fileSystem(path.join(dir, 'm', 'model.json')));
      const a = m.getWeights();
      const b = loaded.getWeights();
      expect(b.map((w) => w.shape)).toEqual(a.map((w) => w.shape));
      for (let i = 0; i < a.length; i++) expect(Array.from(await b[i]!.data())).toEqual(Array.from(await a[i]!.data()));
      expect(loaded.layers.map((l) => l.name)).toEqual(['d1', 'bn', 'd2']);
      m.dispose();
      loaded.dispose();
    });
  });

  it('makes file:// URLs work through the router, once', async () => {
    expect(registerFileSystemRouter()).toBe(true);
    expect(registerFileSystemRouter()).toBe(false);
    await expectNoLeak(async () => {
      const m = model();
      await m.save(`file://${dir}/viaurl`);
      const loaded = await tfl.loadLayersModel(`file://${dir}/viaurl/model.json`);
      const x = tf.ones([1, 3]);
      const ya = m.predict(x) as tf.Tensor;
      const yb = loaded.predict(x) as tf.Tensor;
      expect(Array.from(await yb.data())).toEqual(Array.from(await ya.data()));
      tf.dispose([x, ya, yb]);
      m.dispose();
      loaded.dispose();
    });
  });

  it('explains a missing model', async () => {
    await expect(tfl.loadLayersModel(fileSystem(path.join(dir, 'nothing')))).rejects.toThrow(NotSerializableError);
    await expect(tfl.loadLayersModel(fileSystem(path.join(dir, 'nothing')))).rejects.toThrow(/Save one there first/);
  });
});
