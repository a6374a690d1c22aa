/**
 * What a valid reading of each kind looks like, as DATA. A new device family is a new entry in
 * DEFAULT_PROFILES (or a profile passed to createPipeline), never new code.
 *
 * Physical ranges (outside → rejected `out_of_range`) and plausible bands (inside the range but
 * outside the band → accepted with quality `suspect`), in canonical units:
 *
 * | kind        | field (InfluxDB) | unit | physical range   | plausible band  | why                                              |
 * |-------------|------------------|------|------------------|-----------------|--------------------------------------------------|
 * | temperature | value            | °C   | -50 to 100       | -40 to 85       | indoor + outdoor sensors; -40…85 is the usual sensor rating |
 * | humidity    | value            | %    | 0–100            | 1–99            | exactly 0 or 100 % usually means a dry or saturated sensor |
 * | co2         | value            | ppm  | 0–40,000         | 250–10,000      | below outdoor air (~420) is drift; 40,000 is far past the 30,000 ppm short-term limit |
 * | light       | value            | lux  | 0–200,000        | 0–120,000       | direct sunlight peaks around 100,000–120,000 lux |
 * | solar       | power_w          | W    | 0–1,000,000,000  | —               | up to a 1 GW plant; night-time negatives are refused |
 * | solar       | voltage          | V    | 0–1,500          | —               | 1,500 V DC is the ceiling for utility PV strings |
 * | solar       | current          | A    | 0–2,000          | —               | a large central inverter's input                 |
 * | switch      | on               | —    | true / false     | —               |                                                  |
 * | counter     | value            | count| 0–10^15          | —               | a running total (pulses, items, Wh); resets are fine, the archive handles them |
 */

/** canonical = (value + offset) × scale. Linear, so a table can state it and the README can print it. */
export interface UnitConversion {
  /** Exact spellings accepted in the payload's `unit` (after trimming spaces). The first one is the display name. */
  readonly names: readonly string[];
  readonly offset: number;
  readonly scale: number;
}

export interface FieldProfile {
  /** Payload keys that may carry this field; the first one present (and not null) is read. */
  readonly keys: readonly string[];
  /** InfluxDB field name: `value`, `power_w`, `voltage`, `current`, `on`. */
  readonly field: string;
  /** How an operator calls it in a sentence, e.g. "humidity", "solar voltage". */
  readonly label: string;
  readonly type: 'number' | 'boolean';
  readonly required: boolean;
  /** Canonical unit symbol, stored values are in this unit. */
  readonly unit?: string;
  /**
   * When set, the payload's `unit` key describes this field (at most one field per profile):
   * the accepted units and how each converts to the canonical one. Without a `unit` key the value
   * is taken to be in the canonical unit.
   */
  readonly units?: readonly UnitConversion[];
  /** Physical limits, inclusive; outside them a reading is refused (`out_of_range`). */
  readonly range?: readonly [number, number];
  /** Inside the range but outside this band a reading is kept and marked `suspect`. */
  readonly plausible?: readonly [number, number];
}

export interface KindProfile {
  /** Canonical kind: the InfluxDB measurement name. */
  readonly kind: string;
  /** Other names accepted in topics and payloads (compared case-insensitively, like `kind`). */
  readonly aliases: readonly string[];
  readonly fields: readonly FieldProfile[];
}

const SAME = { offset: 0, scale: 1 } as const;

const CELSIUS: UnitConversion = { names: ['°C', 'C', 'celsius', 'Celsius', 'degC', 'deg C', '℃', 'ºC'], ...SAME };
const FAHRENHEIT: UnitConversion = {
  names: ['°F', 'F', 'fahrenheit', 'Fahrenheit', 'degF', 'deg F', '℉', 'ºF'],
  offset: -32,
  scale: 5 / 9,
};
const KELVIN: UnitConversion = { names: ['K', 'kelvin', 'Kelvin'], offset: -273.15, scale: 1 };

export const DEFAULT_PROFILES: readonly KindProfile[] = deepFreeze([
  {
    kind: 'temperature',
    aliases: ['temp'],
    fields: [
      {
        keys: ['value'], field: 'value', label: 'temperature', type: 'number', required: true,
        unit: '°C', units: [CELSIUS, FAHRENHEIT, KELVIN], range: [-50, 100], plausible: [-40, 85],
      },
    ],
  },
  {
    kind: 'humidity',
    aliases: ['rh'],
    fields: [
      {
        keys: ['value'], field: 'value', label: 'humidity', type: 'number', required: true,
        unit: '%', units: [{ names: ['%', '%RH', '% RH', 'RH', 'percent'], ...SAME }],
        range: [0, 100], plausible: [1, 99],
      },
    ],
  },
  {
    kind: 'co2',
    aliases: ['carbon_dioxide'],
    fields: [
      {
        keys: ['value'], field: 'value', label: 'co2', type: 'number', required: true,
        unit: 'ppm', units: [{ names: ['ppm', 'PPM', 'ppmv'], ...SAME }],
        range: [0, 40_000], plausible: [250, 10_000],
      },
    ],
  },
  {
    kind: 'light',
    aliases: ['illuminance'],
    fields: [
      {
        keys: ['value'], field: 'value', label: 'light', type: 'number', required: true,
        unit: 'lux', units: [{ names: ['lux', 'lx', 'Lux', 'LUX'], ...SAME }, { names: ['klx', 'klux'], offset: 0, scale: 1000 }],
        range: [0, 200_000], plausible: [0, 120_000],
      },
    ],
  },
  {
    kind: 'solar',
    aliases: ['pv'],
    fields: [
      {
        // `value` is read as power when `powerW` is absent; the payload's `unit` then describes power.
        keys: ['powerW', 'value'], field: 'power_w', label: 'solar power', type: 'number', required: false,
        unit: 'W',
        units: [
          { names: ['W', 'watt', 'watts'], ...SAME },
          { names: ['kW', 'kilowatt', 'kilowatts'], offset: 0, scale: 1_000 },
          { names: ['MW', 'megawatt', 'megawatts'], offset: 0, scale: 1_000_000 },
        ],
        range: [0, 1_000_000_000],
      },
      { keys: ['voltage'], field: 'voltage', label: 'solar voltage', type: 'number', required: false, unit: 'V', range: [0, 1_500] },
      { keys: ['current'], field: 'current', label: 'solar current', type: 'number', required: false, unit: 'A', range: [0, 2_000] },
    ],
  },
  {
    kind: 'switch',
    aliases: ['relay'],
    fields: [{ keys: ['on'], field: 'on', label: 'switch state', type: 'boolean', required: true }],
  },
  {
    // A cumulative counter that may reset (e.g. at a shift change); the archive stores its increase per window.
    kind: 'counter',
    aliases: ['meter'],
    fields: [
      {
        keys: ['value'],
        field: 'value',
        label: 'counter',
        type: 'number',
        required: true,
        unit: 'count',
        units: [
          { names: ['count', 'pulses', 'items', 'Wh'], offset: 0, scale: 1 },
          { names: ['kWh'], offset: 0, scale: 1_000 },
          { names: ['MWh'], offset: 0, scale: 1_000_000 },
        ],
        range: [0, 1e15],
      },
    ],
  },
]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
