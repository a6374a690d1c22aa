import type { DataFrame } from '@grafana/data';

import type { BuildingOptions, DeviceModel, RoomModel } from '../types.js';
import { buildDevices, type BuildContext } from './devices.js';
import type { ReadingDisplay } from './display.js';
import { extractReadings, type SeriesCache } from './frames.js';
import { ReuseCache } from './reuse.js';
import { buildRooms } from './rooms.js';

export interface BuildingModel {
  rooms: RoomModel[];
  devices: Map<string, DeviceModel>;
}

export type BuildingBuilder = (frames: readonly DataFrame[], options: BuildingOptions, context: BuildContext) => BuildingModel;

/** Frames in, room cards out: the whole data path of the panel, free of React. */
export function buildBuilding(frames: readonly DataFrame[], options: BuildingOptions, context: BuildContext): BuildingModel {
  return createBuildingBuilder()(frames, options, context);
}

/**
 * A builder that remembers its last building: series whose values did not change are not read
 * again, devices whose data did not change keep their model, and rooms whose devices all kept
 * theirs keep their model too, so an update (new rows for a few devices, as a stream appends
 * them) re-renders those tiles and rooms only and never re-lays out the building. Make a new builder when the options, theme, time zone or field config change.
 */
export function createBuildingBuilder(): BuildingBuilder {
  const seriesCache: SeriesCache = new WeakMap();
  const deviceCache = new ReuseCache<DeviceModel>();
  const roomCache = new ReuseCache<RoomModel, number[]>();
  const processors = new Map<string, ReadingDisplay>();
  return (frames, options, context) => {
    const devices = buildDevices(extractReadings(frames, options, seriesCache), options, context, deviceCache, processors);
    const rooms = buildRooms(devices, options, context.theme, roomCache);
    deviceCache.endBuild();
    roomCache.endBuild();
    return { rooms, devices: new Map(devices.map((device) => [device.key, device])) };
  };
}
