export { DeviceTile, deviceLabel, type DeviceTileProps } from './DeviceTile.js';
export { LightTiles, lightTileAttributes, type LightTilesProps } from './LightTiles.js';
