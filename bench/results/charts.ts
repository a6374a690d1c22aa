/** The PNG plots' SVG: drain throughput per contender, and latency against rate. */
import type { DrainResult } from '../methods/drain.js';
import type { LiveResult } from '../methods/live.js';
import type { ContenderName } from '../options.js';
import { COLORS, SHORT_LABELS, formatNumber, page, text } from './svg.js';

export const THROUGHPUT_SIZE = { width: 900, height: 120 } as const;
export const LATENCY_SIZE = { width: 900, height: 520 } as const;

export function throughputHeight(bars: number): number {
  return THROUGHPUT_SIZE.height + bars * 44;
}

export function throughputChart(drain: readonly DrainResult[], subtitle: string): string {
  const width = THROUGHPUT_SIZE.width;
  const left = 250;
  const right = 170;
  const top = 75;
  const max = Math.max(1, ...drain.map((d) => d.ratePerSecond));
  const scale = (width - left - right) / max;
  const bars = drain.map((d, i) => {
    const y = top + i * 44;
    const length = Math.max(1, d.ratePerSecond * scale);
    const lost = d.lost > 0 ? `, lost ${((d.lost / d.messages) * 100).toFixed(1)} %` : '';
    return [
      text(left - 10, y + 20, SHORT_LABELS[d.contender], 'font-size="13" text-anchor="end" fill="#222"'),
      `<rect x="${left}" y="${y + 4}" width="${length.toFixed(1)}" height="26" fill="${COLORS[d.contender]}"/>`,
      text(left + length + 8, y + 22, `${formatNumber(d.ratePerSecond)} msg/s${lost}`, 'font-size="13" fill="#222"'),
    ].join('\n');
  });
  const height = throughputHeight(drain.length);
  const axis = `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - 30}" stroke="#999"/>`;
  const note = text(left, height - 12, 'Drain: the backlog is published while the contender is away, then timed until all of it is counted or queryable.', 'font-size="11" fill="#666"');
  return page(width, height, 'Drain throughput (messages per second, higher is better)', subtitle, [axis, ...bars, note].join('\n'));
}

/** p99 (solid) and p50 (dashed) publish → queryable latency per contender, log scale, at each rate. */
export function latencyChart(live: readonly LiveResult[], subtitle: string): string {
  const { width, height } = LATENCY_SIZE;
  const plot = { left: 80, right: width - 260, top: 75, bottom: height - 60 };
  const rates = [...new Set(live.map((l) => l.targetRate))].sort((a, b) => a - b);
  const values = live.flatMap((l) => (l.latencyMs ? [l.latencyMs.p50, l.latencyMs.p99] : [])).map((v) => Math.max(1, v));
  const lowExp = Math.floor(Math.log10(Math.min(10, ...values)));
  const highExp = Math.ceil(Math.log10(Math.max(100, ...values)));
  const x = (rate: number): number => plot.left + ((rates.indexOf(rate) + 0.5) / rates.length) * (plot.right - plot.left);
  const y = (ms: number): number => plot.bottom - ((Math.log10(Math.max(1, ms)) - lowExp) / (highExp - lowExp)) * (plot.bottom - plot.top);

  const grid: string[] = [];
  for (let e = lowExp; e <= highExp; e++) {
    const ms = 10 ** e;
    grid.push(`<line x1="${plot.left}" y1="${y(ms)}" x2="${plot.right}" y2="${y(ms)}" stroke="#e3e3e3"/>`);
    grid.push(text(plot.left - 8, y(ms) + 4, ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`, 'font-size="12" text-anchor="end" fill="#444"'));
  }
  for (const rate of rates) grid.push(text(x(rate), plot.bottom + 20, `${formatNumber(rate)}`, 'font-size="12" text-anchor="middle" fill="#444"'));
  grid.push(text((plot.left + plot.right) / 2, plot.bottom + 42, 'publish rate (msg/s)', 'font-size="12" text-anchor="middle" fill="#444"'));
  grid.push(`<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#999"/>`);

  const contenders = [...new Set(live.map((l) => l.contender))];
  const lines = contenders.flatMap((name, index) => {
    const runs = live.filter((l) => l.contender === name && l.latencyMs).sort((a, b) => a.targetRate - b.targetRate);
    const path = (pick: 'p50' | 'p99'): string => runs.map((r, i) => `${i === 0 ? 'M' : 'L'}${x(r.targetRate).toFixed(1)},${y(r.latencyMs![pick]).toFixed(1)}`).join(' ');
    const color = COLORS[name];
    const legendY = plot.top + 10 + index * 40;
    return [
      `<path d="${path('p99')}" fill="none" stroke="${color}" stroke-width="2.5"/>`,
      `<path d="${path('p50')}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
      ...runs.map((r) => `<circle cx="${x(r.targetRate)}" cy="${y(r.latencyMs!.p99)}" r="4" fill="${r.lost > 0 ? '#fff' : color}" stroke="${color}" stroke-width="2"/>`),
      `<line x1="${plot.right + 20}" y1="${legendY}" x2="${plot.right + 45}" y2="${legendY}" stroke="${color}" stroke-width="2.5"/>`,
      text(plot.right + 52, legendY + 4, SHORT_LABELS[name as ContenderName], 'font-size="12" fill="#222"'),
    ];
  });
  const legendNote = text(plot.right + 20, plot.top + 10 + contenders.length * 40, 'solid p99, dashed p50;', 'font-size="11" fill="#666"');
  const legendNote2 = text(plot.right + 20, plot.top + 25 + contenders.length * 40, 'hollow dot: messages lost', 'font-size="11" fill="#666"');
  return page(width, height, 'Publish → queryable latency against rate (lower is better)', subtitle, [...grid, ...lines, legendNote, legendNote2].join('\n'));
}
