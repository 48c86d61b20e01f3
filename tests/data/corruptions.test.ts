import {CIFAR10C_BENCHMARK_CORRUPTIONS, CIFAR10C_CORRUPTIONS, resolveCorruption} from '../../src/data/corruptions';
import {CIFAR10_CLASSES, CIFAR100_COARSE_CLASSES, CIFAR100_FINE_CLASSES, CIFAR100_FINE_TO_COARSE} from '../../src/data/cifar_classes';
import {InvalidArgumentError} from '../../src/errors';

describe('CIFAR constants', () => {
  it('lists the 19 corruptions (15 benchmark + 4 extra) and the TFDS names of the Keras notebook', () => {
    expect(CIFAR10C_CORRUPTIONS).toHaveLength(19);
    expect(new Set(CIFAR10C_CORRUPTIONS).size).toBe(19);
    expect(CIFAR10C_BENCHMARK_CORRUPTIONS).toHaveLength(15);
    const notebook = ['brightness', 'contrast', 'defocus_blur', 'elastic', 'fog', 'frost', 'frosted_glass_blur', 'gaussian_blur',
      'gaussian_noise', 'impulse_noise', 'jpeg_compression', 'motion_blur', 'pixelate', 'saturate', 'shot_noise', 'snow', 'spatter',
      'speckle_noise', 'zoom_blur'];
    expect(notebook.map((n) => resolveCorruption(n)).sort()).toEqual([...CIFAR10C_CORRUPTIONS].sort());
  });

  it('rejects unknown names, listing the valid ones and the closest', () => {
    expect(() => resolveCorruption('gausian_noise')).toThrow(InvalidArgumentError);
    expect(() => resolveCorruption('gausian_noise', 'loadCifar10C'))
      .toThrow(/^loadCifar10C: unknown corruption 'gausian_noise'\. Valid values: 'gaussian_noise', .*Did you mean 'gaussian_noise'\?$/);
  });

  it('has consistent class tables', () => {
    expect(CIFAR10_CLASSES).toHaveLength(10);
    expect(CIFAR100_FINE_CLASSES).toHaveLength(100);
    expect(CIFAR100_COARSE_CLASSES).toHaveLength(20);
    expect(CIFAR100_FINE_TO_COARSE).toHaveLength(100);
    // every superclass has exactly five fine classes
    const members = new Array(20).fill(0);
    for (const c of CIFAR100_FINE_TO_COARSE) members[c]++;
    expect(members).toEqual(new Array(20).fill(5));
    expect(CIFAR100_COARSE_CLASSES[CIFAR100_FINE_TO_COARSE[CIFAR100_FINE_CLASSES.indexOf('pickup_truck')]!]).toBe('vehicles_1');
  });
});
