import * as assert from "node:assert/strict";
import * as path from "path";
import * as os from "os";
import { describe, test } from "node:test";
import { project, rejectedStack, stackYaml } from "./harness";

// A broken Pulumi.<stack>.yaml must stop the program with a message naming the key and the rule,
// before a single resource is declared.

type Mutation = (config: Record<string, any>) => void;

/** The keys a change to the stack's own YAML touches, as overrides for runStack (undefined = removed). */
function changed(stack: string, mutate: Mutation): Record<string, unknown> {
    const original = stackYaml(stack);
    const config = structuredClone(original);
    const get = (key: string) => config[`${project}:${key}`];
    mutate(new Proxy(config, {
        get: (_, key: string) => get(key),
        set: (_, key: string, v) => ((config[`${project}:${key}`] = v), true),
        deleteProperty: (_, key: string) => delete config[`${project}:${key}`],
    }));
    const overrides: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(original), ...Object.keys(config)])) {
        if (JSON.stringify(original[key]) !== JSON.stringify(config[key])) overrides[key] = config[key];
    }
    assert.ok(Object.keys(overrides).length > 0, "the mutation must change the config");
    return overrides;
}

async function expectRejected(stack: string, mutate: Mutation, ...expected: (string | RegExp)[]): Promise<void> {
    const { error, declared } = await rejectedStack(stack, changed(stack, mutate));
    for (const e of expected) {
        if (typeof e === "string") assert.ok(error.message.includes(e), `message should mention "${e}":\n${error.message}`);
        else assert.match(error.message, e);
    }
    assert.equal(declared, 0, "no resource may be declared before the config is valid");
}

describe("bad stack configuration", () => {
    test("negative memory names the key and the allowed range", () =>
        expectRejected("dev", (c) => (c.functions.ingest.memoryMb = -512), "package-tracking:functions.ingest.memoryMb", "between 128 and 10240", "-512"));

    test("a timeout beyond API Gateway's 29 seconds is refused", () =>
        expectRejected("dev", (c) => (c.functions.query.timeoutSeconds = 60), "functions.query.timeoutSeconds", "between 1 and 29"));

    test("a client role that openapi.json does not define is refused", () =>
        expectRejected("staging", (c) => (c.clients[1].role = "superuser"), "package-tracking:clients[1].role", "must be one of the roles in openapi.json: partner, reader, admin, privacy", "superuser"));

    test("prod without a budget email is refused", () =>
        expectRejected("prod", (c) => (c.budget.emails = []), "package-tracking:budget.emails", "in prod"));

    test("prod without an on-call alarm email is refused", () =>
        expectRejected("prod", (c) => delete c.monitoring.alarmEmail, "package-tracking:monitoring.alarmEmail", "required in prod"));

    test("prod without deletion protection is refused", () =>
        expectRejected("prod", (c) => (c.table.deletionProtection = false), "table.deletionProtection", "must be true in prod"));

    test("provisioned concurrency above reserved concurrency is refused", () =>
        expectRejected("dev", (c) => (c.functions.query.provisionedConcurrency = 6), "functions.query.provisionedConcurrency", "must not exceed reservedConcurrency (5)"));

    test("scheduled scaling without provisioned concurrency is refused", () =>
        expectRejected("dev", (c) => (c.functions.ingest.scheduledScaling = { businessHoursConcurrency: 2, offHoursConcurrency: 1 }), "functions.ingest.scheduledScaling", "needs provisionedConcurrency above 0"));

    test("a log retention CloudWatch does not offer is refused", () =>
        expectRejected("dev", (c) => (c.logRetentionDays = 10), "package-tracking:logRetentionDays", "must be one of CloudWatch's retention periods"));

    test("two clients with one name are refused", () =>
        expectRejected("dev", (c) => (c.clients[1].name = c.clients[0].name), "package-tracking:clients", "names must be unique", "dev-partner"));

    test("a misspelt setting is reported instead of silently ignored", () =>
        expectRejected("dev", (c) => (c.table.retentionDay = 3), "package-tracking:table.retentionDay", "is not a known setting"));

    test("a function openapi.json does not define is refused", () =>
        expectRejected("dev", (c) => (c.functions.report = { memoryMb: 128, timeoutSeconds: 3 }), "package-tracking:functions.report", "is not a known setting"));

    test("a missing owner tag value is refused", () =>
        expectRejected("dev", (c) => delete c.owner, "package-tracking:owner", "is required"));

    test("an invalid budget email is refused", () =>
        expectRejected("staging", (c) => (c.budget.emails = ["not-an-address"]), "package-tracking:budget.emails[0]", "an email address"));

    test("an unknown encryption choice is refused", () =>
        expectRejected("dev", (c) => (c.encryption = "aws-managed"), "package-tracking:encryption", '"aws-owned" or "customer-managed"'));

    test("every problem is reported at once", () =>
        expectRejected("prod", (c) => {
            c.functions.ingest.memoryMb = 64;
            c.clients[0].role = "owner";
            c.waf.enabled = "sometimes";
        }, "functions.ingest.memoryMb", "clients[0].role", "waf.enabled"));

    test("prod safeguards follow the production flag, not the stack's name: a flagged dev stack must meet them all", () =>
        expectRejected("dev", (c) => (c.production = true), "table.deletionProtection: must be true in prod", "monitoring.alarmEmail", "budget.emails",
            "table.backup.enabled: must be true in prod", "canary.enabled: must be true in prod"));

    test("prod backups without a copy to another region are refused", () =>
        expectRejected("prod", (c) => delete c.table.backup.copyToRegion, "package-tracking:table.backup.copyToRegion", "is required in prod"));

    test("a backup copy into the stack's own region is refused", () =>
        expectRejected("prod", (c) => (c.table.backup.copyToRegion = "us-west-2"), "table.backup.copyToRegion", "must differ from the stack's region (us-west-2)"));

    test("a 5xx-rate alarm laxer than the customer's 5% is refused", () =>
        expectRejected("dev", (c) => (c.monitoring.fiveXxRatePercent = 6), "monitoring.fiveXxRatePercent", "between 0.01 and 5"));

    test("an SLO latency objective beyond the 29 s integration limit is refused", () =>
        expectRejected("dev", (c) => (c.slo = { latencyThresholdMs: 30000 }), "slo.latencyThresholdMs", "between 50 and 29000"));

    test("a client named like the canary's own client is refused when the canary runs", () =>
        expectRejected("prod", (c) => (c.clients[0].name = "synthetic-canary"), "package-tracking:clients", "synthetic-canary"));

    test("a region that is not an AWS region name is refused", async () => {
        const { error, declared } = await rejectedStack("dev", { "aws:region": "west-coast" });
        assert.match(error.message, /aws:region: must be an AWS region like us-east-1 \(got "west-coast"\)/);
        assert.equal(declared, 0);
    });

    test("an update without the built zips stops before declaring anything and says how to build them", async () => {
        const missing = path.join(os.tmpdir(), "tracking-no-artifacts-here");
        const { error, declared } = await rejectedStack("dev", { [`${project}:artifactsDir`]: missing });
        assert.match(error.message, /ingest\.zip is missing: run scripts\/build-lambdas\.sh/);
        assert.equal(declared, 0);
    });
});
