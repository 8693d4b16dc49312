import * as assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as fc from "fast-check";
import { planApi, rootPath } from "../src/apiPlan";
import { ConfigError, parseStackConfig } from "../src/config";
import { ApiDefinition, apiDefinitionOf, OpenApiDocument } from "../src/definitions";
import { decimal } from "../src/environment";
import { functionPolicy } from "../src/iamPolicy";
import { readRepoJson } from "./harness";

// Property tests for the pure rules under the program: config validation, the API plan, IAM documents.

const context = { project: "package-tracking", stack: "dev", functionNames: ["ingest", "query"], roles: ["partner", "reader", "admin"] };

function validRaw(fn: { memoryMb: unknown; reservedConcurrency?: unknown; provisionedConcurrency?: unknown }): Record<string, string> {
    const settings = { memoryMb: 256, timeoutSeconds: 10 };
    return {
        owner: "platform-team",
        costCenter: "CC-1",
        table: JSON.stringify({ retentionDays: 7 }),
        functions: JSON.stringify({ ingest: { ...settings, ...fn }, query: settings }),
        logRetentionDays: "7",
        eventTypes: JSON.stringify(["status_update"]),
        api: JSON.stringify({ throttlingRateLimit: 10, throttlingBurstLimit: 20 }),
        clients: JSON.stringify([{ name: "acme", role: "partner", rateLimit: 1, burstLimit: 1, monthlyQuota: 1 }]),
        waf: JSON.stringify({ enabled: false }),
        budget: JSON.stringify({ monthlyLimitUsd: 5, emails: [] }),
    };
}

function parse(raw: Record<string, string>) {
    return parseStackConfig({ get: (k) => raw[k] }, context);
}

function problems(raw: Record<string, string>): string[] {
    try {
        parse(raw);
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, `unexpected ${e}`);
        return e.problems;
    }
}

describe("config rules", () => {
    test("memory is accepted exactly when it is an integer from 128 to 10240", () => {
        fc.assert(fc.property(fc.oneof(fc.integer({ min: -20000, max: 20000 }), fc.double({ noNaN: true, min: -1e5, max: 1e5 })), (memoryMb) => {
            const ok = Number.isInteger(memoryMb) && memoryMb >= 128 && memoryMb <= 10240;
            const found = problems(validRaw({ memoryMb }));
            if (ok) assert.deepEqual(found, []);
            else assert.ok(found.some((p) => p.startsWith("package-tracking:functions.ingest.memoryMb: must be an integer between 128 and 10240")), found.join("\n"));
        }));
    });

    test("provisioned concurrency is accepted exactly when it does not exceed reserved concurrency", () => {
        fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (reserved, provisioned) => {
            const found = problems(validRaw({ memoryMb: 256, reservedConcurrency: reserved, provisionedConcurrency: provisioned }));
            if (provisioned <= reserved) assert.deepEqual(found, []);
            else assert.ok(found.some((p) => p.includes("functions.ingest.provisionedConcurrency: must not exceed reservedConcurrency")));
        }));
    });

    test("any role outside openapi.json's roles is refused, each x-tracking-roles role is accepted", () => {
        fc.assert(fc.property(fc.oneof(fc.constantFrom(...context.roles), fc.string({ minLength: 1, maxLength: 12 })), (role) => {
            const raw = validRaw({ memoryMb: 256 });
            raw.clients = JSON.stringify([{ name: "acme", role, rateLimit: 1, burstLimit: 1, monthlyQuota: 1 }]);
            const found = problems(raw);
            assert.equal(found.length === 0, context.roles.includes(role), found.join("\n"));
        }));
    });

    test("prices are written in plain decimals that read back to the same number", () => {
        fc.assert(fc.property(fc.double({ min: 1e-12, max: 1, noNaN: true }), (price) => {
            const text = decimal(price);
            assert.match(text, /^\d+(\.\d+)?$/);
            assert.ok(Math.abs(Number(text) - price) <= price * 1e-6 + 1e-20, `${price} -> ${text}`);
        }));
    });
});

