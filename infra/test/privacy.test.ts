import * as assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, parseStackConfig } from "../src/config";
import { readRepoJson, stackYaml, project } from "./harness";

// Data-protection settings (issue 11): defaults, refusals, and the least-privilege split of the erasing function.

const context = { project, stack: "dev", functionNames: ["ingest", "query"], roles: ["partner", "reader", "admin", "privacy"] };

/** The dev stack's own YAML as Pulumi hands it to the program, with the privacy block replaced. */
function devWith(privacy: unknown): Record<string, string> {
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(stackYaml("dev"))) {
        if (!key.startsWith(`${project}:`)) continue;
        raw[key.slice(project.length + 1)] = typeof value === "string" ? value : JSON.stringify(value);
    }
    if (privacy === undefined) delete raw.privacy;
    else raw.privacy = JSON.stringify(privacy);
    return raw;
}

function problems(privacy: unknown): string[] {
    try {
        const raw = devWith(privacy);
        parseStackConfig({ get: (k) => raw[k] }, context);
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, `unexpected ${e}`);
        return e.problems;
    }
}

describe("privacy settings", () => {
    test("a stack without a privacy block gets the documented defaults", () => {
        const raw = devWith(undefined);
        const config = parseStackConfig({ get: (k) => raw[k] }, context);
        assert.deepEqual(config.privacy, { metadataDenylist: ["name", "email", "phone", "address"], tombstoneDays: 90, auditRetentionDays: 1096 });
    });

    test("a configured denylist replaces the default", () => {
        const raw = devWith({ metadataDenylist: ["recipient", "signature"] });
        assert.deepEqual(parseStackConfig({ get: (k) => raw[k] }, context).privacy.metadataDenylist, ["recipient", "signature"]);
    });

    test("a denylist key holding a comma is refused (the functions split on commas)", () =>
        assert.ok(problems({ metadataDenylist: ["a,b"] }).some((p) => p.startsWith(`${project}:privacy.metadataDenylist[0]`))));

    test("an empty denylist is refused rather than silently allowing every key", () =>
        assert.ok(problems({ metadataDenylist: [] }).some((p) => p.startsWith(`${project}:privacy.metadataDenylist:`))));

    test("tombstones and audit records must expire: zero days is refused", () => {
        const found = problems({ tombstoneDays: 0, auditRetentionDays: 0 });
        assert.ok(found.some((p) => p.includes("privacy.tombstoneDays")), found.join("\n"));
        assert.ok(found.some((p) => p.includes("privacy.auditRetentionDays")), found.join("\n"));
    });

    test("an unknown privacy setting is refused", () =>
        assert.ok(problems({ retainForever: true }).some((p) => p.includes("privacy.retainForever"))));

    test("every stack states its privacy periods explicitly", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const privacy = stackYaml(stack)[`${project}:privacy`];
            assert.ok(privacy?.tombstoneDays > 0 && privacy?.auditRetentionDays > 0, `${stack}: privacy.tombstoneDays and auditRetentionDays`);
        }
    });

    test("only the function that erases may delete items, and the read function writes nothing", () => {
        const document = readRepoJson<{ "x-tracking-functions": Record<string, { dynamodb: { tableActions: string[] } }> }>("src/Contracts/Definitions/openapi.json");
        const api = { functions: document["x-tracking-functions"] };
        const deleters = Object.entries(api.functions).filter(([, f]) => f.dynamodb.tableActions.some((a) => /DeleteItem|BatchWriteItem/.test(a))).map(([n]) => n);
        assert.deepEqual(deleters, ["ingest"]);
        assert.deepEqual(api.functions.query.dynamodb.tableActions.filter((a) => !/GetItem|Query/.test(a)), []);
    });
});
