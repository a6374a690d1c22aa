import { formattedValueToString, type GrafanaTheme2 } from '@grafana/data';

import { KINDS } from '../constants.js';
import type { BuildingOptions, DeviceModel, DeviceStatus, RoomModel } from '../types.js';
import type { ReuseCache } from './reuse.js';

const NO_ROOM_KEY = '\u0000no-room';
const kindOrder = new Map(KINDS.map((kind, index) => [kind.id, index]));
const naturally = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Groups devices into room cards, each coloured by its worst device, in the chosen order. With a
 * cache, a room whose devices are the same models as last time keeps its model, and a room whose
 * devices are the same ones (by key, in the same order) keeps its sort order without sorting again.
 */
export function buildRooms(devices: readonly DeviceModel[], options: BuildingOptions, theme: GrafanaTheme2, cache?: ReuseCache<RoomModel, number[]>): RoomModel[] {
  const groups = new Map<string, DeviceModel[]>();
  for (const device of devices) {
    const key = device.room ?? NO_ROOM_KEY;
    const list = groups.get(key);
    if (list) {
      list.push(device);
    } else {
      groups.set(key, [device]);
    }
  }
  const rooms: RoomModel[] = [];
  for (const [key, list] of groups) {
    const kept = cache?.previous(key);
    const order = kept?.extra && sameKeys(kept.inputs as DeviceModel[], list) ? kept.extra : sortOrder(list);
    const make = () => toRoom(key, order.map((index) => list[index]!), options, theme);
    rooms.push(cache ? cache.take(key, list, make, order) : make());
  }
  return rooms.sort(options.sortRooms === 'severity' ? bySeverity : byName);
}

/** The indexes of the devices in kind, then natural id order. */
function sortOrder(devices: readonly DeviceModel[]): number[] {
  return devices.map((_, index) => index).sort((a, b) => byKindThenId(devices[a]!, devices[b]!));
}

function sameKeys(a: readonly DeviceModel[], b: readonly DeviceModel[]): boolean {
  return a.length === b.length && a.every((device, index) => device.key === b[index]!.key);
}

/** `sorted`: the room's devices in kind, then natural id order. */
function toRoom(key: string, sorted: DeviceModel[], options: BuildingOptions, theme: GrafanaTheme2): RoomModel {
  const room = key === NO_ROOM_KEY ? undefined : key;
  const counts = countStatuses(sorted);
  const worst = worstDevice(sorted);
  return {
    key,
    room,
    title: room ?? options.noRoomTitle,
    devices: sorted,
    worst,
    color: worst ? worst.color : theme.colors.border.strong,
    summary: roomSummary(sorted, counts, worst),
    counts,
  };
}

/** The judged device in the highest threshold step; the first one wins a tie. */
export function worstDevice(devices: readonly DeviceModel[]): DeviceModel | undefined {
  let worst: DeviceModel | undefined;
  for (const device of devices) {
    if (device.severity >= 0 && (!worst || device.severity > worst.severity)) {
      worst = device;
    }
  }
  return worst;
}

function countStatuses(devices: readonly DeviceModel[]): Record<DeviceStatus, number> {
  const counts: Record<DeviceStatus, number> = { ok: 0, stale: 0, offline: 0, nodata: 0 };
  for (const device of devices) {
    counts[device.status]++;
  }
  return counts;
}

/** One line: what needs attention first ("co2-3 1.52 kppm · +1 more · 1 offline"), or that all is well. */
export function roomSummary(devices: readonly DeviceModel[], counts: Record<DeviceStatus, number>, worst?: DeviceModel): string {
  const parts: string[] = [];
  if (worst && worst.severity > 0) {
    parts.push(`${worst.id} ${formattedValueToString(worst.display)}`);
    const others = devices.filter((device) => device !== worst && device.severity > 0).length;
    if (others > 0) {
      parts.push(`+${others} more`);
    }
  }
  if (counts.offline > 0) {
    parts.push(`${counts.offline} offline`);
  }
  if (counts.stale > 0) {
    parts.push(`${counts.stale} stale`);
  }
  if (counts.nodata > 0) {
    parts.push(`${counts.nodata} no data`);
  }
  if (parts.length === 0) {
    return devices.length === 1 ? '1 device OK' : `All ${devices.length} devices OK`;
  }
  return parts.join(' · ');
}

function byKindThenId(a: DeviceModel, b: DeviceModel): number {
  const kind = (kindOrder.get(a.kind) ?? KINDS.length) - (kindOrder.get(b.kind) ?? KINDS.length);
  return kind !== 0 ? kind : naturally.compare(a.id, b.id);
}

function byName(a: RoomModel, b: RoomModel): number {
  if ((a.room === undefined) !== (b.room === undefined)) {
    return a.room === undefined ? 1 : -1;
  }
  return naturally.compare(a.title, b.title);
}

function bySeverity(a: RoomModel, b: RoomModel): number {
  const severity = (b.worst?.severity ?? -1) - (a.worst?.severity ?? -1);
  if (severity !== 0) {
    return severity;
  }
  const problems = problemCount(b) - problemCount(a);
  return problems !== 0 ? problems : byName(a, b);
}

function problemCount(room: RoomModel): number {
  return room.counts.offline + room.counts.stale + room.counts.nodata;
}
