import {corruptPixels} from '../../src/corrupt/corrupt';
import {affineFromPoints, warpAffine} from '../../src/corrupt/elastic';
import {syntheticImages} from './images';

describe('elastic_transform', () => {
  it('getAffineTransform solves the 3-point map (identity and a translation)', () => {
    const pts = [26, 26, 26, 6, 6, 6];
    affineFromPoints(pts, pts).forEach((v, i) => expect(v).toBeCloseTo([1, 0, 0, 0, 1, 0][i] as number, 12));
    const moved = pts.map((v, i) => v + (i % 2 === 0 ? 2 : -1));
    affineFromPoints(pts, moved).forEach((v, i) => expect(v).toBeCloseTo([1, 0, 2, 0, 1, -1][i] as number, 12));
  });

  it('warpAffine moves content by the map (shift right by 1 px, reflect-101 border)', () => {
    const img = Float64Array.from(syntheticImages(1, 8, 8));
    const out = warpAffine(img, 8, 8, [1, 0, 1, 0, 1, 0]);
    for (let y = 0; y < 8; y++) {
      for (let x = 1; x < 8; x++) expect(out[(y * 8 + x) * 3]).toBeCloseTo(img[(y * 8 + x - 1) * 3] as number, 9);
      expect(out[(y * 8) * 3]).toBeCloseTo(img[(y * 8 + 1) * 3] as number, 9); // reflect-101: column −1 = column 1
    }
  });

  it('severity 1 is affine only; the elastic field alone (no jitter) still changes the image', () => {
    const img = syntheticImages(2);
    const shape: [number, number, number, number] = [2, 32, 32, 3];
    expect(Array.from(corruptPixels(img, shape, 'elastic', {alpha: 0.1, sigma: 0.03, jitter: 0}, {seed: 1})))
      .not.toEqual(Array.from(img));
    expect(Array.from(corruptPixels(img, shape, 'elastic', {alpha: 0, sigma: 0, jitter: 0}))).toEqual(Array.from(img));
  });
});
