/** Number and table formatting shared by the Markdown report and the README section. */

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function count(value: number): string {
  return value.toLocaleString('en');
}

export function milliseconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/** "0", or "1,234 (3.2 %)", with why the wait ended when not everything landed ("1,234 (3.2 %, stalled)"). */
export function loss(lost: number, of: number, ended?: string): string {
  if (lost === 0) return '0';
  const why = ended === undefined || ended === 'all landed' ? '' : `, ${ended}`;
  return `${count(lost)} (${((lost / Math.max(1, of)) * 100).toFixed(1)} %${why})`;
}

/** A drain's rate, and when it was drained more than once, every run's: "43,058 (median of 41,200 / 43,058 / 45,900)". */
export function drainRate(drain: { ratePerSecond: number; runs?: ReadonlyArray<{ ratePerSecond: number }> }): string {
  const runs = drain.runs;
  return runs && runs.length > 1 ? `${count(drain.ratePerSecond)} (median of ${runs.map((run) => count(run.ratePerSecond)).join(' / ')})` : count(drain.ratePerSecond);
}

/** The most a contender lost in any of its drains (the median run's loss when it was drained once). */
export function worstDrainLoss(drain: { lost: number; runs?: ReadonlyArray<{ lost: number }> }): number {
  return Math.max(drain.lost, ...(drain.runs ?? []).map((run) => run.lost));
}

export function rateLabel(rate: number): string {
  return rate % 1000 === 0 ? `${rate / 1000}k` : count(rate);
}

/** "0.42 ×", or "< 0.01 ×" where two decimals would say 0. */
export function ratio(value: number): string {
  return value < 0.005 ? '< 0.01 ×' : `${value.toFixed(2)} ×`;
}

/** Breaks a paragraph into lines of at most `width` characters (at spaces), as the README is written. */
export function wrap(paragraph: string, width = 105): string {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}
