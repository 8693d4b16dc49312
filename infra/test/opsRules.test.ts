import * as assert from "node:assert/strict";
import * as fs from "fs";
import { describe, test } from "node:test";
import * as path from "path";
import * as vm from "vm";
import * as fc from "fast-check";
import { canaryEnv, canaryScript } from "../src/canaryScript";
import { dashboardBody, DashboardInput } from "../src/components/dashboard";
import { alarmWindowProblem, burnRateRules, nearTimeoutMs } from "../src/slo";
import { infraDir, project, repoDir, stackYaml } from "./harness";

// Rules across stacks (who owns the account's API Gateway settings), CloudWatch's alarm limits, the dashboard's
// retry-queue hook, and the canary's script run offline against fake answers.

interface StackPlacement {
    stack: string;
    accounts: string[];
    region: string;
    ownsAccountLogging: boolean;
}

function placements(): StackPlacement[] {
    return fs.readdirSync(infraDir).filter((f) => /^Pulumi\.[\w-]+\.yaml$/.test(f)).map((f) => {
        const stack = f.slice("Pulumi.".length, -".yaml".length);
        const config = stackYaml(stack);
        return {
            stack,
            accounts: config["aws:allowedAccountIds"] ?? [],
            region: config["aws:region"] ?? "us-west-2",
            ownsAccountLogging: config[`${project}:api`]?.manageAccountLogging === true,
        };
    });
}

/** Problems with the account-settings ownership: each account+region with a stack needs exactly one owner. */
function ownershipProblems(stacks: StackPlacement[]): string[] {
    const groups = new Map<string, StackPlacement[]>();
    for (const s of stacks) {
        if (s.accounts.length !== 1) return [`${s.stack}: aws:allowedAccountIds must name exactly one account`];
        const key = `${s.accounts[0]}/${s.region}`;
        groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const problems: string[] = [];
    for (const [key, members] of groups) {
        const owners = members.filter((s) => s.ownsAccountLogging).map((s) => s.stack);
        if (owners.length !== 1) problems.push(`${key}: ${owners.length} stacks own API Gateway's account settings (${owners.join(", ") || "none"}); exactly one must`);
    }
    return problems;
}

describe("account-level API Gateway settings", () => {
    test("every account and region our stacks deploy to has exactly one owning stack", () => {
        const stacks = placements();
        assert.ok(stacks.length >= 3);
        assert.deepEqual(ownershipProblems(stacks), []);
    });

    test("the rule fails for any layout where two stacks in one account and region both own the settings", () => {
        const stack = fc.record({ account: fc.constantFrom("111111111111", "222222222222"), region: fc.constantFrom("us-west-2", "us-east-1"), owns: fc.boolean() });
        fc.assert(fc.property(fc.array(stack, { minLength: 1, maxLength: 6 }), (layout) => {
            const stacks = layout.map((s, i) => ({ stack: `s${i}`, accounts: [s.account], region: s.region, ownsAccountLogging: s.owns }));
            const owners = new Map<string, number>();
            for (const s of stacks) owners.set(`${s.accounts[0]}/${s.region}`, (owners.get(`${s.accounts[0]}/${s.region}`) ?? 0) + (s.ownsAccountLogging ? 1 : 0));
            const valid = [...owners.values()].every((n) => n === 1);
            assert.equal(ownershipProblems(stacks).length === 0, valid);
        }));
    });
});

describe("CloudWatch alarm windows", () => {
    test("a window is accepted exactly when CloudWatch accepts it (1 day under 1 h periods, else 7 days)", () => {
        fc.assert(fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 300 }), (minutes, periods) => {
            const seconds = minutes * 60;
            const ok = seconds * periods <= (seconds < 3600 ? 86400 : 604800);
            assert.equal(alarmWindowProblem(seconds, periods) === undefined, ok);
        }));
        assert.match(alarmWindowProblem(45, 1)!, /not 10, 20, 30 or a multiple of 60/);
    });

    test("every burn-rate window fits in one alarm period", () => {
        for (const r of burnRateRules) {
            assert.equal(alarmWindowProblem(r.longWindowSeconds, 1), undefined);
            assert.equal(alarmWindowProblem(r.shortWindowSeconds, 1), undefined);
        }
    });

    test("the near-timeout threshold is 80% of the first limit a request hits", () => {
        assert.equal(nearTimeoutMs([10, 5]), 8000);
        assert.equal(nearTimeoutMs([29]), 23200);
        fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 900 }), { minLength: 1, maxLength: 4 }), (timeouts) => {
            const t = nearTimeoutMs(timeouts);
            assert.ok(t <= 0.8 * 29000 && t === Math.round(0.8 * Math.min(29000, Math.max(...timeouts) * 1000)));
        }));
    });
});

