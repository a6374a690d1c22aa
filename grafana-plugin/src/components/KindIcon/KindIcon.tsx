import type { IconName } from '@grafana/ui';
import React from 'react';

import { KINDS, UNKNOWN_KIND_DEFINITION } from '../../constants.js';
import { useThemeStyles } from '../../hooks/useThemeStyles.js';
import { getStyles, ICON_SIZE } from './KindIcon.styles.js';

/** Every icon a tile may show: the kinds' and the unknown kind's (all in @grafana/ui's default `unicons` set). */
export const SPRITE_ICONS = [...new Set([...KINDS.map((kind) => kind.icon), UNKNOWN_KIND_DEFINITION.icon])] as IconName[];

export const spriteId = (prefix: string, icon: string) => `${prefix}-${icon}`;

export interface KindIconProps {
  prefix: string;
  icon: string;
}

/** A kind icon drawn from the panel's sprite; it takes the text colour (the box and fill from the stylesheet). */
export function KindIcon({ prefix, icon }: KindIconProps) {
  const styles = useThemeStyles(getStyles);
  return (
    <svg className={styles.icon} aria-hidden data-icon={icon}>
      <use href={`#${spriteId(prefix, icon)}`} width={ICON_SIZE} height={ICON_SIZE} />
    </svg>
  );
}
