import {History} from '../../src/train/history';

describe('History', () => {
  it('keeps one entry per epoch for every key, NaN where absent; last() and toJSON()', () => {
    const h = new History();
    h.record(3, {loss: 1, skipped: 'x' as unknown as number});
    h.record(4, {loss: 0.5, val_loss: 2});
    h.record(5, {val_loss: 1});
    expect(h.epoch).toEqual([3, 4, 5]);
    expect(h.history['loss']).toEqual([1, 0.5, NaN]);
    expect(h.history['val_loss']).toEqual([NaN, 2, 1]);
    expect(h.history['skipped']).toBeUndefined();
    expect(h.last('val_loss')).toBe(1);
    expect(h.last('nope')).toBeUndefined();
    expect(JSON.parse(JSON.stringify(h))).toEqual({epoch: [3, 4, 5], history: {loss: [1, 0.5, null], val_loss: [null, 2, 1]}, params: {}});
  });
});
