import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { measureColdStarts } from "./coldstarts.js";
import { markdownTable, summarizeColdStarts } from "./table.js";

const usage = `Usage: npm run coldstarts -- --function <name|arn> [--function ...] [--runs 20] [--event events/get-state.json]
                             [--api-key-id <id>] [--tracking-id <id>] [--region us-west-2]
Each run changes the COLD_START_NONCE environment variable (restored at the end), so it is a cold start.
Credentials and region come from the usual AWS SDK sources (AWS_PROFILE, AWS_REGION, ...).`;

const { values } = parseArgs({
  options: {
    function: { type: "string", multiple: true },
    runs: { type: "string", default: "20" },
    event: { type: "string", default: fileURLToPath(new URL("../../events/get-state.json", import.meta.url)) },
    "api-key-id": { type: "string" },
    "tracking-id": { type: "string", default: "PKG-PERF-0001" },
    region: { type: "string" },
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
  const results = await measureColdStarts(client, { functionName, runs, eventTemplate: template, log: (l) => console.log(`  ${l}`) });
  const errors = results.filter((r) => r.functionError || (r.statusCode ?? 500) >= 500);
  if (results.length === 0) {
    console.error(`${functionName}: no cold start measured`);
    failed = true;
    continue;
  }
  console.log();
  console.log(markdownTable(functionName, summarizeColdStarts(results.map((r) => r.report))));
  if (errors.length > 0) {
    console.error(`${functionName}: ${errors.length} of ${results.length} invocations failed (FunctionError or HTTP 5xx): numbers include them`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
