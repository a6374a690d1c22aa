import {
  createMachineModel,
  createPlugModel,
  createTrackerModel,
  encodeMachineStatus,
  encodeTelemetry,
  multiplugs,
  productionMachines,
  solarTrackers,
  trackerStatus,
  type MachineStatus,
  type PlugReading,
  type TrackerTelemetry,
} from '@sensorplus/simulator';

/**
 * A day of the three device families (site `default`, as their profiles store them), one reading
 * per device per minute, in a site whose local time is the evening (peak hours, second shift), so
 * every rule has its moment inside the data. The planted faults, each for exactly one device:
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const SITE = 'default';

/** Local time of day (hours) the data ends at: inside the peak hours 18–23 and the 14:00–22:00 shift. */
const LOCAL_NOW_HOUR = 20;
/** How much of the day before the data starts with: yesterday's last hours make a second local day. */
const BEFORE_MIDNIGHT = 2 * HOUR;

export interface FamilyLimits {
  highUsageW: number;
  peakUsageW: number;
  highCostPerDay: number;
  batteryLowPct: number;
  defectRate: number;
}

/** The tariff the test puts in force for every site: the multiplug owners' (8 per kWh, peak 18:00–23:00). */
export const TARIFF = { currency: 'BDT', rate: 8, peakRate: 12, peakStart: '18:00:00', peakEnd: '23:00:00' } as const;

export const FAULTS = {
  /** HIGH_USAGE: 1.4 × the limit for 15 minutes around local 16:00 (off-peak, so it is not PEAK_USAGE). */
  highUsage: { device: 'plug-2', port: '1' },
  /** PEAK_USAGE: between the two limits for the last 20 minutes (in peak hours, below HIGH_USAGE). */
  peakUsage: { device: 'plug-3', port: '2' },
  /** HIGH_COST: 3 kW from local 06:00, long enough to cost 1.5 × the daily limit at the off-peak rate. */
  highCost: { device: 'plug-1', port: '4' },
  /** Battery at 60 % of the limit for the last 30 minutes. */
  batteryLow: 'tracker-2',
  /** Its last status message says offline. */
  offline: 'tracker-3',
  /** Twice the limit's defect rate in the current shift. */
  defects: 'machine-2',
} as const;

export interface FamilyData {
  /** IANA zone of the site: a whole-hour `Etc/GMT` zone that makes `now` local evening. */
  zone: string;
  utcOffsetMinutes: number;
  /** UTC epoch ms of the local midnight that began today. */
  localMidnight: number;
  now: number;
  /** When the HIGH_USAGE fault is at its height (local 16:00 today). */
  highUsageAt: number;
  /** When the current shift (14:00) began. */
  shiftStart: number;
  mqtt: Array<{ topic: string; payload: Buffer; retain?: boolean }>;
  trackers: string[];
  machines: string[];
  plugs: string[];
  /** Plug readings of the past, written straight to InfluxDB (the plug's HTTP ingest stamps readings on arrival). */
  plugHistory: Array<{ device: string; ts: number; reading: PlugReading }>;
  /** One reading per port and plug to post now, through the bridge's ingest endpoint. */
  plugNow: Array<{ device: string; readings: PlugReading[] }>;
}

/** The whole-hour offset that puts `now` at LOCAL_NOW_HOUR:xx local, within −12…+11 h. */
function eveningOffsetHours(now: number): number {
  const utcHour = new Date(now).getUTCHours();
  return ((((LOCAL_NOW_HOUR - utcHour) % 24) + 24 + 12) % 24) - 12;
}

