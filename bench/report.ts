/**
 * Printing: each row shows our figure, its reference measured in the same run, the ratio and,
 * where the issue sets one, the target and whether it was met. `--markdown` prints the same
 * rows as tables for bench/README.md.
 */
import type { Comparison } from './harness.js';

export interface Row {
  readonly name: string;
  readonly ours: string;
  readonly reference: string;
  readonly ratio?: string;
  readonly target?: string;
  /** Whether the target was met (undefined when there is none). */
  readonly met?: boolean;
}

export interface Section {
  readonly title: string;
  readonly rows: Row[];
  readonly notes: string[];
}

/** Formats operations per second: `9 123 /s`. */
export function perSecond(rate: number): string {
  return `${Math.round(rate).toLocaleString('en-US').replace(/,/g, ' ')} /s`;
}

/** Formats milliseconds with a precision fit for the size. */
export function millis(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

/** A row from a comparison, with an optional minimum ratio. */
export function comparisonRow(name: string, c: Comparison, minRatio?: number): Row {
  return {
    name,
    ours: `${perSecond(c.oursRate)}  ${c.ours.label}`,
    reference: `${perSecond(c.referenceRate)}  ${c.reference.label}`,
    ratio: `${c.ratio.toFixed(2)} ${c.clock === 'cpu' ? 'CPU' : 'wall'} (${c.clock === 'cpu' ? 'wall' : 'CPU'} ${c.otherRatio.toFixed(2)})`,
    ...(minRatio !== undefined && { target: `≥ ${minRatio.toFixed(2)}`, met: c.ratio >= minRatio }),
  };
}

function mark(row: Row): string {
  return row.met === undefined ? '' : row.met ? 'met' : 'MISSED';
}

export function printSection(section: Section): void {
  const lines: string[][] = [['', 'ours', 'reference (same run)', 'ratio (other clock)', 'target', '']];
  for (const row of section.rows) lines.push([row.name, row.ours, row.reference, row.ratio ?? '', row.target ?? '', mark(row)]);
  const widths = lines[0]!.map((_, col) => Math.max(...lines.map((l) => l[col]!.length)));
  console.log(`\n== ${section.title}`);
  for (const line of lines) console.log(line.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd());
  for (const note of section.notes) console.log(`   ${note}`);
}

export function markdownSection(section: Section): string {
  const out = [`### ${section.title}`, '', '| | ours | reference (same run) | ratio (other clock) | target | |', '| --- | --- | --- | --- | --- | --- |'];
  for (const row of section.rows) {
    out.push(`| ${row.name} | ${row.ours} | ${row.reference} | ${row.ratio ?? ''} | ${row.target ?? ''} | ${mark(row)} |`);
  }
  if (section.notes.length > 0) out.push('', ...section.notes.map((n) => `- ${n}`));
  return out.join('\n');
}
