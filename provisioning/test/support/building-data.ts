import { createFleet, referenceBuilding, type SimMessage } from '@sensorplus/simulator';

/**
 * A day of the reference building (site `demo`, room1..room5, solar-plant), one reading per device
 * per minute up to `now`, with four deliberate problems the alert rules must find and nothing else:
 */
export const PROBLEMS = {
  /** Silent for the last 20 minutes. */
  silentDevice: 'hum-2',
  /** 1,800 ppm for the last 30 minutes. */
  highCo2Device: 'co2-3',
  /** 30 °C for the last hour. */
  hotDevice: 'temp-4',
  /** 70 % for the last 3 hours. */
  humidDevice: 'hum-5',
} as const;

const MINUTE = 60_000;

export interface BuildingData {
  messages: SimMessage[];
  devices: string[];
  /** Rooms by device (no entry for the solar plant). */
  rooms: Map<string, string>;
}

export function buildingDay(now: number, hours = 24, seed = 42): BuildingData {
  const devices = referenceBuilding();
  const fleet = createFleet({ devices, seed, utcOffsetMinutes: 0 });
  const messages: SimMessage[] = [];
  const rounds = hours * 60;
  for (let round = rounds; round >= 0; round--) {
    const ts = now - round * MINUTE;
    devices.forEach((device, index) => {
      const message = adjust(fleet.reading(index, ts), now - ts);
      if (message) messages.push(message);
    });
  }
  const rooms = new Map(devices.filter((d) => d.roomId !== undefined).map((d) => [d.deviceId, d.roomId!]));
  return { messages, devices: devices.map((d) => d.deviceId), rooms };
}

/** Applies the scenario's problems to one reading `age` ms before now; undefined drops it. */
function adjust(message: SimMessage, age: number): SimMessage | undefined {
  switch (message.deviceId) {
    case PROBLEMS.silentDevice:
      return age < 20 * MINUTE ? undefined : message;
    case PROBLEMS.highCo2Device:
      return age < 30 * MINUTE ? withValue(message, 1800) : message;
    case PROBLEMS.hotDevice:
      return age < 60 * MINUTE ? withValue(message, 30) : message;
    case PROBLEMS.humidDevice:
      return age < 180 * MINUTE ? withValue(message, 70) : message;
    default:
      return message;
  }
}

function withValue(message: SimMessage, value: number): SimMessage {
  const payload = { ...(JSON.parse(message.payload.toString('utf8')) as Record<string, unknown>), value };
  return { ...message, payload: Buffer.from(JSON.stringify(payload), 'utf8') };
}
