import { FieldConfigProperty, PanelPlugin } from '@grafana/data';

import { BuildingPanel } from './components/BuildingPanel/index.js';
import { RoomPlacementEditor } from './components/RoomPlacementEditor/index.js';
import { BASE_ONLY_THRESHOLDS, DEFAULT_OPTIONS, NUMBER_OPTION_MINIMUMS } from './constants.js';
import { migrateOptions } from './migrations.js';
import type { BuildingOptions } from './types.js';

const DATA = ['Data'];
const LAYOUT = ['Layout'];
const FLOOR_PLAN = ['Floor plan'];
const DEVICES = ['Devices'];
const LINKS = ['Links'];

const isFloorPlan = (options: BuildingOptions) => options.layout === 'floorplan';

export const plugin = new PanelPlugin<BuildingOptions>(BuildingPanel)
  .setMigrationHandler(migrateOptions)
  .useFieldConfig({
    standardOptions: {
      // A base colour only: per-kind presets fill in thresholds until the user sets their own.
      [FieldConfigProperty.Thresholds]: { defaultValue: BASE_ONLY_THRESHOLDS },
    },
  })
  .setPanelOptions((builder) =>
    builder
      .addTextInput({
        path: 'roomKey',
        name: 'Room label',
        description: 'Label (InfluxQL tag) or table column that names the room.',
        category: DATA,
        defaultValue: DEFAULT_OPTIONS.roomKey,
      })
      .addTextInput({
        path: 'deviceKey',
        name: 'Device label',
        description: 'Label or column that names the device. A table with this column is read as one row per reading.',
        category: DATA,
        defaultValue: DEFAULT_OPTIONS.deviceKey,
      })
      .addTextInput({
        path: 'kindKey',
        name: 'Kind label',
        description: 'Label or column that names the kind. Without it the kind is read from the measurement, series name, query or device id.',
        category: DATA,
        defaultValue: DEFAULT_OPTIONS.kindKey,
      })
      .addTextInput({
        path: 'noRoomTitle',
        name: 'Devices without a room',
        description: 'Title of the card that collects devices without a room label, such as the solar plant.',
        category: DATA,
        defaultValue: DEFAULT_OPTIONS.noRoomTitle,
      })
      .addRadio({
        path: 'layout',
        name: 'Layout',
        category: LAYOUT,
        defaultValue: DEFAULT_OPTIONS.layout,
        settings: {
          options: [
            { value: 'grid', label: 'Grid', description: 'Rooms packed to fit the panel' },
            { value: 'floorplan', label: 'Floor plan', description: 'Rooms where you pin them' },
          ],
        },
      })
      .addRadio({
        path: 'sortRooms',
        name: 'Room order',
        category: LAYOUT,
        defaultValue: DEFAULT_OPTIONS.sortRooms,
        settings: {
          options: [
            { value: 'name', label: 'Name' },
            { value: 'severity', label: 'Worst first' },
          ],
        },
      })
      .addNumberInput({
        path: 'roomMinWidth',
        name: 'Room width',
        description: 'Smallest width of a room card, in pixels.',
        category: LAYOUT,
        defaultValue: DEFAULT_OPTIONS.roomMinWidth,
        settings: { min: NUMBER_OPTION_MINIMUMS.roomMinWidth, integer: true },
      })
      .addNumberInput({
        path: 'tileMinWidth',
        name: 'Device width',
        description: 'Smallest width of a device tile, in pixels.',
        category: LAYOUT,
        defaultValue: DEFAULT_OPTIONS.tileMinWidth,
        settings: { min: NUMBER_OPTION_MINIMUMS.tileMinWidth, integer: true },
      })
      .addTextInput({
        path: 'floorPlan.imageUrl',
        name: 'Background image',
        description: 'URL of the floor plan image; it is stretched to the panel, so positions follow the drawing.',
        category: FLOOR_PLAN,
        defaultValue: DEFAULT_OPTIONS.floorPlan.imageUrl,
        showIf: isFloorPlan,
      })
      .addCustomEditor({
        id: 'floorPlanRooms',
        path: 'floorPlan.rooms',
        name: 'Rooms on the plan',
        description: 'Position and size of each room, in percent of the plan. Rooms not listed appear below the plan.',
        category: FLOOR_PLAN,
        defaultValue: DEFAULT_OPTIONS.floorPlan.rooms,
        editor: RoomPlacementEditor,
        showIf: isFloorPlan,
      })
      .addBooleanSwitch({
        path: 'showSparkline',
        name: 'Sparklines',
        description: "Each device's values over the dashboard's time range.",
        category: DEVICES,
        defaultValue: DEFAULT_OPTIONS.showSparkline,
      })
      .addBooleanSwitch({
        path: 'kindPresets',
        name: 'Kind presets',
        description: 'Unit, thresholds and value mappings per kind (°C, %, ppm, lux, W, on/off) where the field config leaves them unset.',
        category: DEVICES,
        defaultValue: DEFAULT_OPTIONS.kindPresets,
      })
      .addNumberInput({
        path: 'staleAfter',
        name: 'Stale after (s)',
        description: 'Silence after which a device is marked stale. 0 turns it off.',
        category: DEVICES,
        defaultValue: DEFAULT_OPTIONS.staleAfter,
        settings: { min: NUMBER_OPTION_MINIMUMS.staleAfter, integer: true },
      })
      .addNumberInput({
        path: 'offlineAfter',
        name: 'Offline after (s)',
        description: 'Silence after which a device is marked offline and no longer colours its room. 0 turns it off.',
        category: DEVICES,
        defaultValue: DEFAULT_OPTIONS.offlineAfter,
        settings: { min: NUMBER_OPTION_MINIMUMS.offlineAfter, integer: true },
      })
      .addTextInput({
        path: 'deviceUrl',
        name: 'Device dashboard',
        description: 'Opened on a device click when the field has no data links, with var-device and var-room set, e.g. /d/sensorplus-device.',
        category: LINKS,
        defaultValue: DEFAULT_OPTIONS.deviceUrl,
      })
      .addTextInput({
        path: 'roomUrl',
        name: 'Room dashboard',
        description: 'Opened on a click on a room title, with var-room set.',
        category: LINKS,
        defaultValue: DEFAULT_OPTIONS.roomUrl,
      })
      .addBooleanSwitch({
        path: 'keepTime',
        name: 'Keep time range',
        description: "Pass this dashboard's time range to the linked dashboards.",
        category: LINKS,
        defaultValue: DEFAULT_OPTIONS.keepTime,
      })
  );
