import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { measureColdStarts } from "./coldstarts.js";
import { markdownTable, summarizeColdStarts } from "./table.js";
import { comparisonTable, TRUST_STORE_VARIANTS } from "./trustStore.js";

const usage = `Usage: npm run coldstarts -- --function <name|arn> [--function ...] [--runs 20] [--event events/get-state.json]
                             [--api-key-id <id>] [--tracking-id <id>] [--region us-west-2] [--compare-trust-store]
Each run changes the COLD_START_NONCE environment variable (restored at the end), so it is a cold start.
--compare-trust-store: each run is two cold starts, one with the trimmed trust store (SSL_CERT_FILE = the Amazon
roots in the zip, SSL_CERT_DIR = a missing directory) and one with the OS store (both variables removed),
interleaved; prints both and what the trimmed store saves.
Credentials and region come from the usual AWS SDK sources (AWS_PROFILE, AWS_REGION, ...).`;

const { values } = parseArgs({
  options: {
    function: { type: "string", multiple: true },
    runs: { type: "string", default: "20" },
    event: { type: "string", default: fileURLToPath(new URL("../../events/get-state.json", import.meta.url)) },
    "api-key-id": { type: "string" },
    "tracking-id": { type: "string", default: "PKG-PERF-0001" },
    region: { type: "string" },
    "compare-trust-store": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

const functions = values.function ?? [];
const runs = Number.parseInt(values.runs!, 10);
if (values.help || functions.length === 0 || !(runs >= 1)) {
  console.log(usage);
  process.exit(values.help ? 0 : 64);
}

let template = readFileSync(values.event!, "utf8").replaceAll("{{trackingId}}", values["tracking-id"]!);
if (values["api-key-id"]) template = template.replaceAll("{{apiKeyId}}", values["api-key-id"]);
if (template.includes("{{apiKeyId}}")) {
  console.error("the event needs an API key id the function knows (API_CLIENTS): pass --api-key-id");
  process.exit(64);
}

const client = new LambdaClient(values.region ? { region: values.region } : {});
let failed = false;
for (const functionName of functions) {
  console.log(`\n${functionName}: ${runs} forced cold starts`);
  const variants = values["compare-trust-store"] ? TRUST_STORE_VARIANTS : undefined;
  const results = await measureColdStarts(client, { functionName, runs, eventTemplate: template, variants, log: (l) => console.log(`  ${l}`) });
  const errors = results.filter((r) => r.functionError || (r.statusCode ?? 500) >= 500);
  if (results.length === 0) {
    console.error(`${functionName}: no cold start measured`);
    failed = true;
    continue;
  }
  const byVariant = [...new Set(results.map((r) => r.variant))].map((name) => ({
    name,
    rows: summarizeColdStarts(results.filter((r) => r.variant === name).map((r) => r.report)),
  }));
  for (const v of byVariant) {
    console.log();
    console.log(markdownTable(byVariant.length > 1 ? `${functionName}, ${v.name}` : functionName, v.rows));
  }
  if (byVariant.length === 2) {
    console.log();
    console.log(comparisonTable(byVariant[0]!, byVariant[1]!));
  }
  if (errors.length > 0) {
    console.error(`${functionName}: ${errors.length} of ${results.length} invocations failed (FunctionError or HTTP 5xx): numbers include them`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
