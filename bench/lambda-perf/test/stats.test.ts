import { test } from "node:test";
import assert from "node:assert/strict";
import { percentile } from "../src/stats.js";
import { summarizeColdStarts } from "../src/table.js";
import { renderEvent } from "../src/coldstarts.js";

test("PercentileIsNearestRankOfMeasuredValues", () => {
  const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  assert.equal(percentile(values, 50), 5);
  assert.equal(percentile(values, 90), 9);
  assert.equal(percentile(values, 100), 10);
  assert.equal(percentile([42], 90), 42);
});

test("PercentileOfNothingIsAnError", () => {
  assert.throws(() => percentile([], 50));
});

test("ColdEndToEndIsInitPlusDurationPerRun", () => {
  const rows = summarizeColdStarts([
    { requestId: "a", durationMs: 20, billedDurationMs: 70, memorySizeMb: 512, maxMemoryUsedMb: 31, initDurationMs: 50 },
    { requestId: "b", durationMs: 10, billedDurationMs: 55, memorySizeMb: 512, maxMemoryUsedMb: 30, initDurationMs: 44 },
  ]);
  const total = rows.find((r) => r.metric === "Init + Duration (ms)");
  assert.deepEqual([total?.min, total?.max], [54, 70]);
  assert.equal(rows.some((r) => r.metric === "Restore Duration (ms)"), false);
});

test("EventTemplateGetsANewIdAndTheTimeEachRun", () => {
  const out = renderEvent('{"requestId":"{{uuid}}","body":"{\\"timestamp\\":\\"{{now}}\\"}"}', new Date("2026-01-01T00:00:00Z"), "id-1");
  assert.equal(out, '{"requestId":"id-1","body":"{\\"timestamp\\":\\"2026-01-01T00:00:00.000Z\\"}"}');
});
