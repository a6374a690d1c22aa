/** Messages of the shipped device families as their devices send them, for the unit and integration tests alike. */

/** A solar tracker's telemetry (every field of the firmware, `device_name` included). */
export const TRACKER_TELEMETRY = {
  top: 2810, left: 2795, right: 2803, avg: 2803, horizontal_error: -8, vertical_error: 11,
  tilt_angle: 31.27, pan_angle: 88.4, pan_target: 88, manual: 0, steady: 1,
  power_w: 17.3, power_actual_w: 15.92, temp_c: 38.2, battery_pct: 76.5, battery_v: 12.31, efficiency: 92.0,
  energy_wh: 2412.7, energy_kwh: 2.4127, co2_kg: 1.071, trees: 0.0492, phones: 160.8, phone_minutes: 28952.4,
  pesos: 6.99, grid_price: 2.9, device_name: 'Seguidor solar bi-eje #1 - Azotea edificio B',
};

/** As the tracker's firmware sends it: pretty-printed, CRLF line ends. */
export const firmwareJson = (value: unknown): string => JSON.stringify(value, null, 2).replaceAll('\n', '\r\n');

/** A production machine's status, without its time. */
export const MACHINE_STATUS = {
  machine_id: 'machine-2', status: 'running', speed_rpm: 182.5, temperature_c: 61.2,
  cumulative_production: 10412, cumulative_defects: 37, shift: 2,
};
