import { test } from "node:test";
import assert from "node:assert/strict";
import { parseReport } from "../src/report.js";

// Real-format lines: tab-separated fields, a trailing tab, as CloudWatch Logs and Invoke's LogResult carry them.
const COLD = "REPORT RequestId: 5f7b4a1e-6c4d-4a8e-9d1b-2b3c4d5e6f70\tDuration: 18.73 ms\tBilled Duration: 66 ms\tMemory Size: 512 MB\tMax Memory Used: 31 MB\tInit Duration: 46.52 ms\t";
const WARM = "REPORT RequestId: 0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9\tDuration: 3.21 ms\tBilled Duration: 4 ms\tMemory Size: 512 MB\tMax Memory Used: 32 MB\t";

test("ColdStartReportHasInitDuration", () => {
  const report = parseReport(COLD);
  assert.deepEqual(report, {
    requestId: "5f7b4a1e-6c4d-4a8e-9d1b-2b3c4d5e6f70",
    durationMs: 18.73,
    billedDurationMs: 66,
    memorySizeMb: 512,
    maxMemoryUsedMb: 31,
    initDurationMs: 46.52,
  });
});

test("WarmReportHasNoInitDuration", () => {
  const report = parseReport(WARM);
  assert.equal(report?.durationMs, 3.21);
  assert.equal(report?.initDurationMs, undefined);
});

test("XrayTraceLineAfterTheReportIsReadAsItsTrace", () => {
  const tail = `${COLD}\nXRAY TraceId: 1-6740c8a2-3f1e5b7c9d2a4e6f8b0c1d2e\tSegmentId: 4b9e2c7a1d3f5e60\tSampled: true\t\n`;
  const report = parseReport(tail);
  assert.equal(report?.xrayTraceId, "1-6740c8a2-3f1e5b7c9d2a4e6f8b0c1d2e");
  assert.equal(report?.initDurationMs, 46.52);
});

test("SnapStartReportHasRestoreDurationInsteadOfInit", () => {
  const line = "REPORT RequestId: 9c8b7a6f-5e4d-4c3b-a2a1-908f7e6d5c4b\tDuration: 52.07 ms\tBilled Duration: 297 ms\tMemory Size: 1024 MB\tMax Memory Used: 131 MB\tRestore Duration: 244.18 ms\tBilled Restore Duration: 244 ms\t";
  const report = parseReport(line);
  assert.equal(report?.restoreDurationMs, 244.18);
  assert.equal(report?.billedRestoreDurationMs, 244);
  assert.equal(report?.initDurationMs, undefined);
  assert.equal(report?.memorySizeMb, 1024);
});

test("ReportIsFoundInAWholeLogTailWithOtherLines", () => {
  const tail = [
    "INIT_START Runtime Version: provided:al2023.v89\tRuntime Version ARN: arn:aws:lambda:us-west-2::runtime:0123456789abcdef",
    "START RequestId: 5f7b4a1e-6c4d-4a8e-9d1b-2b3c4d5e6f70 Version: $LATEST",
    '{"_aws":{"Timestamp":1767225600000,"CloudWatchMetrics":[]},"Service":"query","Latency":1.2,"statusCode":200}',
    "END RequestId: 5f7b4a1e-6c4d-4a8e-9d1b-2b3c4d5e6f70",
    COLD,
    "",
  ].join("\n");
  assert.equal(parseReport(tail)?.requestId, "5f7b4a1e-6c4d-4a8e-9d1b-2b3c4d5e6f70");
});

test("TimedOutInvocationKeepsItsStatus", () => {
  const line = "REPORT RequestId: 11111111-2222-4333-8444-555555555555\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 61.90 ms\tStatus: timeout";
  const report = parseReport(line);
  assert.equal(report?.status, "timeout");
  assert.equal(report?.durationMs, 3000);
});

test("JsonLogFormatPlatformReportIsParsed", () => {
  const line = JSON.stringify({
    time: "2026-01-01T00:00:00.123Z",
    type: "platform.report",
    record: {
      requestId: "6f7e8d9c-0b1a-4c2d-8e3f-4a5b6c7d8e9f",
      metrics: { durationMs: 17.4, billedDurationMs: 63, memorySizeMB: 512, maxMemoryUsedMB: 30, initDurationMs: 45.1 },
      tracing: { spanId: "54565fb41ac79632", type: "X-Amzn-Trace-Id", value: "Root=1-6740c8a2-3f1e5b7c9d2a4e6f8b0c1d2e;Parent=54565fb41ac79632;Sampled=0" },
      status: "success",
    },
  });
  const report = parseReport(line);
  assert.equal(report?.initDurationMs, 45.1);
  assert.equal(report?.billedDurationMs, 63);
  assert.equal(report?.xrayTraceId, "1-6740c8a2-3f1e5b7c9d2a4e6f8b0c1d2e");
  assert.equal(report?.status, undefined);
});

test("TailWithoutReportGivesNothing", () => {
  assert.equal(parseReport("START RequestId: abc Version: $LATEST\nEND RequestId: abc\n"), undefined);
});

test("ReportMissingARequiredFieldIsAnError", () => {
  assert.throws(() => parseReport("REPORT RequestId: abc\tDuration: 1.00 ms\t"), /billedDurationMs/);
});
