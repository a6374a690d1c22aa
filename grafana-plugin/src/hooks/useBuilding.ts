import type { DataFrame, TimeRange, TimeZone } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';
import { useMemo } from 'react';

import type { BuildingOptions } from '../types.js';
import { buildBuilding, type BuildingModel } from '../utils/building.js';

export interface Building extends BuildingModel {
  /** The instant silence is measured against: the end of the time range, or now if that is earlier. */
  now: number;
}

/** The rooms and devices for the current data, rebuilt only when data, options, theme or time change. */
export function useBuilding(series: DataFrame[], options: BuildingOptions, timeRange: TimeRange, timeZone: TimeZone): Building {
  const theme = useTheme2();
  return useMemo(() => {
    const now = Math.min(Date.now(), timeRange.to.valueOf());
    return { now, ...buildBuilding(series, options, { theme, timeZone, timeRange, now }) };
  }, [series, options, theme, timeRange, timeZone]);
}
