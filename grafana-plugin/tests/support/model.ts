import type { DataFrame, FieldConfigSource, GrafanaTheme2 } from '@grafana/data';

import { DEFAULT_OPTIONS } from '../../src/constants.js';
import type { BuildingOptions, DeviceModel } from '../../src/types.js';
import { buildBuilding, type BuildingModel } from '../../src/utils/building.js';
import { NOW, referenceBuilding } from '../fixtures/building.js';
import { lastHour, processFrames } from './grafana.js';
import { darkTheme } from './render.js';

/** The panel's model of a building, from real frames processed as Grafana would. */
export function buildingModel(
  frames: DataFrame[] = referenceBuilding(),
  options: Partial<BuildingOptions> = {},
  theme: GrafanaTheme2 = darkTheme,
  fieldConfig: FieldConfigSource = { defaults: {}, overrides: [] }
): BuildingModel {
  return buildBuilding(processFrames(frames, fieldConfig, theme), { ...DEFAULT_OPTIONS, ...options }, {
    theme,
    timeZone: 'utc',
    timeRange: lastHour(NOW),
    now: NOW,
  });
}

export function referenceDevice(key: string, options: Partial<BuildingOptions> = {}): DeviceModel {
  const device = buildingModel(referenceBuilding(), options).devices.get(key);
  if (!device) {
    throw new Error(`no device ${key} in the reference building`);
  }
  return device;
}
