import {canny, distanceTransform5, equalizeHist} from '../../../src/corrupt/internal/cv';

describe('OpenCV ports', () => {
  it('Canny marks the step of a two-level image and nothing in flat areas', () => {
    const w = 12;
    const img = new Float64Array(w * w).map((_, i) => (i % w >= 6 ? 200 : 0));
    const edges = canny(img, w, w, 50, 150);
    for (let y = 0; y < w; y++) {
      const row = Array.from(edges.subarray(y * w, y * w + w));
      expect(row.filter((v) => v === 255)).toHaveLength(1);
      expect([5, 6]).toContain(row.indexOf(255));
    }
    expect(canny(new Float64Array(64).fill(90), 8, 8, 50, 150).every((v) => v === 0)).toBe(true);
  });

  it('the 5×5 chamfer distance uses 1, 1.4 and 2.1969', () => {
    const img = new Float64Array(7 * 7).fill(255);
    img[3 * 7 + 3] = 0;
    const d = distanceTransform5(img, 7, 7);
    const at = (y: number, x: number) => d[y * 7 + x] as number;
    expect(at(3, 3)).toBe(0);
    expect(at(3, 4)).toBeCloseTo(1, 4);
    expect(at(4, 4)).toBeCloseTo(1.4, 4);
    expect(at(4, 5)).toBeCloseTo(2.1969, 4);
    expect(at(3, 5)).toBeCloseTo(2, 4);
  });

  it('equalizeHist maps the first occupied level to 0 and the last to 255', () => {
    expect(Array.from(equalizeHist(Float64Array.of(10, 10, 20, 30)))).toEqual([0, 0, 128, 255]);
    expect(Array.from(equalizeHist(Float64Array.of(7, 7)))).toEqual([7, 7]);
  });
});
