// Flags and presets of examples/cifar10.ts.
import {adaptToBackend, parseConfig, PRESETS, QUICK_ON_PURE_JS_CPU} from '../../examples/lib/config';

describe('example config', () => {
  it('quick is the default; flags override the preset', () => {
    const c = parseConfig(['--seed', '7', '--image-size', '72', '--corruptions', 'fog, snow', '--severities', '1,5']);
    if (c === 'help') throw new Error('unexpected help');
    expect(c.preset).toBe('quick');
    expect(c.seed).toBe(7);
    expect([c.cropTo, c.resizeTo]).toEqual([72, 96]);
    expect(c.corruptions).toEqual(['fog', 'snow']);
    expect(c.severities).toEqual([1, 5]);
    expect(parseConfig(['--preset', 'full'])).toMatchObject({model: 'resnet50v2', batchSize: 128, cropTo: 72, trainImages: null});
    expect(parseConfig(['-h'])).toBe('help');
  });

  it('rejects bad values with the flag named', () => {
    expect(() => parseConfig(['--seed=-1'])).toThrow(/--seed must be an integer >= 0/);
    expect(() => parseConfig(['--alpha', '2'])).toThrow(/--alpha must be a number in \[0, 1\]/);
    expect(() => parseConfig(['--severities', '6'])).toThrow(/--severities takes integers 1..5/);
    expect(() => parseConfig(['--dataset', 'imagenet'])).toThrow(/--dataset must be auto, cifar10 or synthetic/);
    expect(() => parseConfig(['--bogus'])).toThrow(/bogus/);
  });

  it('scales quick down on the pure-JS cpu backend only, and never overrides a flag the user gave', () => {
    const quick = parseConfig([]);
    if (quick === 'help') throw new Error('unexpected help');
    expect(adaptToBackend(quick, 'wasm')).toEqual({config: quick, changed: []});
    const cpu = adaptToBackend(quick, 'cpu');
    expect(cpu.config).toMatchObject(QUICK_ON_PURE_JS_CPU);
    expect(cpu.changed).toContain('trainImages 1500 → 600');
    const pinned = parseConfig(['--train-images', '1000', '--model', 'resnet26v2-w8-cifar']);
    if (pinned === 'help') throw new Error('unexpected help');
    const kept = adaptToBackend(pinned, 'cpu').config;
    expect([kept.trainImages, kept.model, kept.teacherEpochs]).toEqual([1000, 'resnet26v2-w8-cifar', QUICK_ON_PURE_JS_CPU.teacherEpochs]);
    const full = parseConfig(['--preset', 'full']);
    if (full === 'help') throw new Error('unexpected help');
    expect(adaptToBackend(full, 'cpu').changed).toEqual([]);
    expect(PRESETS.full.teacherEpochs).toBe(5);
  });
});