export function familyDay(now: number, limits: FamilyLimits, seed = 7): FamilyData {
  const offsetHours = eveningOffsetHours(now);
  // Etc/GMT zones carry the sign the other way round: Etc/GMT-6 is UTC+6.
  const zone = offsetHours === 0 ? 'UTC' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
  const utcOffsetMinutes = offsetHours * 60;
  const localNow = now + utcOffsetMinutes * MINUTE;
  const localMidnight = Math.floor(localNow / (24 * HOUR)) * 24 * HOUR - utcOffsetMinutes * MINUTE;
  const start = localMidnight - BEFORE_MIDNIGHT;
  const highUsageAt = localMidnight + 16 * HOUR;
  const shiftStart = localMidnight + 14 * HOUR;
  const times: number[] = [];
  for (let ts = Math.ceil(start / MINUTE) * MINUTE; ts < now - MINUTE / 2; ts += MINUTE) times.push(ts);

  const mqtt: FamilyData['mqtt'] = [];
  const trackers = solarTrackers(3);
  const trackerModels = trackers.map((device) => createTrackerModel(device, { seed, utcOffsetMinutes }));
  const machines = productionMachines(2);
  const shifts = { lengthMs: 8 * HOUR, firstStartMinutes: 6 * 60, utcOffsetMinutes };
  const machineModels = machines.map((device) => createMachineModel(device, { seed, shifts }));
  const plugs = multiplugs(3);
  const plugModels = plugs.map((device) => createPlugModel(device, { seed, utcOffsetMinutes }));
  const plugHistory: FamilyData['plugHistory'] = [];

  for (const device of trackers) mqtt.push({ ...trackerStatus(device, 'online') });
  for (const ts of times) {
    trackers.forEach((device, i) => {
      const telemetry = adjustTracker(device.deviceId, trackerModels[i]!.next(ts), now - ts, limits);
      mqtt.push({ topic: device.telemetryTopic, payload: encodeTelemetry(telemetry, ts, true) });
    });
    machines.forEach((device, i) => {
      const status = adjustMachine(machineModels[i]!.next(ts), ts >= shiftStart, limits);
      mqtt.push({ topic: device.topic, payload: encodeMachineStatus(status) });
    });
    plugs.forEach((device, i) => {
      for (const reading of plugModels[i]!.next(ts)) plugHistory.push({ device: device.deviceId, ts, reading: adjustPlug(device.deviceId, reading, ts, { now, localMidnight, highUsageAt }, limits) });
    });
  }
  mqtt.push({ ...trackerStatus(trackers.find((t) => t.deviceId === FAULTS.offline)!, 'offline') });

  const plugNow = plugs.map((device, i) => ({
    device: device.deviceId,
    readings: plugModels[i]!.next(now).map((reading) => adjustPlug(device.deviceId, reading, now, { now, localMidnight, highUsageAt }, limits)),
  }));
  return {
    zone,
    utcOffsetMinutes,
    localMidnight,
    now,
    highUsageAt,
    shiftStart,
    mqtt,
    trackers: trackers.map((t) => t.deviceId),
    machines: machines.map((m) => m.machineId),
    plugs: plugs.map((p) => p.deviceId),
    plugHistory,
    plugNow,
  };
}

function adjustTracker(device: string, telemetry: TrackerTelemetry, age: number, limits: FamilyLimits): TrackerTelemetry {
  if (device !== FAULTS.batteryLow || age > 30 * MINUTE) return telemetry;
  return { ...telemetry, battery_pct: 0.6 * limits.batteryLowPct, battery_v: 10.1 };
}

function adjustMachine(status: MachineStatus, inCurrentShift: boolean, limits: FamilyLimits): MachineStatus {
  if (status.machine_id !== FAULTS.defects || !inCurrentShift) return status;
  return { ...status, cumulative_defects: Math.round(status.cumulative_production * 2 * limits.defectRate) };
}

/**
 * The households' heaters stay off (a warm season): at 1.5–2 kW on their evening schedule they
 * would be a HIGH_USAGE and PEAK_USAGE of their own. Then the planted faults.
 */
function adjustPlug(
  device: string,
  reading: PlugReading,
  ts: number,
  at: { now: number; localMidnight: number; highUsageAt: number },
  limits: FamilyLimits,
): PlugReading {
  const port = String(reading.port);
  const is = (fault: { device: string; port: string }) => fault.device === device && fault.port === port;
  if (is(FAULTS.highUsage) && ts >= at.highUsageAt - 10 * MINUTE && ts <= at.highUsageAt + 5 * MINUTE) return load(reading, 1.4 * limits.highUsageW);
  if (is(FAULTS.peakUsage) && ts >= at.now - 20 * MINUTE) return load(reading, (limits.peakUsageW + limits.highUsageW) / 2);
  if (is(FAULTS.highCost)) {
    const hours = (1.5 * limits.highCostPerDay) / TARIFF.rate / 3;
    const from = at.localMidnight + 6 * HOUR;
    if (ts >= from && ts < from + hours * HOUR) return load(reading, 3000);
  }
  if (reading.port === 3) return { ...reading, power: 0, current: 0, relay_state: 'OFF' };
  return reading;
}

function load(reading: PlugReading, watts: number): PlugReading {
  return { ...reading, power: watts, current: Math.round((watts / reading.voltage) * 100) / 100, relay_state: 'ON' };
}

/** A plug reading as the bridge stores it (multiplug profile: tags site, device, port; relay_state → relay_on). */
export function plugLine(device: string, ts: number, r: PlugReading): string {
  return `multiplug,device=${device},port=${r.port},site=${SITE} current=${r.current},power=${r.power},quality="good",relay_on=${r.relay_state === 'ON'},voltage=${r.voltage} ${ts}`;
}
