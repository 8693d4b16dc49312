import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { comparisonTable, TRUST_STORE, TRUST_STORE_VARIANTS } from "../src/trustStore.js";

const deployed = { TABLE_NAME: "t", SSL_CERT_FILE: TRUST_STORE.file, SSL_CERT_DIR: TRUST_STORE.missingDir };

test("TheTrimmedVariantSetsBothVariablesAndKeepsTheRest", () => {
  const trimmed = TRUST_STORE_VARIANTS[0]!.variables({ TABLE_NAME: "t" });
  assert.deepEqual(trimmed, deployed);
});

test("TheDefaultVariantRemovesBothVariablesAndKeepsTheRest", () => {
  const original = { ...deployed };
  assert.deepEqual(TRUST_STORE_VARIANTS[1]!.variables(original), { TABLE_NAME: "t" });
  assert.deepEqual(original, deployed, "the function's own environment object is not changed");
});

test("TheVariablesAreTheOnesInfraDeploys", () => {
  // infra/src/components/trackingFunction.ts is the source; this copy must not drift from it.
  const component = readFileSync(fileURLToPath(new URL("../../../../infra/src/components/trackingFunction.ts", import.meta.url)), "utf8");
  for (const value of Object.values(TRUST_STORE)) assert.ok(component.includes(`"${value}"`), `infra declares ${value}`);
});

test("TheComparisonSaysWhatTheFirstVariantSavesAtP50", () => {
  const row = (metric: string, p50: number) => ({ metric, count: 5, p50, p90: p50 + 10, min: p50, max: p50 + 20 });
  const table = comparisonTable({ name: "trimmed", rows: [row("Init Duration (ms)", 40)] }, { name: "default", rows: [row("Init Duration (ms)", 110.5)] });
  assert.match(table, /\| Init Duration \(ms\) \| 40 \/ 50 \(n=5\) \| 110\.50 \/ 120\.50 \(n=5\) \| 70\.50 \|/);
});
