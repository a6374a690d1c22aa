import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

import { TREND_HEIGHT } from '../../utils/trend.js';

export const getStyles = (_theme: GrafanaTheme2) => ({
  trend: css({
    width: '100%',
    height: TREND_HEIGHT,
    backgroundSize: '100% 100%',
    backgroundRepeat: 'no-repeat',
  }),
});
