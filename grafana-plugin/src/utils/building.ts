import type { DataFrame } from '@grafana/data';

import type { BuildingOptions, DeviceModel, RoomModel } from '../types.js';
import { buildDevices, type BuildContext } from './devices.js';
import { extractReadings } from './frames.js';
import { buildRooms } from './rooms.js';

export interface BuildingModel {
  rooms: RoomModel[];
  devices: Map<string, DeviceModel>;
}

/** Frames in, room cards out: the whole data path of the panel, free of React. */
export function buildBuilding(frames: readonly DataFrame[], options: BuildingOptions, context: BuildContext): BuildingModel {
  const devices = buildDevices(extractReadings(frames, options), options, context);
  return {
    rooms: buildRooms(devices, options, context.theme),
    devices: new Map(devices.map((device) => [device.key, device])),
  };
}
