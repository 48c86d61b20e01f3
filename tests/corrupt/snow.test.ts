import {corruptPixels} from '../../src/corrupt/corrupt';
import {syntheticImages} from './images';

describe('snow', () => {
  it('only brightens: every value is at least the input value', () => {
    const img = syntheticImages(4);
    for (let s = 1; s <= 5; s++) {
      const out = corruptPixels(img, [4, 32, 32, 3], 'snow', s, {seed: s});
      expect(out.every((v, i) => v >= (img[i] as number))).toBe(true);
    }
  });

  it('without flakes (threshold above every draw) only whitens: blend·x + (1−blend)·max(x, 1.5·grey + 0.5)', () => {
    const img = new Uint8Array(32 * 32 * 3).fill(0);
    const out = corruptPixels(img, [1, 32, 32, 3], 'snow',
      {mean: 0, std: 0.01, zoom: 1, threshold: 5, blurRadius: 8, blurSigma: 3, blend: 0.8}, {seed: 1});
    // black: grey = 0 → max(0, 0.5) = 0.5 → 0.2 · 0.5 = 0.1 → trunc(25.5) = 25
    expect(out.every((v) => v === 25)).toBe(true);
  });
});
