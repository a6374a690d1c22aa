import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

import { TREND_HEIGHT } from '../../utils/trend.js';
import { DEVICE_COLOR } from '../DeviceTile/DeviceTile.styles.js';

export const getStyles = (_theme: GrafanaTheme2) => ({
  trend: css({
    display: 'block',
    width: '100%',
    height: TREND_HEIGHT,
    color: `var(${DEVICE_COLOR})`,
    overflow: 'hidden',
  }),
  area: css({
    fill: 'currentColor',
    fillOpacity: 0.15,
  }),
  line: css({
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 1.5,
    vectorEffect: 'non-scaling-stroke',
  }),
});
