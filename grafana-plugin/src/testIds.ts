/** data-testid values, in one place for unit and browser tests. */
export const TEST_IDS = {
  panel: 'sensorplus-building-panel',
  empty: 'sensorplus-building-empty',
  grid: 'sensorplus-room-grid',
  floorPlan: 'sensorplus-floor-plan',
  unplaced: 'sensorplus-unplaced-rooms',
  room: 'sensorplus-room',
  roomTitle: 'sensorplus-room-title',
  roomSummary: 'sensorplus-room-summary',
  device: 'sensorplus-device',
  deviceValue: 'sensorplus-device-value',
  deviceStatus: 'sensorplus-device-status',
  deviceTrend: 'sensorplus-device-trend',
  tooltip: 'sensorplus-device-tooltip',
  placementEditor: 'sensorplus-placement-editor',
} as const;
