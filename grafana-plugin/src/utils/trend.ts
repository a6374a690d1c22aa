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
 */
export function trendPaths(times: readonly unknown[], values: readonly unknown[], timeRange: TimeRange): TrendPaths | undefined {
  const from = timeRange.from.valueOf();
  const span = Math.max(1, timeRange.to.valueOf() - from);
  const points = collectPoints(times, values);
  if (points.length < 2) {
    return undefined;
  }
  const min = Math.min(...points.map((point) => point.value));
  const max = Math.max(...points.map((point) => point.value));
  const x = (time: number) => round((Math.min(Math.max(time - from, 0), span) / span) * TREND_WIDTH);
  const y = (value: number) => round(max === min ? TREND_HEIGHT / 2 : TREND_HEIGHT - 1 - ((value - min) / (max - min)) * (TREND_HEIGHT - 2));
  const segments = splitAtGaps(points);
  const line = segments.map((segment) => segment.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.time)},${y(p.value)}`).join('')).join('');
  const area = segments
    .filter((segment) => segment.length > 1)
    .map((segment) => {
      const first = segment[0]!;
      const last = segment[segment.length - 1]!;
      const top = segment.map((p) => `L${x(p.time)},${y(p.value)}`).join('');
      return `M${x(first.time)},${TREND_HEIGHT}${top}L${x(last.time)},${TREND_HEIGHT}Z`;
    })
    .join('');
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
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const time = Number(times[i]);
    if (typeof value !== 'number' || !isUsable(value) || !Number.isFinite(time)) {
      gap = points.length > 0;
      continue;
    }
    points.push({ time, value, afterGap: gap });
    gap = false;
  }
  return points.sort((a, b) => a.time - b.time);
}

function splitAtGaps(points: Point[]): Point[][] {
  const segments: Point[][] = [];
  for (const point of points) {
    const current = segments[segments.length - 1];
    if (!current || point.afterGap) {
      segments.push([point]);
    } else {
      current.push(point);
    }
  }
  return segments;
}

const round = (value: number) => Math.round(value * 10) / 10;
