import {HistoryLogger} from '../../../src/train/callbacks/history_logger';
import {ReduceLROnPlateau} from '../../../src/train/callbacks/reduce_lr_on_plateau';
import {drive, fakeRun} from './fake_port';

describe('HistoryLogger', () => {
  it('writes the whole CSV after every epoch, with late columns (lr from ReduceLROnPlateau) and empty cells', async () => {
    const docs: string[] = [];
    const logger = new HistoryLogger({write: (t) => { docs.push(t); }});
    const run = fakeRun(0.5);
    await drive(run, [new ReduceLROnPlateau({patience: 1}), logger], [{val_loss: 1, loss: 2}, {val_loss: 1}]);
    expect(docs).toHaveLength(2);
    expect(docs[1]).toBe('epoch,learning_rate,loss,lr,val_loss\n0,0.5,2,0.5,1\n1,0.5,,0.5,1\n');
    run.dispose();
  });

  it('writes JSON with null for absent or non-finite values, and resets between runs', async () => {
    let doc = '';
    const logger = new HistoryLogger({format: 'json', write: async (t, info) => { doc = t; expect(info.format).toBe('json'); }});
    const run = fakeRun();
    await drive(run, [logger], [{loss: 1}, {loss: NaN, acc: 0.5}]);
    expect(JSON.parse(doc)).toEqual({epoch: [0, 1], history: {acc: [null, 0.5], loss: [1, null]}});
    await drive(run, [logger], [{loss: 3}]);
    expect(JSON.parse(doc)).toEqual({epoch: [0], history: {loss: [3]}});
    expect(() => new HistoryLogger({write: 'file.csv' as never})).toThrow(/`write` must be a function/);
    expect(() => new HistoryLogger({write: () => undefined, format: 'xml' as never})).toThrow(/'csv', 'json'/);
    run.dispose();
  });
});
