import type { PanelMigrationHandler } from '@grafana/data';

import { DEFAULT_OPTIONS, NUMBER_OPTION_MINIMUMS } from './constants.js';
import type { BuildingOptions, LayoutMode, RoomPlacement, RoomSort } from './types.js';
import { normalisePlacement } from './utils/placements.js';

type SavedOptions = Partial<Record<keyof BuildingOptions, unknown>>;
type SavedPanel = Parameters<PanelMigrationHandler<BuildingOptions>>[0];

const LAYOUTS: readonly LayoutMode[] = ['grid', 'floorplan'];
const SORTS: readonly RoomSort[] = ['name', 'severity'];

/**
 * Brings saved options to the current shape. Grafana calls this when a dashboard was saved with
 * another plugin version; it also repairs hand-edited or provisioned JSON: unknown keys dropped,
 * missing keys defaulted, numbers stored as text parsed, floor-plan placements validated.
 * A future change of shape adds a step here, keyed by `panel.pluginVersion`.
 */
export function migrateOptions(panel: SavedPanel): BuildingOptions {
  // Saved JSON is only trusted to be JSON: read every key as unknown.
  const saved: SavedOptions = (panel.options as SavedOptions | undefined) ?? {};
  return {
    roomKey: text(saved.roomKey, DEFAULT_OPTIONS.roomKey),
    deviceKey: text(saved.deviceKey, DEFAULT_OPTIONS.deviceKey),
    kindKey: text(saved.kindKey, DEFAULT_OPTIONS.kindKey, true),
    noRoomTitle: text(saved.noRoomTitle, DEFAULT_OPTIONS.noRoomTitle),
    layout: oneOf(saved.layout, LAYOUTS, DEFAULT_OPTIONS.layout),
    sortRooms: oneOf(saved.sortRooms, SORTS, DEFAULT_OPTIONS.sortRooms),
    roomMinWidth: number(saved.roomMinWidth, DEFAULT_OPTIONS.roomMinWidth, NUMBER_OPTION_MINIMUMS.roomMinWidth),
    tileMinWidth: number(saved.tileMinWidth, DEFAULT_OPTIONS.tileMinWidth, NUMBER_OPTION_MINIMUMS.tileMinWidth),
    floorPlan: floorPlan(saved.floorPlan),
    showSparkline: bool(saved.showSparkline, DEFAULT_OPTIONS.showSparkline),
    kindPresets: bool(saved.kindPresets, DEFAULT_OPTIONS.kindPresets),
    staleAfter: number(saved.staleAfter, DEFAULT_OPTIONS.staleAfter, NUMBER_OPTION_MINIMUMS.staleAfter),
    offlineAfter: number(saved.offlineAfter, DEFAULT_OPTIONS.offlineAfter, NUMBER_OPTION_MINIMUMS.offlineAfter),
    deviceUrl: text(saved.deviceUrl, DEFAULT_OPTIONS.deviceUrl, true),
    roomUrl: text(saved.roomUrl, DEFAULT_OPTIONS.roomUrl, true),
    keepTime: bool(saved.keepTime, DEFAULT_OPTIONS.keepTime),
  };
}

function text(value: unknown, fallback: string, allowEmpty = false): string {
  if (typeof value !== 'string') {
    return fallback;
  }
  const trimmed = value.trim();
  return trimmed || allowEmpty ? trimmed : fallback;
}

function number(value: unknown, fallback: number, min: number): number {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? Math.max(min, parsed) : fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return typeof value === 'boolean' ? value : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function floorPlan(value: unknown): BuildingOptions['floorPlan'] {
  const plan = (value && typeof value === 'object' ? value : {}) as { imageUrl?: unknown; rooms?: unknown };
  const rooms = Array.isArray(plan.rooms) ? plan.rooms : [];
  return {
    imageUrl: text(plan.imageUrl, '', true),
    rooms: rooms
      .map((room) => (room && typeof room === 'object' ? normalisePlacement(room as Partial<Record<keyof RoomPlacement, unknown>>) : undefined))
      .filter((room): room is RoomPlacement => room !== undefined),
  };
}
