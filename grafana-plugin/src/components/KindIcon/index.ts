export { KindIcon, KindIconSprite, type KindIconProps } from './KindIcon.js';
