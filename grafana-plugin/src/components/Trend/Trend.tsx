import React from 'react';

import { useThemeStyles } from '../../hooks/useThemeStyles.js';
import { TEST_IDS } from '../../testIds.js';
import { trendImage, type TrendPaths } from '../../utils/trend.js';
import { getStyles } from './Trend.styles.js';

export interface TrendProps {
  paths: TrendPaths;
  color: string;
}

/**
 * A sparkline: the device's paths (computed once per change of its data) drawn as the background
 * image of one element, decoded only when painted (see trendImage). @grafana/ui's Sparkline builds
 * a uPlot canvas per tile, which measured 1–2 s for 2,000 tiles here.
 */
export function Trend({ paths, color }: TrendProps) {
  const styles = useThemeStyles(getStyles);
  return <div className={styles.trend} style={{ backgroundImage: trendImage(paths, color) }} aria-hidden data-testid={TEST_IDS.deviceTrend} />;
}
