import type { DataFrame, DisplayValue, Field, LinkModel } from '@grafana/data';

import type { TrendPaths } from './utils/trend.js';

/** How rooms are arranged: a responsive grid, or pinned on a floor plan. */
export type LayoutMode = 'grid' | 'floorplan';

/** Order of room cards in the grid. */
export type RoomSort = 'name' | 'severity';

/** A room pinned on the floor plan; all numbers are percent of the plan's width or height. */
export interface RoomPlacement {
  room: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FloorPlanOptions {
  /** Optional background image (URL); it is stretched to the plan, so positions follow the image. */
  imageUrl: string;
  rooms: RoomPlacement[];
}

/** The panel's options (everything except the standard field config). */
export interface BuildingOptions {
  /** Label or field that names the room. */
  roomKey: string;
  /** Label or field that names the device. */
  deviceKey: string;
  /** Label or field that names the kind; when absent the kind is detected. */
  kindKey: string;
  /** Title of the card that collects devices without a room (e.g. the solar plant). */
  noRoomTitle: string;

  layout: LayoutMode;
  sortRooms: RoomSort;
  roomMinWidth: number;
  tileMinWidth: number;
  floorPlan: FloorPlanOptions;

  showSparkline: boolean;
  /** Per-kind unit, thresholds and mappings where the field config leaves them unset. */
  kindPresets: boolean;
  /** Seconds of silence after which a device is marked stale. */
  staleAfter: number;
  /** Seconds of silence after which a device is marked offline. */
  offlineAfter: number;

  /** Dashboard opened on a device click when the field has no data links ('' = none). */
  deviceUrl: string;
  /** Dashboard opened on a room click ('' = none). */
  roomUrl: string;
  /** Carry the dashboard's time range to the linked dashboard. */
  keepTime: boolean;
}

/** Where a device stands, judged from its last reading's age. */
export type DeviceStatus = 'ok' | 'stale' | 'offline' | 'nodata';

/** One numeric (or boolean) series of a device, e.g. temperature, or solar power_w. */
export interface Reading {
  /** The reading's own name: `value`, `power_w`, `voltage`, … */
  name: string;
  field: Field;
  /** Time field aligned with `field`, when the data has one. */
  time?: Field;
  /** Index of the last usable value in `field.values`, -1 when there is none. */
  lastIndex: number;
  /** Row of that value in the source frame (differs from lastIndex for long tables). */
  sourceRow: number;
  frame: DataFrame;
}

export interface DeviceModel {
  /** Unique within the panel: room, device and kind. */
  key: string;
  id: string;
  room?: string;
  kind: string;
  primary: Reading;
  extras: Reading[];
  display: DisplayValue;
  extraDisplays: Array<{ name: string; text: string }>;
  /** Epoch ms of the last usable value. */
  lastSeen?: number;
  status: DeviceStatus;
  /** How long a stale or offline device has been silent ("10 min ago"). */
  silence?: string;
  /** Index of the active threshold step (higher is worse), -1 when it does not apply. */
  severity: number;
  color: string;
  /** Sparkline over the dashboard's time range, when enabled and there are two values or more; computed when first read. */
  readonly trend?: TrendPaths;
  /** True when the value field carries data links. */
  hasLinks: boolean;
  getLinks: () => LinkModel[];
}

export interface RoomModel {
  key: string;
  /** Room label, or undefined for the card of devices without a room. */
  room?: string;
  title: string;
  devices: DeviceModel[];
  /** The device that gives the room its colour, if any device has a value. */
  worst?: DeviceModel;
  color: string;
  summary: string;
  counts: Record<DeviceStatus, number>;
}
