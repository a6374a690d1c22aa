import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export const getStyles = (_theme: GrafanaTheme2) => ({
  sprite: css({
    display: 'none',
  }),
  icon: css({
    flexShrink: 0,
    verticalAlign: 'middle',
  }),
});
