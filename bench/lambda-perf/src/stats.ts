/** Nearest-rank percentile: always a value that was measured. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no values");
  if (p <= 0 || p > 100) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

export interface MetricSummary {
  metric: string;
  count: number;
  p50: number;
  p90: number;
  min: number;
  max: number;
}

export function summarize(metric: string, values: readonly number[]): MetricSummary | undefined {
  if (values.length === 0) return undefined;
  return { metric, count: values.length, p50: percentile(values, 50), p90: percentile(values, 90), min: Math.min(...values), max: Math.max(...values) };
}
