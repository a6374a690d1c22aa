import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export const ICON_SIZE = 14;

export const getStyles = (_theme: GrafanaTheme2) => ({
  sprite: css({
    display: 'none',
  }),
  icon: css({
    flexShrink: 0,
    width: ICON_SIZE,
    height: ICON_SIZE,
    fill: 'currentColor',
    verticalAlign: 'middle',
  }),
});
