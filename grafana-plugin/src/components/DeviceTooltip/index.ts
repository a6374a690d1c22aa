export { DeviceTooltip, type DeviceTooltipProps } from './DeviceTooltip.js';
