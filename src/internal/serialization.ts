/**
 * Registration with the tfjs serialization registry, safe when the package is loaded twice.
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Registers `cls` under its `className` unless a class of that name is already registered (for example by a
 * second copy of this package, ESM next to CJS): the first registration wins and nothing throws.
 * Returns whether this call registered the class. @internal
 */
export function registerOnce<T extends tf.serialization.Serializable>(
  cls: tf.serialization.SerializableConstructor<T>,
): boolean {
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  if (Object.prototype.hasOwnProperty.call(map, cls.className)) return false;
  tf.serialization.registerClass(cls);
  return true;
}

/** The constructor and `fromConfig` registered for `className`, if any. @internal */
export function registeredClass(
  className: string,
): [tf.serialization.SerializableConstructor<tf.serialization.Serializable>, tf.serialization.FromConfigMethod<tf.serialization.Serializable>] | undefined {
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  return Object.prototype.hasOwnProperty.call(map, className) ? map[className] : undefined;
}

/** Every registered class name, sorted (for error messages). @internal */
export function registeredClassNames(): string[] {
  return Object.keys(tf.serialization.SerializationMap.getMap().classNameMap).sort();
}
