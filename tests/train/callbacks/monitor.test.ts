import {MonitorCallback, aliasKey, resolveMonitorMode, type EpochLogs} from '../../../src/train/callbacks/monitor';
import {InvalidArgumentError} from '../../../src/errors';

class Probe extends MonitorCallback {
  constructor(monitor: string, mode?: 'auto' | 'min' | 'max', minDelta?: number) {
    super('Probe', {monitor, mode, minDelta}, 'val_loss');
  }
  value(logs: EpochLogs) { return this.monitorValue(logs); }
  improves(c: number, r?: number) { return this.isImprovement(c, r); }
  reset() { this.resetMonitor(); }
}

describe('MonitorCallback', () => {
  it.each([
    ['val_loss', 'min'], ['loss', 'min'], ['student_loss', 'min'], ['val_total_loss', 'min'],
    ['val_mean_squared_error', 'min'], ['mse', 'min'], ['val_mae', 'min'], ['binary_crossentropy', 'min'],
    ['val_accuracy', 'max'], ['val_acc', 'max'], ['acc', 'max'], ['val_auc', 'max'], ['precision', 'max'],
    ['val_recall', 'max'], ['sparse_categorical_accuracy', 'max'],
  ])('auto direction of %s is %s', (name, mode) => {
    expect(resolveMonitorMode(name)).toBe(mode);
    expect(new Probe(name).mode).toBe(mode);
  });

  it('throws for names it cannot direct, asking for an explicit mode', () => {
    for (const name of ['val_total', 'lr', 'score']) {
      expect(() => new Probe(name)).toThrow(InvalidArgumentError);
      expect(() => resolveMonitorMode(name, 'X')).toThrow(new RegExp(`X: cannot tell whether '${name}'`));
    }
  });

  it('aliases accuracy and acc with the same val_ prefix only', () => {
    expect(aliasKey('val_accuracy')).toBe('val_acc');
    expect(aliasKey('acc')).toBe('accuracy');
    expect(aliasKey('val_loss')).toBeUndefined();
    expect(new Probe('val_accuracy').value({val_acc: 0.7, acc: 0.1})).toBe(0.7);
    expect(new Probe('acc').value({accuracy: 0.3, val_acc: 0.1})).toBe(0.3);
    expect(new Probe('val_accuracy').value({val_accuracy: 0.2, val_acc: 0.9})).toBe(0.2); // exact key first
  });

  it('warns once until reset, listing numeric keys', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const p = new Probe('val_accuracy');
      expect(p.value({loss: 1, acc: 0.5})).toBeUndefined();
      expect(p.value({loss: 1})).toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/Available metrics are: loss, acc\./);
      p.reset();
      p.value({});
      expect(warn).toHaveBeenCalledTimes(2);
      expect(String(warn.mock.calls[1]?.[0])).toMatch(/\(none\)/);
    } finally {
      warn.mockRestore();
    }
  });

  it('improvement: strict, |minDelta|, undefined reference always improves, NaN never', () => {
    const min = new Probe('loss', 'auto', -0.1);
    expect(min.minDelta).toBe(0.1);
    expect(min.improves(0.85, 1)).toBe(true);
    expect(min.improves(0.9, 1)).toBe(false);
    expect(min.improves(5, undefined)).toBe(true);
    expect(min.improves(NaN, 1)).toBe(false);
    const max = new Probe('acc', 'max');
    expect(max.improves(0.5, 0.5)).toBe(false);
    expect(max.improves(0.51, 0.5)).toBe(true);
  });
});
