/** The simulator as a library: devices, readings, faults and a publisher, for other workspaces' tests and benchmarks. */
export { referenceBuilding, topicFor, roomDeviceId, UNITS, SOLAR_DEVICE_ID, type DeviceDescriptor, type SimKind, type BuildingOptions } from './building.js';
export { createModel, type ValueModel, type SensorValues, type ModelOptions } from './models.js';
export { createFleet, goodMessages, goodMessageStream, type Fleet, type GoodMessagesOptions } from './fleet.js';
export { hostileMessages, createFaultInjector, spike, FAULT_MODES, DEFAULT_MAX_PAYLOAD_BYTES, type HostileMessage, type HostileMessagesOptions, type FaultInjector, type FaultInjectorOptions } from './faults.js';
export { HOSTILE_CASES, CONTRACT_VIOLATIONS, type ContractViolation, type HostileCase, type CaseGroup } from './hostile-cases.js';
export { HELP } from './cli-options.js';
export { encodeReading, readingPayload, type SimMessage, type FaultMode } from './messages.js';
export { Publisher, redactUrl, type PublisherOptions, type PublisherStats, type PublisherEvent, type PublishFlags } from './publisher.js';
export { runSimulation, runRounds, createCounters, createQuota, readingSource, type RunOptions, type RunCounters, type MessageSink, type ReadingSource, type SendQuota } from './runner.js';
export { solarTrackers, createTrackerModel, createTrackerFleet, encodeTelemetry, trackerStatus, TRACKER_FIRMWARE, type SolarTrackerDevice, type TrackerTelemetry, type TrackerState } from './families/solar-tracker.js';
export { multiplugs, createPlugModel, PLUG_LIMITS, PORTS_PER_PLUG, type PlugDevice, type PlugReading, type RelayState } from './families/multiplug.js';
export { productionMachines, createMachineModel, createMachineFleet, encodeMachineStatus, shiftAt, DEFAULT_SHIFTS, DEFAULT_MACHINE_ID, type MachineDevice, type MachineStatus, type MachineState, type ShiftSchedule, type Shift } from './families/production-machine.js';
export { IngestSender, retryAfterMs, type IngestSenderOptions, type IngestEvent, type IngestStats } from './ingest-sender.js';
export { createPacer, type Pacer, type PacerClock } from './pacer.js';
export { createRandom, deriveSeed } from './random.js';
