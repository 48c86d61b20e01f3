import {CORRUPTIONS, corruptionNames, getCorruptionInfo} from '../../src/corrupt/registry';
import {UnknownOpError} from '../../src/errors';

describe('corruption registry', () => {
  it('lists the 19 file stems in the paper order and the TFDS spellings', () => {
    expect(corruptionNames()).toEqual([
      'gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
      'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
      'speckle_noise', 'gaussian_blur', 'spatter', 'saturate',
    ]);
    const tfds = corruptionNames({tfds: true});
    expect(tfds).toContain('frosted_glass_blur');
    expect(tfds).toContain('elastic');
    expect(tfds).not.toContain('glass_blur');
  });

  it('filters by benchmark, family and asset needs', () => {
    expect(corruptionNames({benchmark: true})).toHaveLength(15);
    expect(corruptionNames({benchmark: false})).toEqual(['speckle_noise', 'gaussian_blur', 'spatter', 'saturate']);
    expect(corruptionNames({family: 'noise'})).toEqual(['gaussian_noise', 'shot_noise', 'impulse_noise', 'speckle_noise']);
    expect(corruptionNames({family: ['weather', 'digital'], benchmark: true})).toHaveLength(8);
    expect(corruptionNames({needsAssets: false})).not.toContain('frost');
    expect(corruptionNames({needsAssets: false})).toHaveLength(18);
  });

  it('holds the CIFAR settings of spec/datasets.md §6.1 as plain JSON', () => {
    expect(JSON.parse(JSON.stringify(CORRUPTIONS))).toEqual(CORRUPTIONS);
    expect(CORRUPTIONS.gaussian_noise.severities.map((p) => p['sigma'])).toEqual([0.04, 0.06, 0.08, 0.09, 0.1]);
    expect(CORRUPTIONS.shot_noise.severities.map((p) => p['photons'])).toEqual([500, 250, 100, 75, 50]);
    expect(CORRUPTIONS.jpeg_compression.severities.map((p) => p['quality'])).toEqual([80, 65, 58, 50, 40]);
    expect(CORRUPTIONS.spatter.severities.map((p) => p['mode'])).toEqual(['water', 'water', 'water', 'mud', 'mud']);
    expect(CORRUPTIONS.snow.severities[4]).toEqual({mean: 0.3, std: 0.3, zoom: 1.25, threshold: 0.65, blurRadius: 14, blurSigma: 12, blend: 0.8});
    expect(CORRUPTIONS.elastic_transform.severities.map((p) => 32 * (p['alpha'] as number))).toEqual([0, 1.6, 2.56, 3.2, 3.2]);
    for (const info of Object.values(CORRUPTIONS)) expect(info.severities).toHaveLength(5);
  });

  it('looks up aliases and rejects unknown names', () => {
    expect(getCorruptionInfo('frosted_glass_blur').name).toBe('glass_blur');
    expect(getCorruptionInfo('elastic').name).toBe('elastic_transform');
    expect(() => getCorruptionInfo('Fog')).toThrow(UnknownOpError);
    expect(() => getCorruptionInfo('Fog')).toThrow(/Did you mean 'fog'\?/);
  });
});

describe('corruption metadata is read-only', () => {
  it('cannot be changed by a caller', () => {
    const params = CORRUPTIONS.fog.severities[0] as {strength: number};
    expect(() => { params.strength = 9; }).toThrow(TypeError);
    expect(() => { (CORRUPTIONS.zoom_blur.severities[0]!['zooms'] as number[]).push(2); }).toThrow(TypeError);
    expect(CORRUPTIONS.fog.severities[0]).toEqual({strength: 0.2, decay: 3});
  });
});
