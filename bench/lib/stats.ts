/**
 * Timing helpers shared by the benchmarks: contenders are run interleaved (one run of each per
 * round), so drift in the machine's load hits them all alike, and each case has a time budget.
 */

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export interface InterleaveOptions {
  warmup: number;
  iterations: number;
  /** Stop measuring a case after this long (at least minIterations rounds are always run). */
  budgetMs: number;
  minIterations?: number;
}

/** Runs every contender once per round, in turn, and returns each one's latencies in ms. */
export async function interleave<K extends string>(
  contenders: Record<K, () => Promise<unknown>>,
  options: InterleaveOptions,
): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const warmUntil = Date.now() + options.budgetMs / 3;
  for (let i = 0; i < options.warmup && (i < 2 || Date.now() < warmUntil); i += 1) {
    for (const name of names) await contenders[name]();
  }
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  const deadline = Date.now() + options.budgetMs;
  const min = options.minIterations ?? 10;
  for (let i = 0; i < options.iterations && (i < min || Date.now() < deadline); i += 1) {
    // Rotate the order each round so no contender always runs right after another.
    for (let j = 0; j < names.length; j += 1) {
      const name = names[(i + j) % names.length];
      samples[name].push(await time(contenders[name]));
    }
  }
  return samples;
}

export const ms = (n: number): string => n.toFixed(2);
export const ratio = (a: number, b: number): string => (a / b).toFixed(2);

/** A Markdown table with right-aligned numeric columns (those after the first `textColumns`). */
export function markdownTable(header: string[], rows: string[][], textColumns = 2): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < textColumns ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
