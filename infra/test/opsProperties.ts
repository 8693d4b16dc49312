import * as assert from "node:assert/strict";
import * as fs from "fs";
import { before, describe, test } from "node:test";
import * as os from "os";
import * as path from "path";
import * as fc from "fast-check";
import { evaluate } from "./expressions";
import { loadApiDefinition } from "../src/definitions";
import { DeclaredResource, dependsOn, Graph, ofType, one, project, rejectedStack, repoDir, runStack } from "./harness";

// Operations readiness, checked on every stack's resource graph: tracing, the SLO's burn-rate alarms and their math,
// the customer's alarms, the dashboard, log groups, preview without zips, another region, backup copy, canary.
// Expected values come from the stack's YAML, the numbers and CloudWatch's documented limits.

const apiJson = loadApiDefinition();
const xray = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

/** SRE workbook pairs: [long window s, short window s, burn rate, severity]. */
const workbook: [number, number, number, string][] = [[3600, 300, 14.4, "page"], [21600, 1800, 6, "page"], [259200, 21600, 1, "ticket"]];

function queriesOf(a: DeclaredResource): any[] {
    return a.inputs.metricQueries ?? [];
}

/** Values for an SLI alarm's inputs, keyed by query id, from what API Gateway would report over one window. */
function sliValues(a: DeclaredResource, total: number, errors: number, fastPercent: number): Record<string, number> {
    const byMetric: Record<string, number> = { Count: total, "5XXError": errors, Latency: fastPercent };
    return Object.fromEntries(queriesOf(a).filter((q) => q.metric).map((q) => [q.id, byMetric[q.metric.metricName]]));
}

function returned(a: DeclaredResource): string {
    const out = queriesOf(a).filter((q) => q.returnData);
    assert.equal(out.length, 1, `${a.name}: one returned expression`);
    return out[0].expression;
}

