import type { TimeRange } from '@grafana/data';

import { isUsable } from './values.js';

/** SVG paths of a sparkline in a 100 × 24 box, stretched to the tile by the SVG's viewBox. */
export interface TrendPaths {
  line: string;
  area: string;
}

export const TREND_WIDTH = 100;
export const TREND_HEIGHT = 24;

/**
 * A device's values over the time range as SVG paths (x by time, y scaled to the values' own
 * min and max). Gaps (null, NaN) break the line. Undefined with fewer than two values.
 * Written as plain loops over one string per point: it runs for every device on every change.
 */
export function trendPaths(times: readonly unknown[], values: readonly unknown[], timeRange: TimeRange): TrendPaths | undefined {
  const from = timeRange.from.valueOf();
  const span = Math.max(1, timeRange.to.valueOf() - from);
  const points = collectPoints(times, values);
  if (points.length < 2) {
    return undefined;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const point of points) {
    min = Math.min(min, point.value);
    max = Math.max(max, point.value);
  }
  const yScale = max === min ? 0 : (TREND_HEIGHT - 2) / (max - min);
  let line = '';
  let area = '';
  let segment = '';
  let segmentStart = '';
  let segmentEnd = '';
  let segmentLength = 0;
  const closeSegment = () => {
    if (segmentLength > 1) {
      area += `M${segmentStart},${TREND_HEIGHT}${segment}L${segmentEnd},${TREND_HEIGHT}Z`;
    }
  };
  for (const point of points) {
    const x = round((Math.min(Math.max(point.time - from, 0), span) / span) * TREND_WIDTH);
    const y = round(yScale === 0 ? TREND_HEIGHT / 2 : TREND_HEIGHT - 1 - (point.value - min) * yScale);
    const xy = `${x},${y}`;
    if (segmentLength === 0 || point.afterGap) {
      closeSegment();
      line += `M${xy}`;
      segment = `L${xy}`;
      segmentStart = String(x);
      segmentLength = 1;
    } else {
      line += `L${xy}`;
      segment += `L${xy}`;
      segmentLength++;
    }
    segmentEnd = String(x);
  }
  closeSegment();
  return { line, area };
}

interface Point {
  time: number;
  value: number;
  /** A null or NaN came before this point. */
  afterGap: boolean;
}

function collectPoints(times: readonly unknown[], values: readonly unknown[]): Point[] {
  const points: Point[] = [];
  let gap = false;
  let sorted = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const time = Number(times[i]);
    if (typeof value !== 'number' || !isUsable(value) || !Number.isFinite(time)) {
      gap = points.length > 0;
      continue;
    }
    if (points.length > 0 && time < points[points.length - 1]!.time) {
      sorted = false;
    }
    points.push({ time, value, afterGap: gap });
    gap = false;
  }
  // Series come oldest first; SQL results may come newest first.
  return sorted ? points : points.sort((a, b) => a.time - b.time);
}

const round = (value: number) => Math.round(value * 10) / 10;
