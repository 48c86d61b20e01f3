import {corruptPixels} from '../../src/corrupt/corrupt';

const photo = (v: number, size = 200, channels: 3 | 4 = 3) =>
  ({data: new Uint8Array(size * size * channels).fill(v), height: size, width: size, channels});

describe('frost', () => {
  it('blends a·x + b·frost on the 0..255 scale (hand-computed with a constant photograph)', () => {
    const img = new Uint8Array(32 * 32 * 3).fill(100);
    // severity 3: (0.9, 0.4) → 90 + 80 = 170; severity 5: (0.75, 0.45) → 75 + 90 = 165
    expect(corruptPixels(img, [1, 32, 32, 3], 'frost', 3, {seed: 1, frostImages: [photo(200)]}).every((v) => v === 170)).toBe(true);
    expect(corruptPixels(img, [1, 32, 32, 3], 'frost', 5, {seed: 1, frostImages: [photo(200, 200, 4)]}).every((v) => v === 165)).toBe(true);
    // clipped at 255
    const bright = new Uint8Array(32 * 32 * 3).fill(250);
    expect(corruptPixels(bright, [1, 32, 32, 3], 'frost', 1, {seed: 1, frostImages: [photo(255)]}).every((v) => v === 255)).toBe(true);
  });

  it('picks among the photographs and crops at random positions', () => {
    const img = new Uint8Array(8 * 32 * 32 * 3).fill(0);
    const out = corruptPixels(img, [8, 32, 32, 3], 'frost', {imageWeight: 1, frostWeight: 1}, {seed: 2, frostImages: [photo(10), photo(200)]});
    const firstValues = new Set(Array.from({length: 8}, (_, k) => out[k * 3072]));
    expect(firstValues).toEqual(new Set([10, 200]));
    // A gradient photograph shows that crops start at different places.
    const size = 200;
    const gradient = {data: new Uint8Array(size * size * 3).map((_, i) => Math.floor(i / 3) % size), height: size, width: size};
    const crops = corruptPixels(img, [8, 32, 32, 3], 'frost', {imageWeight: 0, frostWeight: 1}, {seed: 3, frostImages: [gradient]});
    expect(new Set(Array.from({length: 8}, (_, k) => crops[k * 3072])).size).toBeGreaterThan(1);
  });
});
