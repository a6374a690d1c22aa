import { Icon } from '@grafana/ui';
import React, { memo } from 'react';

import { useThemeStyles } from '../../hooks/useThemeStyles.js';
import { SPRITE_ICONS, spriteId } from './KindIcon.js';
import { getStyles } from './KindIcon.styles.js';

/**
 * Each kind's @grafana/ui Icon, rendered once per panel and hidden. Icon inlines its SVG per
 * instance (fetch, parse, state), which measured ~0.5 s for 2,000 tiles, so tiles reference
 * these through <use> instead.
 */
export const KindIconSprite = memo(function KindIconSprite({ prefix }: { prefix: string }) {
  const styles = useThemeStyles(getStyles);
  return (
    <div className={styles.sprite} aria-hidden>
      {SPRITE_ICONS.map((icon) => (
        <Icon key={icon} name={icon} id={spriteId(prefix, icon)} />
      ))}
    </div>
  );
});
