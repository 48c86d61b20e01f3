import {corruptPixels} from '../../src/corrupt/corrupt';
import {jpegRoundTrip} from '../../src/corrupt/jpeg';
import {meanAbsDiff, syntheticImages} from './images';

describe('jpeg_compression (jpeg-js)', () => {
  it('coding images as one mosaic gives exactly the per-image result, also for sizes not divisible by 8', () => {
    const a = Float64Array.from(syntheticImages(1, 12, 10, 1));
    const b = Float64Array.from(syntheticImages(1, 12, 10, 2));
    const [ma, mb] = jpegRoundTrip([a, b], 12, 10, 40);
    expect(Array.from(ma!)).toEqual(Array.from(jpegRoundTrip([a], 12, 10, 40)[0]!));
    expect(Array.from(mb!)).toEqual(Array.from(jpegRoundTrip([b], 12, 10, 40)[0]!));
  });

  it('loses more at lower quality and keeps a flat grey image nearly intact', () => {
    const img = syntheticImages(4);
    const shape: [number, number, number, number] = [4, 32, 32, 3];
    const q10 = meanAbsDiff(corruptPixels(img, shape, 'jpeg_compression', {quality: 10}), img);
    const q90 = meanAbsDiff(corruptPixels(img, shape, 'jpeg_compression', {quality: 90}), img);
    expect(q10).toBeGreaterThan(2 * q90);
    const grey = new Uint8Array(32 * 32 * 3).fill(128);
    corruptPixels(grey, [1, 32, 32, 3], 'jpeg_compression', 5).forEach((v) => expect(Math.abs(v - 128)).toBeLessThanOrEqual(1));
  });
});
