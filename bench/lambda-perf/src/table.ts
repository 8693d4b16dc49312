import type { InvocationReport } from "./report.js";
import { summarize, type MetricSummary } from "./stats.js";

/** The metrics a cold start is judged by; "Init + Duration" is cold end to end (init, then the first request with its DynamoDB call). */
export function summarizeColdStarts(reports: readonly InvocationReport[]): MetricSummary[] {
  const pick = (f: (r: InvocationReport) => number | undefined) => reports.map(f).filter((v): v is number => v !== undefined);
  const rows = [
    summarize("Init Duration (ms)", pick((r) => r.initDurationMs)),
    summarize("Restore Duration (ms)", pick((r) => r.restoreDurationMs)),
    summarize("Duration (ms)", pick((r) => r.durationMs)),
    summarize("Init + Duration (ms)", pick((r) => (r.initDurationMs === undefined ? undefined : r.initDurationMs + r.durationMs))),
    summarize("Billed Duration (ms)", pick((r) => r.billedDurationMs)),
    summarize("Max Memory Used (MB)", pick((r) => r.maxMemoryUsedMb)),
    summarize("Memory Size (MB)", pick((r) => r.memorySizeMb)),
  ];
  return rows.filter((r): r is MetricSummary => r !== undefined);
}

export function markdownTable(functionName: string, rows: readonly MetricSummary[]): string {
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  const lines = [`| ${functionName} | n | p50 | p90 | min | max |`, "|---|---:|---:|---:|---:|---:|"];
  for (const r of rows) lines.push(`| ${r.metric} | ${r.count} | ${fmt(r.p50)} | ${fmt(r.p90)} | ${fmt(r.min)} | ${fmt(r.max)} |`);
  return lines.join("\n");
}
