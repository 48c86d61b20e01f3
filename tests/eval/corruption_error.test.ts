import {InvalidArgumentError} from '../../src/errors';
import {corruptionError} from '../../src/eval/corruption_error';
import type {RobustnessResult} from '../../src/eval/robustness';

function result(errors: Record<string, number[]>, cleanError: number | null): RobustnessResult {
  const corruptions = Object.keys(errors) as RobustnessResult['corruptions'];
  const severities = (errors[corruptions[0]!] ?? []).map((_, i) => i + 1);
  const cells = corruptions.flatMap((c) => (errors[c] ?? []).map((e, i) => ({
    corruption: c, severity: i + 1, correct: 0, count: 1, accuracy: 1 - e, error: e,
  })));
  return {
    source: 'published', seed: null, corruptions, severities, skipped: [], cells, perCorruption: {}, perSeverity: {},
    meanAccuracy: 0, meanError: 0, corruptionError: null,
    clean: cleanError === null ? null : {correct: 0, count: 1, accuracy: 1 - cleanError, error: cleanError},
  };
}

describe('corruptionError', () => {
  it('sums errors over severities before dividing (hand-computed)', () => {
    const model = result({fog: [0.2, 0.4], snow: [0.3, 0.5]}, 0.1);
    const base = result({fog: [0.4, 0.8], snow: [0.2, 0.6]}, 0.2);
    const ce = corruptionError(model, base);
    expect(ce.perCorruption['fog']!.ce).toBeCloseTo(0.6 / 1.2, 12);
    expect(ce.perCorruption['snow']!.ce).toBeCloseTo(0.8 / 0.8, 12);
    expect(ce.mCE).toBeCloseTo(0.75, 12);
    // relative: fog (0.1 + 0.3)/(0.2 + 0.6) = 0.5; snow (0.2 + 0.4)/(0 + 0.4) = 1.5
    expect(ce.perCorruption['fog']!.relativeCe).toBeCloseTo(0.5, 12);
    expect(ce.perCorruption['snow']!.relativeCe).toBeCloseTo(1.5, 12);
    expect(ce.relativeMCE).toBeCloseTo(1, 12);
  });

  it('gives null (plain JSON) when a denominator is 0 or the clean accuracy is missing', () => {
    const perfectBaseline = result({fog: [0, 0]}, 0);
    const ce = corruptionError(result({fog: [0.1, 0.2]}, 0), perfectBaseline);
    expect(ce.perCorruption['fog']).toEqual({ce: null, relativeCe: null});
    expect(ce.mCE).toBeNull();
    expect(JSON.parse(JSON.stringify(ce))).toEqual(ce);
    const noClean = corruptionError(result({fog: [0.1, 0.2]}, null), result({fog: [0.2, 0.2]}, 0.1));
    expect(noClean.mCE).toBeCloseTo(0.75, 12);
    expect(noClean.relativeMCE).toBeNull();
  });

  it('requires the baseline to cover every cell', () => {
    expect(() => corruptionError(result({fog: [0.1, 0.2]}, 0), result({snow: [0.1, 0.2]}, 0)))
      .toThrow(InvalidArgumentError);
    expect(() => corruptionError(result({fog: [0.1, 0.2]}, 0), result({fog: [0.1]}, 0)))
      .toThrow(/no cell for fog at severity 2/);
  });
});
