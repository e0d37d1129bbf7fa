/** Latency statistics (nearest-rank percentiles) and formatting shared by the benchmarks. */

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean, max: sorted.at(-1) ?? NaN };
}

export const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '–');
export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');

/**
 * Times `fn` sequentially: `warmup` unmeasured runs, then `n` measured ones (milliseconds). Bounded
 * in time: warm-up stops after `maxSeconds / 10`, measuring after `maxSeconds` (at least 5 samples).
 */
export async function timeSequential(fn: () => Promise<void>, n: number, warmup: number, maxSeconds = 60): Promise<number[]> {
  const warmupUntil = performance.now() + (maxSeconds * 1000) / 10;
  for (let i = 0; i < warmup && (i < 1 || performance.now() < warmupUntil); i++) await fn();
  const samples: number[] = [];
  const until = performance.now() + maxSeconds * 1000;
  for (let i = 0; i < n && (i < 5 || performance.now() < until); i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
