import {
  borderIndex, boxBlur3, cvGaussianKernel, filter2d, gaussianKernel1d, roundHalfEven,
} from '../../../src/corrupt/internal/filters';

describe('filters', () => {
  it('maps out-of-range indices like SciPy/OpenCV borders', () => {
    const map = (mode: 'nearest' | 'reflect' | 'reflect101') => [-3, -2, -1, 0, 3, 4, 5, 6].map((i) => borderIndex(i, 4, mode));
    expect(map('nearest')).toEqual([0, 0, 0, 0, 3, 3, 3, 3]);
    expect(map('reflect')).toEqual([2, 1, 0, 0, 3, 3, 2, 1]); // cba|abcd|dcb
    expect(map('reflect101')).toEqual([3, 2, 1, 0, 3, 2, 1, 0]); // dcb|abcd|cba
    expect(borderIndex(-7, 1, 'reflect')).toBe(0);
    expect(borderIndex(25, 4, 'reflect')).toBe(1); // 25 mod 8 = 1
  });

  it('builds the SciPy Gaussian kernel with radius int(truncate·σ + 0.5)', () => {
    expect(gaussianKernel1d(0.4, 4)).toHaveLength(5); // radius 2
    expect(gaussianKernel1d(1, 4)).toHaveLength(9);
    expect(gaussianKernel1d(6.4, 3)).toHaveLength(39); // elastic severity 2: radius 19
    expect(Array.from(gaussianKernel1d(0, 4))).toEqual([1]);
    expect(gaussianKernel1d(1, 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(Array.from(cvGaussianKernel(3, 0))).toEqual([0.25, 0.5, 0.25]);
  });

  it('filter2d correlates (not convolves) with reflect-101 borders; boxBlur3 averages', () => {
    const img = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    const right = Float64Array.of(0, 0, 0, 0, 0, 1, 0, 0, 0); // picks the right neighbour
    expect(Array.from(filter2d(img, 3, 3, 1, right, 3, 3))).toEqual([2, 3, 2, 5, 6, 5, 8, 9, 8]);
    expect(boxBlur3(img, 3, 3, 1)[4]).toBeCloseTo(5, 12);
    expect(boxBlur3(img, 3, 3, 1)[0]).toBeCloseTo((5 + 4 + 5 + 2 + 1 + 2 + 5 + 4 + 5) / 9, 12);
  });

  it('rounds half to even', () => {
    expect([0.5, 1.5, 2.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -2, 2, 3]);
  });
});
