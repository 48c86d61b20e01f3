import {corruptPixels} from '../../src/corrupt/corrupt';
import {CORRUPTIONS} from '../../src/corrupt/registry';
import {syntheticImages} from './images';

describe('spatter', () => {
  const img = syntheticImages(8);
  const shape: [number, number, number, number] = [8, 32, 32, 3];

  it('water (severities 1-3) only adds pale turquoise: no value decreases, red rises least', () => {
    const out = corruptPixels(img, shape, 'spatter', 3, {seed: 1});
    const gain = [0, 0, 0];
    out.forEach((v, i) => {
      gain[i % 3] = (gain[i % 3] as number) + v - (img[i] as number);
    });
    expect(out.every((v, i) => v >= (img[i] as number))).toBe(true);
    expect(gain[1]).toBeGreaterThan(gain[0] as number); // colour (175, 238, 238): more green/blue than red
    expect(gain[0]).toBeGreaterThan(0);
  });

  it('mud (severities 4-5) moves values towards brown (63, 42, 20) and leaves dry pixels alone', () => {
    const brown = [63, 42, 20];
    const out = corruptPixels(img, shape, 'spatter', 5, {seed: 2});
    let changed = 0;
    let farther = 0;
    out.forEach((v, i) => {
      const c = brown[i % 3] as number;
      if (Math.abs(v - c) > Math.abs((img[i] as number) - c) + 1) farther++;
      if (v !== img[i]) changed++;
    });
    expect(farther).toBe(0);
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(out.length / 2);
  });

  it('a threshold above every liquid value leaves the image unchanged (no division by zero)', () => {
    const dry = {...CORRUPTIONS.spatter.severities[0], threshold: 5};
    expect(Array.from(corruptPixels(img, shape, 'spatter', dry as never, {seed: 1}))).toEqual(Array.from(img));
    expect(Array.from(corruptPixels(img, shape, 'spatter', {...dry, mode: 'mud'} as never, {seed: 1}))).toEqual(Array.from(img));
  });
});
