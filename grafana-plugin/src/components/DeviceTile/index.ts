export { DeviceTile, deviceLabel, type DeviceTileProps } from './DeviceTile.js';