describe("API plan from openapi.json", () => {
    const api = apiDefinitionOf(readRepoJson<OpenApiDocument>("src/Contracts/Definitions/openapi.json"));

    test("each route verb and each fallback becomes exactly one method on the right function", () => {
        const plan = planApi(api);
        const key = (path: string, verb: string) => plan.methods.filter((m) => m.path === path && m.httpMethod === verb);
        for (const route of api.routes) {
            for (const [verb, fn] of Object.entries(route.methods)) assert.deepEqual(key(route.resource, verb).map((m) => m.functionName), [fn]);
            assert.deepEqual(key(route.resource, "ANY").map((m) => m.functionName), [route.fallbackFunction]);
        }
        assert.deepEqual(key(api.catchAll.resource, "ANY").map((m) => m.functionName), [api.catchAll.function]);
        assert.deepEqual(key(rootPath, "ANY").map((m) => m.functionName), [api.catchAll.function]);
    });

    test("for any route set, every resource's parent is declared before it and every method sits on a declared resource", () => {
        const segment = fc.oneof(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^\{[a-z]{1,6}\}$/));
        const resource = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join("/")}`);
        const route = fc.record({ resource, verbs: fc.subarray(["GET", "POST", "PUT", "DELETE"], { minLength: 1 }) });
        fc.assert(fc.property(fc.uniqueArray(route, { selector: (r) => r.resource, minLength: 1, maxLength: 8 }), (routes) => {
            const definition: ApiDefinition = {
                functions: { a: api.functions.ingest, b: api.functions.query },
                routes: routes.map((r) => ({ resource: r.resource, methods: Object.fromEntries(r.verbs.map((v) => [v, "a"])), fallbackFunction: "a" })),
                catchAll: { resource: "/{proxy+}", function: "b" },
                roles: {},
                document: api.document,
            };
            const plan = planApi(definition);
            const declared = new Set([rootPath]);
            for (const r of plan.resources) {
                assert.ok(declared.has(r.parentPath), `${r.path} before its parent ${r.parentPath}`);
                declared.add(r.path);
            }
            for (const m of plan.methods) assert.ok(declared.has(m.path), `method on undeclared ${m.path}`);
            const pairs = plan.methods.map((m) => `${m.httpMethod} ${m.path}`);
            assert.equal(new Set(pairs).size, pairs.length, "no duplicate methods");
            for (const m of plan.methods) assert.deepEqual(m.pathParameters, [...m.path.matchAll(/\{([a-z]+)\+?\}/g)].map((x) => x[1]));
        }));
    });
});

describe("function policy", () => {
    const actions = fc.uniqueArray(fc.constantFrom("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:DeleteItem"), { maxLength: 5 });

    test("grants exactly the given actions, on exactly the given ARNs, never a wildcard action", () => {
        fc.assert(fc.property(actions, actions, (tableActions, indexActions) => {
            const doc = functionPolicy({
                tableArn: "arn:aws:dynamodb:us-west-2:1:table/t",
                indexArns: ["arn:aws:dynamodb:us-west-2:1:table/t/index/i"],
                tableActions,
                indexActions,
                logGroupArn: "arn:aws:logs:us-west-2:1:log-group:/aws/lambda/f",
            });
            const on = (resource: string) => doc.Statement.filter((s) => s.Resource.includes(resource)).flatMap((s) => s.Action);
            assert.deepEqual(on("arn:aws:dynamodb:us-west-2:1:table/t").sort(), [...tableActions].sort());
            assert.deepEqual(on("arn:aws:dynamodb:us-west-2:1:table/t/index/i").sort(), [...indexActions].sort());
            for (const s of doc.Statement) for (const a of s.Action) assert.ok(!a.includes("*"));
        }));
    });

    test("refuses a wildcard DynamoDB action", () => {
        assert.throws(() => functionPolicy({ tableArn: "t", indexArns: [], tableActions: ["dynamodb:*"], indexActions: [], logGroupArn: "l" }), /refusing DynamoDB action "dynamodb:\*"/);
    });
});
