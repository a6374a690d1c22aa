export { KindIcon, SPRITE_ICONS, spriteId, type KindIconProps } from './KindIcon.js';
export { KindIconSprite } from './KindIconSprite.js';