export function defineOpsTests(stack: string): void {
    describe(`stack ${stack}: operations`, () => {
        let graph: Graph;
        let east: Graph;
        let preview: Graph;
        let cfg: (key: string) => any;
        const prefix = `${project}-${stack}`;
        const alarmsNamed = (g: Graph, part: string) => ofType(g, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.name.includes(part));

        before(async () => {
            graph = await runStack(stack);
            cfg = (key) => graph.config[`${project}:${key}`];
            const backup = cfg("table").backup;
            east = await runStack(stack, {
                "aws:region": "us-east-1",
                ...(backup?.copyToRegion ? { [`${project}:table`]: { ...cfg("table"), backup: { ...backup, copyToRegion: "us-west-2" } } } : {}),
            });
            preview = await runStack(stack, { [`${project}:artifactsDir`]: path.join(os.tmpdir(), "tracking-never-built") }, { preview: true });
        });

        test("X-Ray active tracing is on for every function and the stage, and each function role may write traces", () => {
            for (const fn of [...Object.keys(apiJson.functions), "retry"]) {
                const f = one(graph, "aws:lambda/function:Function", fn);
                assert.deepEqual(f.inputs.tracingConfig, { mode: "Active" }, fn);
                // The role's own policy: others (the retry queue's SQS grant on ingest) may sit beside it.
                const policy = ofType(graph, "aws:iam/rolePolicy:RolePolicy")
                    .filter((p) => f.inputs.role.endsWith(`/${p.inputs.role.replace(/-id$/, "")}`))
                    .find((p) => p.inputs.policy.includes("xray:"))!;
                assert.ok(policy, `${fn}: a policy granting X-Ray`);
                const statements: { Action: string[]; Resource: string[] }[] = JSON.parse(policy.inputs.policy).Statement;
                assert.deepEqual(statements.filter((s) => s.Action.some((a) => a.startsWith("xray:"))).map((s) => [s.Action.sort(), s.Resource]), [[[...xray].sort(), ["*"]]]);
                assert.ok(dependsOn(f, policy), `${fn} waits for its policy (Lambda checks the X-Ray permission)`);
            }
            assert.equal(one(graph, "aws:apigateway/stage:Stage").inputs.xrayTracingEnabled, true);
        });

        test("burn-rate alarms use the workbook's windows and rates, fit CloudWatch's limits and notify only through composites", () => {
            const windows = alarmsNamed(graph, "-slo-burn-");
            const expected = new Set(workbook.flatMap(([long, short, rate]) => [`${long}:${rate}`, `${short}:${rate}`]));
            assert.deepEqual(new Set(windows.map((a) => `${queriesOf(a).find((q) => q.metric).metric.period}:${a.inputs.threshold}`)), expected);
            for (const a of windows) {
                const period = queriesOf(a).find((q) => q.metric).metric.period;
                const range = period * a.inputs.evaluationPeriods;
                assert.ok(period % 60 === 0 && range <= (period < 3600 ? 86400 : 604800), `${a.inputs.name}: ${period} s × ${a.inputs.evaluationPeriods} fits CloudWatch`);
                assert.equal(a.inputs.alarmActions, undefined, `${a.inputs.name} notifies nobody itself`);
                const stats = queriesOf(a).filter((q) => q.metric).map((q) => `${q.metric.namespace} ${q.metric.metricName} ${q.metric.stat}`).sort();
                assert.deepEqual(stats, ["AWS/ApiGateway 5XXError Sum", "AWS/ApiGateway Count Sum", `AWS/ApiGateway Latency PR(0:${cfg("slo")?.latencyThresholdMs ?? 1000})`]);
                for (const q of queriesOf(a).filter((q) => q.metric)) assert.deepEqual(q.metric.dimensions, { ApiName: prefix, Stage: cfg("api").stageName ?? stack });
            }
            const composites = ofType(graph, "aws:cloudwatch/compositeAlarm:CompositeAlarm");
            const topics = Object.fromEntries(["monitoring", "monitoring-tickets"].map((n) => [n, one(graph, "aws:sns/topic:Topic", n).state.arn]));
            const bySeverity = { page: `${prefix}-slo-fast-burn`, ticket: `${prefix}-slo-slow-burn` };
            for (const [severity, name] of Object.entries(bySeverity)) {
                const c = composites.find((x) => x.inputs.alarmName === name)!;
                assert.ok(c, name);
                assert.deepEqual(c.inputs.alarmActions, [severity === "page" ? topics.monitoring : topics["monitoring-tickets"]]);
                const pairs = workbook.filter((w) => w[3] === severity).map(([long, short, rate]) => {
                    const nameFor = (s: number) => windows.find((a) => a.inputs.threshold === rate && queriesOf(a).find((q) => q.metric).metric.period === s)!.inputs.name;
                    return `(ALARM("${nameFor(long)}") AND ALARM("${nameFor(short)}"))`;
                });
                assert.equal(c.inputs.alarmRule, pairs.join(" OR "));
            }
        });

        test("the burn rate is (5xx + slow requests, counted once) / requests / error budget, for any traffic", () => {
            const budget = (100 - (cfg("slo")?.availabilityPercent ?? 99.9)) / 100;
            const a = alarmsNamed(graph, "-slo-burn-")[0];
            fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (total, errorShare, fast) => {
                const errors = Math.floor(total * errorShare);
                const bad = Math.min(total, errors + (total * (100 - fast)) / 100);
                const burn = evaluate(returned(a), sliValues(a, total, errors, fast));
                assert.ok(Math.abs(burn - bad / total / budget) <= 1e-6 * Math.max(1, burn), `${total}/${errors}/${fast}: ${burn}`);
            }));
            assert.equal(evaluate(returned(a), sliValues(a, 0, 0, 100)), 0, "no traffic burns nothing");
            // 1.5% of requests failing is just above the 14.4x page line (1.44%); 1.4% is just below.
            assert.ok(evaluate(returned(a), sliValues(a, 1000, 15, 100)) > 14.4);
            assert.ok(evaluate(returned(a), sliValues(a, 1000, 14, 100)) < 14.4);
        });

        test("the customer's alarms: 5xx rate above the stack's limit (at most 5%), failures, latency near the timeout", () => {
            const rate = one(graph, "aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-api-5xx-rate");
            const limit = cfg("monitoring").fiveXxRatePercent;
            assert.ok(limit <= 5, "never laxer than the customer's 5%");
            assert.equal(rate.inputs.threshold, limit);
            const values = (errors: number, requests: number) => Object.fromEntries(queriesOf(rate).filter((q) => q.metric).map((q) => [q.id, q.metric.metricName === "Count" ? requests : errors]));
            assert.equal(evaluate(returned(rate), values(6, 100)), 6, "a rate in percent, not a count");
            assert.equal(evaluate(returned(rate), values(6000, 100000)), 6, "the same rate at any volume");
            assert.equal(evaluate(returned(rate), values(0, 0)), 0);
            const near = one(graph, "aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-api-latency-near-timeout").inputs;
            const longest = Math.max(...Object.values<any>(cfg("functions")).map((f) => f.timeoutSeconds * 1000));
            assert.equal(near.namespace, "AWS/ApiGateway");
            assert.equal(near.metricName, "Latency");
            assert.equal(near.statistic, "Maximum");
            assert.equal(near.threshold, Math.round(0.8 * Math.min(29000, longest)));
            assert.equal(one(graph, "aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-api-p99-latency").inputs.threshold, cfg("monitoring").p99LatencyMs);
            for (const fn of Object.keys(apiJson.functions)) assert.equal(alarmsNamed(graph, `-${fn}-lambda-errors`).length, 1, `${fn}: failures (crash, timeout)`);
        });

        test("the dashboard shows success rate, volume, latency, cost per request and per day, DynamoDB capacity and throttles, every alarm", () => {
            const body = JSON.parse(one(graph, "aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
            const widget = (words: RegExp) => {
                const found = body.widgets.filter((w: any) => words.test(w.properties.title));
                assert.equal(found.length, 1, `one widget titled like ${words}`);
                return found[0].properties;
            };
            const expressions = (w: any) => w.metrics.filter((m: any[]) => m[0]?.expression).map((m: any[]) => m[0].expression as string);
            const success = widget(/^Success rate: %/);
            const values = { total: 2000, errors: 1, fast: 99.95 };
            assert.ok(Math.abs(evaluate(expressions(success)[0], values) - (100 - (100 * (1 + 1)) / 2000)) < 1e-9, "success % = 100 - bad share");
            assert.match(JSON.stringify(widget(/^Requests per 5 minutes/).metrics), /"Count"/);
            assert.match(JSON.stringify(widget(/p50 \/ p99 at API Gateway/).metrics), /"p50".*"p99"/);
            const perRequest = widget(/cost per request/);
            assert.equal(evaluate(expressions(perRequest)[0], { cost0: 0.5, requests0: 1000 }), 0.0005);
            assert.match(JSON.stringify(perRequest.metrics), /EstimatedCostUsd/);
            assert.equal(widget(/cost per day/).period, 86400);
            assert.match(JSON.stringify(widget(/DynamoDB capacity used/).metrics), /ConsumedReadCapacityUnits.*ConsumedWriteCapacityUnits/);
            assert.match(JSON.stringify(widget(/DynamoDB throttled/).metrics), /ReadThrottleEvents.*WriteThrottleEvents/);
            const alarmWidget = body.widgets.find((w: any) => w.type === "alarm").properties;
            const allAlarms = [...ofType(graph, "aws:cloudwatch/metricAlarm:MetricAlarm"), ...ofType(graph, "aws:cloudwatch/compositeAlarm:CompositeAlarm")]
                .filter((a) => !(a.inputs.name ?? "").includes("-slo-burn-")).map((a) => a.state.arn);
            assert.deepEqual([...alarmWidget.alarms].sort(), allAlarms.sort());
            assert.equal(body.widgets.filter((w: any) => /^(Retry queue|Dead-letter queue)/.test(w.properties.title)).length, 2, "the retry queue's and the DLQ's widgets");
            assert.equal(body.widgets.some((w: any) => /^Synthetic check from the canary/.test(w.properties.title)), cfg("canary")?.enabled === true);
            for (const w of body.widgets.filter((w: any) => w.type === "metric")) assert.equal(w.properties.region, graph.config["aws:region"]);
        });

        test("every log group has a retention, API Gateway's execution log group included and declared before logging starts", () => {
            const retention = cfg("logRetentionDays");
            for (const g of ofType(graph, "aws:cloudwatch/logGroup:LogGroup")) assert.equal(g.inputs.retentionInDays, retention, g.name);
            const execution = one(graph, "aws:cloudwatch/logGroup:LogGroup", "api-execution");
            assert.equal(execution.inputs.name, `API-Gateway-Execution-Logs_api-id/${cfg("api").stageName ?? stack}`);
            assert.ok(dependsOn(one(graph, "aws:apigateway/methodSettings:MethodSettings"), execution), "method settings (loggingLevel) wait for the group");
            const canaries = ofType(graph, "aws:synthetics/canary:Canary");
            for (const c of canaries) {
                const group = one(graph, "aws:cloudwatch/logGroup:LogGroup", "canary-logs");
                assert.equal(group.inputs.name, `/aws/lambda/${c.state.engineArn.split(":")[6]}`);
            }
        });

        test("the account's API Gateway CloudWatch role is declared exactly when this stack owns it, and the stage waits for it", () => {
            const owns = cfg("api").manageAccountLogging === true;
            const accounts = ofType(graph, "aws:apigateway/account:Account");
            assert.equal(accounts.length, owns ? 1 : 0);
            if (!owns) return;
            assert.ok(dependsOn(one(graph, "aws:apigateway/stage:Stage"), accounts[0]));
            // Moved out of the API component: aliases keep them the same resources on stacks deployed before.
            const formerParent = `urn:pulumi:${stack}::${project}::tracking:api:TrackingApi::api`;
            const role = one(graph, "aws:iam/role:Role", "api-account-cloudwatch");
            for (const [r, former] of [[accounts[0], "api"], [role, "api-cloudwatch"]] as const) {
                assert.deepEqual(r.aliases, [{ name: former, parentUrn: formerParent }], r.name);
            }
        });

        test("a preview without the built zips declares every function with a placeholder archive", async () => {
            assert.equal(preview.resources.length, graph.resources.length, "the same resources as an update");
            for (const fn of Object.keys(apiJson.functions)) {
                const code = one(preview, "aws:lambda/function:Function", fn).inputs.code;
                const assets = await code.assets;
                assert.deepEqual(Object.keys(assets), ["bootstrap"], `${fn}: placeholder archive`);
                assert.match(await assets.bootstrap.text, /placeholder: run scripts\/build-lambdas\.sh/);
            }
            const { error } = await rejectedStack(stack, { [`${project}:artifactsDir`]: path.join(os.tmpdir(), "tracking-never-built") });
            assert.match(error.message, /\.zip is missing: run scripts\/build-lambdas\.sh/, "an update still needs the real zips");
        });

        test("the same config deploys to us-east-1: every region-bearing value follows the stack's region", () => {
            const text = JSON.stringify(east.resources.map((r) => ({ ...r.inputs, dependencies: undefined })));
            const copyVaults = ofType(east, "aws:backup/vault:Vault").filter((v) => v.inputs.region);
            const withoutCopy = text.split(copyVaults[0]?.state.arn ?? "\u0000").join("");
            assert.doesNotMatch(withoutCopy.replace(/"region":"us-west-2"/g, ""), /us-west-2/, "nothing left in us-west-2 but the backup copy");
            assert.match(one(east, "aws:dynamodb/table:Table").state.arn, /:us-east-1:/);
            const body = JSON.parse(one(east, "aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
            assert.ok(body.widgets.filter((w: any) => w.type === "metric").every((w: any) => w.properties.region === "us-east-1"));
            assert.equal(east.resources.length, graph.resources.length);
        });

        test("backups (when on) run daily and are copied by AWS Backup to a vault in another region", () => {
            const backup = cfg("table").backup;
            const plans = ofType(graph, "aws:backup/plan:Plan");
            if (!backup?.enabled) {
                assert.equal(plans.length + ofType(graph, "aws:backup/vault:Vault").length, 0);
                return;
            }
            const rule = one(graph, "aws:backup/plan:Plan").inputs.rules[0];
            const copyVault = ofType(graph, "aws:backup/vault:Vault").find((v) => v.inputs.region)!;
            assert.equal(copyVault.inputs.region, backup.copyToRegion);
            assert.notEqual(copyVault.inputs.region, graph.config["aws:region"]);
            assert.deepEqual(rule.copyActions, [{ destinationVaultArn: copyVault.state.arn, lifecycle: { deleteAfter: backup.copyDeleteAfterDays ?? backup.deleteAfterDays } }]);
            assert.equal(alarmsNamed(graph, "-backup-failed").length, 1, "a failed backup or copy alarms");
        });

        test("the synthetic canary (prod) calls the API with its own key and usage plan, with a least-privilege role and an alarm", async () => {
            const canaries = ofType(graph, "aws:synthetics/canary:Canary");
            if (!cfg("canary")?.enabled) {
                assert.equal(canaries.length, 0);
                return;
            }
            const c = canaries[0].inputs;
            assert.equal(c.schedule.expression, `rate(${cfg("canary").scheduleMinutes} minutes)`);
            const env = c.runConfig.environmentVariables;
            assert.equal(env.PROBE_URL, `${one(graph, "aws:apigateway/stage:Stage").state.invokeUrl}/v1/tracking/CANARY-PROBE-0001`);
            const key = one(graph, "aws:apigateway/apiKey:ApiKey", "clients-synthetic-canary");
            const parameter = one(graph, "aws:ssm/parameter:Parameter");
            assert.equal(parameter.inputs.type, "SecureString");
            assert.equal(env.PROBE_KEY_PARAMETER, parameter.inputs.name);
            assert.ok(!JSON.stringify(c).includes(key.state.value), "the key value is not in the canary's configuration");
            const link = one(graph, "aws:apigateway/usagePlanKey:UsagePlanKey", "api-synthetic-canary");
            assert.equal(link.inputs.keyId, `${key.name}-id`);
            const code = one(graph, "aws:s3/bucketObjectv2:BucketObjectv2");
            assert.deepEqual(Object.keys(await code.inputs.source.assets), ["nodejs/node_modules/apiProbe.js"]);
            assert.equal(c.s3Key, code.inputs.key);
            const policy = JSON.parse(ofType(graph, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "canary")!.inputs.policy);
            for (const s of policy.Statement) {
                for (const r of s.Resource) {
                    const unscoped = ["s3:ListAllMyBuckets", "cloudwatch:PutMetricData", ...xray];
                    assert.ok(r !== "*" || s.Action.every((a: string) => unscoped.includes(a)), `"*" only where AWS has no narrower resource: ${s.Action}`);
                }
            }
            assert.deepEqual(policy.Statement.find((s: any) => s.Action.includes("cloudwatch:PutMetricData")).Condition, { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } });
            assert.ok(!JSON.stringify(policy).includes("logs:CreateLogGroup"), "the canary cannot create an unmanaged log group");
            const alarm = one(graph, "aws:cloudwatch/metricAlarm:MetricAlarm", "canary-failing").inputs;
            assert.equal(alarm.metricName, "SuccessPercent");
            assert.equal(alarm.treatMissingData, "breaching", "a canary that stops running alarms");
            assert.deepEqual(alarm.alarmActions, [one(graph, "aws:sns/topic:Topic", "monitoring").state.arn]);
        });

        test("every alarm that notifies someone has its own section in the runbook", () => {
            const headings = fs.readFileSync(path.join(repoDir, "docs/runbook.md"), "utf8").split("\n").filter((l) => l.startsWith("### "));
            const notifying = [
                ...ofType(graph, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.alarmActions).map((a) => a.inputs.name as string),
                ...ofType(graph, "aws:cloudwatch/compositeAlarm:CompositeAlarm").map((a) => a.inputs.alarmName as string),
            ];
            for (const name of notifying) {
                const suffix = name.slice(`${prefix}-`.length);
                assert.ok(headings.some((h) => h.includes(`\`…-${suffix}\``)), `runbook section for …-${suffix}`);
            }
        });

        test("the API's permission on a warm function's alias waits for the alias", () => {
            for (const fn of Object.keys(apiJson.functions)) {
                const permission = one(graph, "aws:lambda/permission:Permission", `api-invoke-${fn}`);
                const aliases = ofType(graph, "aws:lambda/alias:Alias").filter((a) => a.name === fn);
                if (aliases.length === 0) continue;
                assert.equal(permission.inputs.qualifier, "live");
                assert.ok(dependsOn(permission, aliases[0]), `${fn}: permission depends on the alias`);
            }
        });
    });
}
