import React, { memo, useEffect, useState } from 'react';

import { SPRITE_ICONS, spriteId } from '../components/KindIcon/index.js';
import { useThemeStyles } from '../hooks/useThemeStyles.js';
import { getStyles } from './LiveView.styles.js';

/** Where the bridge serves @grafana/ui's icons next to the view's bundle (copied there by its build). */
const ICON_ROOT = '/live-view/icons/unicons';

/**
 * The kind icons the tiles reference, as the panel's sprite provides them in Grafana: the same
 * @grafana/ui SVGs, fetched from the bridge (no CDN) and inlined once under the ids tiles use.
 */
export const IconSprite = memo(function IconSprite({ prefix }: { prefix: string }) {
  const styles = useThemeStyles(getStyles);
  const [markup, setMarkup] = useState('');
  useEffect(() => {
    let cancelled = false;
    Promise.all(
      SPRITE_ICONS.map(async (icon) => {
        const svg = await (await fetch(`${ICON_ROOT}/${icon}.svg`)).text();
        return svg.replace('<svg ', `<svg id="${spriteId(prefix, icon)}" `);
      })
    ).then(
      (icons) => !cancelled && setMarkup(icons.join('')),
      () => undefined
    );
    return () => {
      cancelled = true;
    };
  }, [prefix]);
  return <div className={styles.sprite} aria-hidden dangerouslySetInnerHTML={{ __html: markup }} />;
});
