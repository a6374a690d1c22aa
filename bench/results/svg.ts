/** Small SVG helpers shared by the charts and the flame graph. */
import type { ContenderName } from '../options.js';

export const SHORT_LABELS: Record<ContenderName, string> = {
  ceiling: 'Ceiling (MQTT.js, counts only)',
  passthrough: 'Pass-through (MQTT.js → InfluxDB)',
  bridge: 'SensorPlus bridge',
  'bridge-baseline': 'SensorPlus bridge, baseline (--baseline)',
  'node-red-batch': 'Node-RED, batched',
  'node-red-message': 'Node-RED, one write per message',
  telegraf: 'Telegraf',
};

export const COLORS: Record<ContenderName, string> = {
  ceiling: '#8c8c8c',
  passthrough: '#2ca02c',
  bridge: '#1f77b4',
  'bridge-baseline': '#9ecae1',
  'node-red-batch': '#d62728',
  'node-red-message': '#ff7f0e',
  telegraf: '#9467bd',
};

export const FONT = 'font-family="DejaVu Sans, Arial, sans-serif"';

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`;
}

/** A white page with a title and a subtitle; `body` is drawn below them. */
export function page(width: number, height: number, title: string, subtitle: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>
<rect width="${width}" height="${height}" fill="#ffffff"/>
${text(20, 30, title, 'font-size="18" font-weight="bold" fill="#222"')}
${text(20, 50, subtitle, 'font-size="12" fill="#555"')}
${body}
</svg>
`;
}

export function formatNumber(value: number): string {
  return value.toLocaleString('en');
}
