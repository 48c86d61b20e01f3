/**
 * Class names of CIFAR-10 and CIFAR-100, in label order.
 *
 * Source: the CIFAR home page (Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", 2009,
 * https://www.cs.toronto.edu/~kriz/cifar.html) and the `batches.meta.txt`, `fine_label_names.txt` and
 * `coarse_label_names.txt` members of the binary archives, as collected in `spec/datasets.md` §2.1, §3.2, §3.3.
 *
 * @module data
 */

/**
 * The 10 CIFAR-10 classes, index = label.
 * @example
 * ```ts
 * import {CIFAR10_CLASSES} from 'consistency-tfjs';
 * console.log(CIFAR10_CLASSES[6]); // 'frog'
 * ```
 */
export const CIFAR10_CLASSES: readonly string[] = Object.freeze([
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
]);

/**
 * The 100 CIFAR-100 fine classes, index = fine label (alphabetical, spelling as in `fine_label_names.txt`).
 * @example
 * ```ts
 * import {CIFAR100_FINE_CLASSES} from 'consistency-tfjs';
 * console.log(CIFAR100_FINE_CLASSES[58]); // 'pickup_truck'
 * ```
 */
export const CIFAR100_FINE_CLASSES: readonly string[] = Object.freeze([
  'apple', 'aquarium_fish', 'baby', 'bear', 'beaver', 'bed', 'bee', 'beetle', 'bicycle', 'bottle',
  'bowl', 'boy', 'bridge', 'bus', 'butterfly', 'camel', 'can', 'castle', 'caterpillar', 'cattle',
  'chair', 'chimpanzee', 'clock', 'cloud', 'cockroach', 'couch', 'crab', 'crocodile', 'cup', 'dinosaur',
  'dolphin', 'elephant', 'flatfish', 'forest', 'fox', 'girl', 'hamster', 'house', 'kangaroo', 'keyboard',
  'lamp', 'lawn_mower', 'leopard', 'lion', 'lizard', 'lobster', 'man', 'maple_tree', 'motorcycle', 'mountain',
  'mouse', 'mushroom', 'oak_tree', 'orange', 'orchid', 'otter', 'palm_tree', 'pear', 'pickup_truck', 'pine_tree',
  'plain', 'plate', 'poppy', 'porcupine', 'possum', 'rabbit', 'raccoon', 'ray', 'road', 'rocket',
  'rose', 'sea', 'seal', 'shark', 'shrew', 'skunk', 'skyscraper', 'snail', 'snake', 'spider',
  'squirrel', 'streetcar', 'sunflower', 'sweet_pepper', 'table', 'tank', 'telephone', 'television', 'tiger', 'tractor',
  'train', 'trout', 'tulip', 'turtle', 'wardrobe', 'whale', 'willow_tree', 'wolf', 'woman', 'worm',
]);

/**
 * The 20 CIFAR-100 coarse classes (superclasses), index = coarse label.
 * @example
 * ```ts
 * import {CIFAR100_COARSE_CLASSES} from 'consistency-tfjs';
 * console.log(CIFAR100_COARSE_CLASSES[14]); // 'people'
 * ```
 */
export const CIFAR100_COARSE_CLASSES: readonly string[] = Object.freeze([
  'aquatic_mammals', 'fish', 'flowers', 'food_containers', 'fruit_and_vegetables', 'household_electrical_devices',
  'household_furniture', 'insects', 'large_carnivores', 'large_man-made_outdoor_things',
  'large_natural_outdoor_scenes', 'large_omnivores_and_herbivores', 'medium_mammals', 'non-insect_invertebrates',
  'people', 'reptiles', 'small_mammals', 'trees', 'vehicles_1', 'vehicles_2',
]);

/**
 * Coarse label of every CIFAR-100 fine label (`CIFAR100_FINE_TO_COARSE[fine] = coarse`). The per-record coarse
 * byte of the binary files is authoritative; this table serves CIFAR-100-C, whose files carry fine labels only.
 * @example
 * ```ts
 * import {CIFAR100_FINE_TO_COARSE, CIFAR100_COARSE_CLASSES} from 'consistency-tfjs';
 * console.log(CIFAR100_COARSE_CLASSES[CIFAR100_FINE_TO_COARSE[4]!]); // beaver → 'aquatic_mammals'
 * ```
 */
export const CIFAR100_FINE_TO_COARSE: readonly number[] = Object.freeze([
  4, 1, 14, 8, 0, 6, 7, 7, 18, 3, 3, 14, 9, 18, 7, 11, 3, 9, 7, 11, 6, 11, 5, 10, 7, 6, 13, 15, 3, 15, 0, 11, 1, 10,
  12, 14, 16, 9, 11, 5, 5, 19, 8, 8, 15, 13, 14, 17, 18, 10, 16, 4, 17, 4, 2, 0, 17, 4, 18, 17, 10, 3, 2, 12, 12,
  16, 12, 1, 9, 19, 2, 10, 0, 1, 16, 12, 9, 13, 15, 13, 16, 19, 2, 4, 6, 19, 5, 5, 8, 19, 18, 1, 2, 15, 6, 0, 17, 8,
  14, 13,
]);
