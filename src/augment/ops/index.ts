/**
 * The 16 functional ops, re-exported for the package entry point and the tests.
 * @internal
 * @module
 */
export {autoContrast} from './auto_contrast';
export {equalize} from './equalize';
export {invert} from './invert';
export {posterize} from './posterize';
export {solarize} from './solarize';
export {solarizeAdd} from './solarize_add';
export {color} from './color';
export {contrast} from './contrast';
export {brightness} from './brightness';
export {sharpness} from './sharpness';
export {rotate} from './rotate';
export {shearX} from './shear_x';
export {shearY} from './shear_y';
export {translateX} from './translate_x';
export {translateY} from './translate_y';
export {cutout} from './cutout';
