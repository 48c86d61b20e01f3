// The loaders (src/data/corruptions.ts) and the generator (src/corrupt/) each name the 19 CIFAR-10-C
// corruptions; this keeps the two tables from drifting apart.
import {CIFAR10C_ALIASES, CIFAR10C_BENCHMARK_CORRUPTIONS, CIFAR10C_CORRUPTIONS, resolveCorruption} from '../../src/data/corruptions';
import {corruptionNames, getCorruptionInfo} from '../../src/corrupt/registry';

describe('corruption names: loaders and generator agree', () => {
  it('same 19 names in the same (paper) order, same benchmark 15', () => {
    expect(corruptionNames()).toEqual([...CIFAR10C_CORRUPTIONS]);
    expect(corruptionNames({benchmark: true})).toEqual([...CIFAR10C_BENCHMARK_CORRUPTIONS]);
  });

  it('same TFDS aliases, resolved to the same file stems', () => {
    const tfds = corruptionNames({tfds: true});
    const differing = Object.fromEntries(CIFAR10C_CORRUPTIONS.map((n, i) => [tfds[i], n]).filter(([t, n]) => t !== n));
    expect(differing).toEqual({...CIFAR10C_ALIASES});
    for (const name of [...CIFAR10C_CORRUPTIONS, ...Object.keys(CIFAR10C_ALIASES)]) {
      expect(getCorruptionInfo(name).name).toBe(resolveCorruption(name));
    }
  });
});
