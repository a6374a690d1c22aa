import type { DataFrame } from '@grafana/data';

import type { BuildingOptions, RoomPlacement } from '../types.js';
import { extractReadings } from './frames.js';

const clampPercent = (value: number, min: number) => Math.min(100, Math.max(min, value));

/** A placement that stays on the plan: numbers finite, inside 0–100 %, at least 1 % wide and high. */
export function normalisePlacement(raw: Partial<Record<keyof RoomPlacement, unknown>>): RoomPlacement | undefined {
  const room = typeof raw.room === 'string' ? raw.room.trim() : '';
  const numbers = [raw.x, raw.y, raw.width, raw.height].map((value) => Number(value));
  if (!room || numbers.some((value) => !Number.isFinite(value))) {
    return undefined;
  }
  const [x, y, width, height] = numbers as [number, number, number, number];
  const left = clampPercent(x, 0);
  const top = clampPercent(y, 0);
  return {
    room,
    x: left,
    y: top,
    width: Math.min(clampPercent(width, 1), 100 - left) || 1,
    height: Math.min(clampPercent(height, 1), 100 - top) || 1,
  };
}

/** Room titles in the data, in the order the panel shows them (devices without a room under `noRoomTitle`). */
export function roomTitlesInData(frames: readonly DataFrame[], options: BuildingOptions): string[] {
  const titles = new Set<string>();
  for (const source of extractReadings(frames, options)) {
    titles.add(source.room ?? options.noRoomTitle);
  }
  const collator = new Intl.Collator('en', { numeric: true });
  return [...titles].sort(collator.compare);
}

/** A starting plan: the rooms in a near-square grid, which the user then moves to the real geometry. */
export function autoPlace(titles: readonly string[]): RoomPlacement[] {
  const columns = Math.max(1, Math.ceil(Math.sqrt(titles.length)));
  const rows = Math.max(1, Math.ceil(titles.length / columns));
  const width = Math.floor((100 / columns) * 10) / 10;
  const height = Math.floor((100 / rows) * 10) / 10;
  return titles.map((room, index) => ({
    room,
    x: Math.round((index % columns) * width * 10) / 10,
    y: Math.round(Math.floor(index / columns) * height * 10) / 10,
    width,
    height,
  }));
}
