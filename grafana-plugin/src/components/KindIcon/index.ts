export { KindIcon, KindIconSprite, SPRITE_ICONS, type KindIconProps } from './KindIcon.js';
