import { randomUUID } from "node:crypto";
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import { parseReport, type InvocationReport } from "./report.js";
import { AS_DEPLOYED, type Variant } from "./trustStore.js";

/** Environment variable changed before each invocation: any configuration change retires the warm environments. */
export const NONCE_VARIABLE = "COLD_START_NONCE";

export interface ColdStartOptions {
  functionName: string;
  runs: number;
  /** The API Gateway proxy event (payload 1.0) template; {{uuid}} and {{now}} are filled in per run. */
  eventTemplate: string;
  log: (line: string) => void;
  /** Environments to compare, interleaved run by run (so a slow hour of the region hits each alike); default: as deployed. */
  variants?: readonly Variant[];
}

export interface ColdStartRun {
  variant: string;
  report: InvocationReport;
  statusCode?: number;
  functionError?: string;
}

/** Fills the template: a new id and the current time each run, so POSTs are new events and never duplicates. */
export function renderEvent(template: string, now = new Date(), uuid: string = randomUUID()): string {
  return template.replaceAll("{{uuid}}", uuid).replaceAll("{{now}}", now.toISOString());
}

/**
 * For each run and each variant: set the variant's environment plus COLD_START_NONCE, wait until the update is done,
 * invoke $LATEST once with LogType=Tail and read its REPORT line. A report without Init/Restore Duration was not a
 * cold start (e.g. the update had not propagated) and is reported and skipped. The original environment is restored.
 */
export async function measureColdStarts(client: LambdaClient, options: ColdStartOptions): Promise<ColdStartRun[]> {
  const { functionName, runs, log } = options;
  const original = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  const variables = { ...(original.Environment?.Variables ?? {}) };
  const results: ColdStartRun[] = [];
  try {
    const variants = options.variants ?? [AS_DEPLOYED];
    for (let step = 0; step < runs * variants.length; step++) {
      const run = Math.floor(step / variants.length) + 1;
      const variant = variants[step % variants.length]!;
      await client.send(new UpdateFunctionConfigurationCommand({
        FunctionName: functionName,
        Environment: { Variables: { ...variant.variables(variables), [NONCE_VARIABLE]: `${Date.now()}-${step}` } },
      }));
      await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 300 }, { FunctionName: functionName });

      const response = await client.send(new InvokeCommand({
        FunctionName: functionName,
        InvocationType: "RequestResponse",
        LogType: "Tail",
        Payload: Buffer.from(renderEvent(options.eventTemplate)),
      }));
      const tail = Buffer.from(response.LogResult ?? "", "base64").toString("utf8");
      const report = parseReport(tail);
      if (!report) {
        log(`run ${run}: no REPORT line in the log tail; skipped`);
        continue;
      }
      const statusCode = proxyStatus(response.Payload);
      if (report.initDurationMs === undefined && report.restoreDurationMs === undefined) {
        log(`run ${run}: not a cold start (no Init Duration); skipped`);
        continue;
      }
      results.push({ variant: variant.name, report, statusCode, functionError: response.FunctionError });
      log(`run ${run}/${runs}${variants.length > 1 ? ` (${variant.name})` : ""}: init ${report.initDurationMs ?? report.restoreDurationMs} ms, duration ${report.durationMs} ms, ` +
        `max memory ${report.maxMemoryUsedMb} MB, HTTP ${statusCode ?? "?"}${response.FunctionError ? `, FunctionError ${response.FunctionError}` : ""}`);
    }
  } finally {
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: variables } }));
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 300 }, { FunctionName: functionName });
  }
  return results;
}

function proxyStatus(payload: Uint8Array | undefined): number | undefined {
  if (!payload) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload).toString("utf8")) as { statusCode?: unknown };
    return typeof parsed.statusCode === "number" ? parsed.statusCode : undefined;
  } catch {
    return undefined;
  }
}
