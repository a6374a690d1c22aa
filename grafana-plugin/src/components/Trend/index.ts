export { Trend, type TrendProps } from './Trend.js';
