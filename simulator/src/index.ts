/** The simulator as a library: devices, readings, faults and a publisher, for other workspaces' tests and benchmarks. */
export { referenceBuilding, topicFor, roomDeviceId, UNITS, SOLAR_DEVICE_ID, type DeviceDescriptor, type SimKind, type BuildingOptions } from './building.js';
export { createModel, type ValueModel, type SensorValues, type ModelOptions } from './models.js';
export { createFleet, goodMessages, goodMessageStream, type Fleet, type GoodMessagesOptions } from './fleet.js';
export { hostileMessages, createFaultInjector, spike, FAULT_MODES, DEFAULT_MAX_PAYLOAD_BYTES, type HostileMessage, type HostileMessagesOptions, type FaultInjector, type FaultInjectorOptions } from './faults.js';
export { HOSTILE_CASES, CONTRACT_VIOLATIONS, type ContractViolation, type HostileCase, type CaseGroup } from './hostile-cases.js';
export { HELP } from './cli-options.js';
export { encodeReading, readingPayload, type SimMessage, type FaultMode } from './messages.js';
export { Publisher, redactUrl, type PublisherOptions, type PublisherStats, type PublisherEvent } from './publisher.js';
export { runSimulation, createCounters, type RunOptions, type RunCounters, type MessageSink } from './runner.js';
export { createPacer, type Pacer, type PacerClock } from './pacer.js';
export { createRandom, deriveSeed } from './random.js';
