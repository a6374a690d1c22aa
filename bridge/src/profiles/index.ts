export { loadProfiles, readProfileFile, ProfileError, SHIPPED_PROFILES_DIR } from './load.js';
export { describeProfile, describeProfiles } from './describe.js';
export { payloadPaths, topicFilters } from './reads.js';
export type { FieldProfile, FieldType, KindProfile, Profile, StatusSpec, TagSpec, TimestampSpec, UnitConversion, ValueSource } from './types.js';
