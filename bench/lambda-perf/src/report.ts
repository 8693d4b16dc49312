/** Lambda's per-invocation platform report, from the text REPORT line or the JSON `platform.report` record. */
export interface InvocationReport {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Present only on a cold start (a new execution environment). */
  initDurationMs?: number;
  /** SnapStart: restoring the snapshot replaces init. */
  restoreDurationMs?: number;
  billedRestoreDurationMs?: number;
  /** e.g. "timeout" or "error" when the invocation did not complete normally. */
  status?: string;
  xrayTraceId?: string;
}

const TEXT_FIELDS: Record<string, keyof InvocationReport> = {
  "Duration": "durationMs",
  "Billed Duration": "billedDurationMs",
  "Memory Size": "memorySizeMb",
  "Max Memory Used": "maxMemoryUsedMb",
  "Init Duration": "initDurationMs",
  "Restore Duration": "restoreDurationMs",
  "Billed Restore Duration": "billedRestoreDurationMs",
};

/**
 * Finds the invocation's report in a log tail (Invoke with LogType=Tail returns the last 4 KB, base64).
 * Text format: `REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 512 MB\t...`,
 * fields tab-separated, optionally followed by an `XRAY TraceId: ...` line. JSON format (advanced logging controls):
 * `{"type":"platform.report","record":{"requestId":...,"metrics":{"durationMs":...}}}`.
 * The last report in the tail wins. Returns undefined when there is none.
 */
export function parseReport(logTail: string): InvocationReport | undefined {
  let found: InvocationReport | undefined;
  const lines = logTail.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const report = line.startsWith("REPORT ") ? parseTextReport(line) : line.startsWith("{") ? parseJsonReport(line) : undefined;
    if (!report) continue;
    const next = lines[i + 1]?.trim();
    const trace = next?.match(/^XRAY TraceId:\s*([^\s]+)/);
    if (trace && report.xrayTraceId === undefined) report.xrayTraceId = trace[1];
    found = report;
  }
  return found;
}

function parseTextReport(line: string): InvocationReport | undefined {
  const fields = new Map<string, string>();
  for (const part of line.slice("REPORT ".length).split("\t")) {
    const colon = part.indexOf(":");
    if (colon <= 0) continue;
    fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  const requestId = fields.get("RequestId");
  if (!requestId) return undefined;
  const report: Partial<InvocationReport> = { requestId };
  for (const [name, key] of Object.entries(TEXT_FIELDS)) {
    const raw = fields.get(name);
    if (raw === undefined) continue;
    const value = Number.parseFloat(raw);
    if (Number.isNaN(value)) throw new Error(`REPORT field '${name}' is not a number: '${raw}'`);
    (report as Record<string, number>)[key] = value;
  }
  const status = fields.get("Status");
  if (status) report.status = status;
  return complete(report, line);
}

function parseJsonReport(line: string): InvocationReport | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  const doc = parsed as { type?: string; record?: { requestId?: string; status?: string; metrics?: Record<string, number>; tracing?: { value?: string } } };
  if (doc.type !== "platform.report" || !doc.record?.requestId || !doc.record.metrics) return undefined;
  const m = doc.record.metrics;
  const report: Partial<InvocationReport> = {
    requestId: doc.record.requestId,
    durationMs: m["durationMs"],
    billedDurationMs: m["billedDurationMs"],
    memorySizeMb: m["memorySizeMB"],
    maxMemoryUsedMb: m["maxMemoryUsedMB"],
  };
  if (m["initDurationMs"] !== undefined) report.initDurationMs = m["initDurationMs"];
  if (m["restoreDurationMs"] !== undefined) report.restoreDurationMs = m["restoreDurationMs"];
  if (m["billedRestoreDurationMs"] !== undefined) report.billedRestoreDurationMs = m["billedRestoreDurationMs"];
  if (doc.record.status && doc.record.status !== "success") report.status = doc.record.status;
  const trace = doc.record.tracing?.value?.match(/Root=([^;]+)/);
  if (trace) report.xrayTraceId = trace[1];
  return complete(report, line);
}

function complete(report: Partial<InvocationReport>, line: string): InvocationReport {
  for (const key of ["durationMs", "billedDurationMs", "memorySizeMb", "maxMemoryUsedMb"] as const) {
    if (typeof report[key] !== "number") throw new Error(`report without ${key}: ${line}`);
  }
  return report as InvocationReport;
}
