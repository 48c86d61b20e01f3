// The float32 coordinate machinery of the geometric ops (spec randaugment.md §5.3, §6.4).
import {reflectCoordinate, rotationAffine, sourceMap, translateXAffine} from '../../../src/augment/internal/warp_map';

/** The spec's closed form of the reflection (§5.3.2), in double precision on float32 inputs. */
function closedForm(v: number, len: number): number {
  if (len <= 1) return 0;
  const t = (((v + 0.5) % (2 * len)) + 2 * len) % (2 * len);
  const r = t < len ? t - 0.5 : 2 * len - 0.5 - t;
  return Math.min(Math.max(r, 0), len - 1);
}

describe('warp maps', () => {
  it('the kernel-form reflection equals the spec closed form on every half-integer in [-400, 400] (L = 72)', () => {
    for (let k = -800; k <= 800; k++) expect(reflectCoordinate(k / 2, 72)).toBe(closedForm(k / 2, 72));
  });

  it('the kernel-form reflection equals the closed form on random float32 coordinates and lengths', () => {
    let s = 12345;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20000; i++) {
      const len = 1 + Math.floor(next() * 100);
      const v = Math.fround((next() - 0.5) * 1000);
      expect(Math.round(reflectCoordinate(v, len))).toBe(Math.round(closedForm(v, len)));
    }
  });

  it('reflects before rounding: 72.5 -> 70.5 -> 71 at L = 72 (not 73 -> 70)', () => {
    expect(Math.round(reflectCoordinate(72.5, 72))).toBe(71);
  });

  it('rotation coefficients match the table of §6.4', () => {
    expect(rotationAffine(27, 72, 72)).toEqual([0.8910065293312073, -0.45399048924446106, 19.985931396484375,
      0.45399048924446106, 0.8910065293312073, -12.247394561767578]);
    expect(rotationAffine(-27, 72, 72)).toEqual([0.8910065293312073, 0.45399048924446106, -12.247394561767578,
      -0.45399048924446106, 0.8910065293312073, 19.985931396484375]);
  });

  it('constant mode marks exactly the out-of-image samples with -1', () => {
    const m = sourceMap(translateXAffine(-2), 3, 4, 'constant');
    expect(Array.from(m)).toEqual([-1, -1, 0, 1, -1, -1, 4, 5, -1, -1, 8, 9]);
    expect(Array.from(sourceMap(translateXAffine(-2), 3, 4, 'reflect'))).toEqual([1, 0, 0, 1, 5, 4, 4, 5, 9, 8, 8, 9]);
  });
});