describe("dashboard hook for the retry queue", () => {
    const input: DashboardInput = {
        region: "us-east-1", metricsNamespace: "PackageTracking", stage: "dev", services: ["ingest"], functionNames: ["f"], tableName: "t",
        globalSecondaryIndexNames: ["by-status"], api: { apiName: "a", stage: "dev" }, slo: { availabilityPercent: 99.9, latencyThresholdMs: 1000 }, alarmArns: [],
    };

    test("queue names add a queue-depth widget and a dead-letter widget on those queues", () => {
        const body = dashboardBody({ ...input, queues: { retryQueueName: "rq", deadLetterQueueName: "dlq" } });
        const titled = (re: RegExp) => body.widgets.filter((w: any) => re.test(w.properties.title)).map((w: any) => JSON.stringify(w.properties.metrics));
        assert.deepEqual(titled(/^Retry queue/).length, 1);
        assert.match(titled(/^Retry queue/)[0], /"ApproximateNumberOfMessagesVisible","QueueName","rq".*"ApproximateAgeOfOldestMessage"/);
        assert.match(titled(/^Dead-letter queue/)[0], /"QueueName","dlq"/);
        assert.equal(dashboardBody(input).widgets.length + 2, body.widgets.length);
    });

    test("widgets another component brings are placed after ours on the same grid, never on top of one", () => {
        const extra = { type: "metric", x: 0, y: 0, width: 12, height: 6, properties: { title: "Retry consumer" } };
        const body = dashboardBody({ ...input, extraWidgets: [extra, extra] });
        const cells = body.widgets.map((w: any) => `${w.x},${w.y}`);
        assert.equal(new Set(cells).size, cells.length, "no two widgets share a cell");
        assert.deepEqual(body.widgets.slice(-2).map((w: any) => w.properties.title), ["Retry consumer", "Retry consumer"]);
    });
});

describe("canary script", () => {
    type Answer = { status: number; type: string; ms: number } | "timeout";

    /** Runs the script's handler with fake https, SSM and logger modules. */
    async function probe(answer: Answer): Promise<{ result?: string; error?: string; keySent?: string }> {
        let keySent: string | undefined;
        const fakeHttps = {
            get(_url: string, options: any, onResponse: (res: any) => void) {
                keySent = options.headers["x-api-key"];
                const handlers: Record<string, (arg?: unknown) => void> = {};
                const req = { on: (event: string, h: (arg?: unknown) => void) => ((handlers[event] = h), req), destroy: (e: Error) => handlers.error?.(e) };
                setImmediate(() => {
                    if (answer === "timeout") return handlers.timeout?.();
                    const resHandlers: Record<string, (arg?: unknown) => void> = {};
                    onResponse({ statusCode: answer.status, headers: { "content-type": answer.type }, on: (e: string, h: () => void) => (resHandlers[e] = h) });
                    resHandlers.data?.("{}");
                    const realNow = Date.now;
                    Date.now = () => realNow() + answer.ms;
                    try { resHandlers.end?.(); } finally { Date.now = realNow; }
                });
                return req;
            },
        };
        const modules: Record<string, unknown> = {
            https: fakeHttps,
            SyntheticsLogger: { info: () => undefined },
            "@aws-sdk/client-ssm": { SSMClient: class { send = async () => ({ Parameter: { Value: "canary-key" } }); }, GetParameterCommand: class {} },
        };
        const module = { exports: {} as any };
        const env = { [canaryEnv.url]: "https://x/v1/tracking/P", [canaryEnv.keyParameter]: "/p", [canaryEnv.latencyObjectiveMs]: "1000" };
        vm.runInNewContext(canaryScript, { require: (m: string) => modules[m], exports: module.exports, module, process: { env }, setImmediate, Date, Number, Error, Promise });
        try {
            return { result: await module.exports.handler(), keySent };
        } catch (e) {
            return { error: (e as Error).message, keySent };
        }
    }

    test("a 200 passes, and the key comes from SSM", async () => {
        assert.deepEqual(await probe({ status: 200, type: "application/json", ms: 20 }), { result: "ok", keySent: "canary-key" });
    });

    test("a 404 problem+json passes (the probe package need not exist)", async () => {
        assert.equal((await probe({ status: 404, type: "application/problem+json", ms: 20 })).result, "ok");
    });

    test("a 5xx, a 403 or a 404 that is not ours fails the run", async () => {
        for (const answer of [{ status: 503, type: "application/problem+json", ms: 5 }, { status: 403, type: "application/json", ms: 5 }, { status: 404, type: "text/html", ms: 5 }]) {
            assert.match((await probe(answer)).error ?? "", new RegExp(`unhealthy answer ${answer.status}`));
        }
    });

    test("an answer slower than the latency objective fails the run", async () => {
        assert.match((await probe({ status: 200, type: "application/json", ms: 1500 })).error ?? "", /over the 1000 ms objective/);
    });

    test("no answer within 10 s fails the run", async () => {
        assert.match((await probe("timeout")).error ?? "", /no answer within 10 s/);
    });
});

describe("runbook and budget caveat", () => {
    test("the budget's tag filter carries the activation caveat, and the runbook checks activation", () => {
        const source = fs.readFileSync(path.join(infraDir, "src/components/costControls.ts"), "utf8");
        const filter = source.indexOf("costFilters:");
        assert.match(source.slice(Math.max(0, filter - 600), filter), /CAVEAT[\s\S]*Cost allocation tags/);
        const runbook = fs.readFileSync(path.join(repoDir, "docs/runbook.md"), "utf8");
        assert.match(runbook, /aws ce list-cost-allocation-tags/);
    });
});
