import type { DataFrame, FieldConfigSource, TimeRange, TimeZone } from '@grafana/data';
import { useMemo } from 'react';

import type { BuildingOptions } from '../types.js';
import { createBuildingBuilder, type BuildingModel } from '../utils/building.js';
import { useGrafanaTheme } from './useThemeStyles.js';

export interface Building extends BuildingModel {
  /** The instant silence is measured against: the end of the time range, or now if that is earlier. */
  now: number;
}

/**
 * The rooms and devices for the current data, rebuilt when data or time change; between two
 * builds with the same options, theme, time zone and field config, unchanged devices and rooms
 * keep their models (see createBuildingBuilder), so streamed rows re-render only their tiles.
 */
export function useBuilding(
  series: DataFrame[],
  options: BuildingOptions,
  fieldConfig: FieldConfigSource,
  timeRange: TimeRange,
  timeZone: TimeZone
): Building {
  const theme = useGrafanaTheme();
  // A new builder (empty caches) whenever what the models depend on besides the data changes.
  const build = useMemo(() => createBuildingBuilder(), [options, theme, timeZone, fieldConfig]);
  return useMemo(() => {
    const now = Math.min(Date.now(), timeRange.to.valueOf());
    return { now, ...build(series, options, { theme, timeZone, timeRange, now }) };
  }, [build, series, options, theme, timeRange, timeZone]);
}
