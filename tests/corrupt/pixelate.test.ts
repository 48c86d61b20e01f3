import {corruptPixels} from '../../src/corrupt/corrupt';
import {pilBoxResize} from '../../src/corrupt/internal/resize';

describe('pixelate (Pillow BOX resampling)', () => {
  it('averages 2×2 blocks with Pillow rounding, horizontal pass first', () => {
    // rows (1, 2) and (3, 4): horizontal 1.5 → 2 and 3.5 → 4, vertical (2 + 4)/2 = 3
    const out = pilBoxResize(Float64Array.of(1, 2, 3, 4), 2, 2, 1, 1, 1);
    expect(Array.from(out)).toEqual([3]);
    const img = Float64Array.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150);
    expect(Array.from(pilBoxResize(img, 4, 4, 1, 2, 2))).toEqual([25, 45, 105, 125]);
  });

  it('upscales with BOX as pixel replication', () => {
    expect(Array.from(pilBoxResize(Float64Array.of(10, 20, 30, 40), 2, 2, 1, 4, 4)))
      .toEqual([10, 10, 20, 20, 10, 10, 20, 20, 30, 30, 40, 40, 30, 30, 40, 40]);
  });

  it('uses int(32·scale) = 30, 28, 27, 24, 20 and is the identity at scale 1', () => {
    const img = Uint8Array.from({length: 32 * 32 * 3}, (_, i) => (i * 37) % 256);
    expect(Array.from(corruptPixels(img, [1, 32, 32, 3], 'pixelate', {scale: 1}))).toEqual(Array.from(img));
    // At scale 0.5 the image becomes 2×2 blocks of equal pixels.
    const out = corruptPixels(img, [1, 32, 32, 3], 'pixelate', {scale: 0.5});
    for (let y = 0; y < 32; y += 2) {
      for (let x = 0; x < 32; x += 2) {
        const p = (y * 32 + x) * 3;
        expect(out[p + 3]).toBe(out[p]);
        expect(out[p + 96]).toBe(out[p]);
      }
    }
  });
});
