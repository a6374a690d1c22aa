import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

import { TREND_HEIGHT } from '../../utils/trend.js';

export const getStyles = (_theme: GrafanaTheme2) => ({
  trend: css({
    display: 'block',
    width: '100%',
    height: TREND_HEIGHT,
    overflow: 'visible',
  }),
});
