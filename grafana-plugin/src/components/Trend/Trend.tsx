import React from 'react';

import { useThemeStyles } from '../../hooks/useThemeStyles.js';
import { TEST_IDS } from '../../testIds.js';
import { TREND_HEIGHT, TREND_WIDTH, type TrendPaths } from '../../utils/trend.js';
import { getStyles } from './Trend.styles.js';

export interface TrendProps {
  paths: TrendPaths;
}

/**
 * A sparkline: the device's paths (computed once per change of its data) in an inline SVG
 * stretched to the tile, coloured by the tile's colour variable through the stylesheet. Only
 * tiles drawn in full (rooms on or near the screen) have one. @grafana/ui's Sparkline builds a
 * uPlot canvas per tile (1–2 s for 2,000 tiles), and a CSS background image made each changed
 * sparkline a new SVG document for the browser to parse (~5 ms a tile in Chromium).
 */
export function Trend({ paths }: TrendProps) {
  const styles = useThemeStyles(getStyles);
  return (
    <svg className={styles.trend} viewBox={`0 0 ${TREND_WIDTH} ${TREND_HEIGHT}`} preserveAspectRatio="none" aria-hidden data-testid={TEST_IDS.deviceTrend}>
      <path className={styles.area} d={paths.area} />
      <path className={styles.line} d={paths.line} />
    </svg>
  );
}
