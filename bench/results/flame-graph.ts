/** An icicle flame graph of the profile's call tree: callers above callees, width = share of busy time. */
import type { FlameNode } from '../profile/cpu-profile.js';
import { escapeXml, page, text } from './svg.js';

export const FLAME_WIDTH = 1600;
const ROW = 17;
const TOP = 70;
const LEGEND_ROW = 16;
const LEGEND_COLUMNS = 8;
/** Narrower frames are left out (they would be invisible anyway). */
const MIN_WIDTH = 0.3;

export function flameGraphHeight(root: FlameNode): number {
  return TOP + depth(root) * ROW + legendHeight(root) + 20;
}

function depth(node: FlameNode): number {
  return 1 + Math.max(0, ...node.children.map(depth));
}

function areasOf(node: FlameNode, into = new Set<string>()): Set<string> {
  into.add(node.area);
  for (const child of node.children) areasOf(child, into);
  return into;
}

function legendHeight(root: FlameNode): number {
  return Math.ceil(areasOf(root).size / LEGEND_COLUMNS) * LEGEND_ROW + 10;
}

export function flameGraph(root: FlameNode, title: string, subtitle: string): string {
  const scale = (FLAME_WIDTH - 20) / Math.max(1, root.samples);
  const areas = new Map<string, string>();
  const rects: string[] = [];
  const draw = (node: FlameNode, x: number, level: number): void => {
    const width = node.samples * scale;
    if (width < MIN_WIDTH) return;
    const y = TOP + level * ROW;
    const color = colorOf(node.area, areas);
    const share = ((node.samples / root.samples) * 100).toFixed(1);
    const label = `${node.name} ${share} %`;
    rects.push(
      `<g><title>${escapeXml(`${label} [${node.area}]`)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${width.toFixed(2)}" height="${ROW - 1}" fill="${color}" stroke="#fff" stroke-width="0.3"/>` +
        (width > 50 ? text(x + 3, y + 12, fit(label, width), 'font-size="10.5" fill="#111"') : '') +
        '</g>',
    );
    let childX = x;
    for (const child of [...node.children].sort((a, b) => b.samples - a.samples)) {
      draw(child, childX, level + 1);
      childX += child.samples * scale;
    }
  };
  draw(root, 10, 0);
  const height = flameGraphHeight(root);
  const legend = [...areas].map(([area, color], i) => {
    const x = 10 + (i % LEGEND_COLUMNS) * 195;
    const y = height - 10 - legendHeight(root) + Math.floor(i / LEGEND_COLUMNS) * LEGEND_ROW;
    return `<rect x="${x}" y="${y}" width="12" height="12" fill="${color}"/>${text(x + 17, y + 10, area, 'font-size="11" fill="#333"')}`;
  });
  return page(FLAME_WIDTH, height, title, subtitle, [...rects, ...legend].join('\n'));
}

/** Characters that fit in `width` pixels at 10.5 px (about 6 px per character). */
function fit(label: string, width: number): string {
  const max = Math.floor((width - 6) / 6);
  return label.length <= max ? label : `${label.slice(0, Math.max(0, max - 1))}…`;
}

const PALETTE = [
  '#9ecae1', '#fdae6b', '#a1d99b', '#fc9272', '#bcbddc', '#e7ba52', '#c7e9c0', '#d9d9d9',
  '#f7b6d2', '#dbdb8d', '#9edae5', '#c49c94', '#6baed6', '#fd8d3c', '#74c476', '#9e9ac8',
];

function colorOf(area: string, areas: Map<string, string>): string {
  let color = areas.get(area);
  if (color === undefined) {
    color = area === 'all' ? '#eeeeee' : PALETTE[areas.size % PALETTE.length]!;
    areas.set(area, color);
  }
  return color;
}
