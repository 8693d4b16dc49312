import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import { describe, test } from "node:test";
import * as os from "os";
import * as path from "path";
import { repoDir } from "./harness";

// scripts/verify-restore.sh run offline: a fake `aws` on PATH answers from a table of canned outputs and records
// every call, so the checks and their verdicts are exercised without an account.

const script = path.join(repoDir, "scripts", "verify-restore.sh");

const fakeAws = `#!/usr/bin/env node
const fs = require("fs");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_AWS_LOG, JSON.stringify(args) + "\\n");
const drop = new Set(["--output", "text", "--region", "us-east-1"]);
const key = args.filter((a) => !drop.has(a)).join(" ");
const answers = JSON.parse(fs.readFileSync(process.env.FAKE_AWS_ANSWERS, "utf8"));
if (!(key in answers)) { process.stderr.write("fake aws: no answer for: " + key + "\\n"); process.exit(255); }
process.stdout.write(answers[key] + "\\n");
`;

const scanState = `dynamodb scan --table-name restored --filter-expression sk = :s --expression-attribute-values {":s":{"S":"STATE"}} --projection-expression pk --max-items 20 --query Items[].pk.S`;
const stateKey = (pk: string) => `{"pk":{"S":"${pk}"},"sk":{"S":"STATE"}}`;

/** Answers for a healthy restore: same schema, items present, one package changed after the restore point. */
function healthy(): Record<string, string> {
    const both = (query: string, value: string) => ({
        [`dynamodb describe-table --table-name live --query ${query}`]: value,
        [`dynamodb describe-table --table-name restored --query ${query}`]: value,
    });
    return {
        "dynamodb describe-table --table-name restored --query Table.TableStatus": "ACTIVE",
        ...both("Table.KeySchema", "pk\tHASH\nsk\tRANGE"),
        ...both("Table.LocalSecondaryIndexes[].IndexName", "by-event-time"),
        ...both("Table.GlobalSecondaryIndexes[].IndexName", "by-status"),
        ...both("Table.SSEDescription.SSEType", "KMS"),
        "dynamodb scan --table-name live --select COUNT --query Count": "1200",
        "dynamodb scan --table-name restored --select COUNT --query Count": "1100",
        [scanState]: "PKG#A\tPKG#B",
        [`dynamodb get-item --table-name restored --key ${stateKey("PKG#A")} --query Item.updatedAt.S`]: "2026-12-02T18:00:00Z",
        [`dynamodb get-item --table-name live --key ${stateKey("PKG#A")} --query Item.updatedAt.S`]: "2026-12-02T18:00:00Z",
        [`dynamodb get-item --table-name restored --key ${stateKey("PKG#B")} --query Item.updatedAt.S`]: "2026-12-02T18:30:00Z",
        [`dynamodb get-item --table-name live --key ${stateKey("PKG#B")} --query Item.updatedAt.S`]: "2026-12-02T19:10:00Z",
        "dynamodb describe-time-to-live --table-name restored --query TimeToLiveDescription.TimeToLiveStatus": "DISABLED",
        "dynamodb describe-continuous-backups --table-name restored --query ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus": "DISABLED",
        "dynamodb describe-table --table-name restored --query Table.DeletionProtectionEnabled": "False",
        "dynamodb describe-table --table-name restored --query Table.TableArn": "arn:aws:dynamodb:us-east-1:1:table/restored",
        "dynamodb list-tags-of-resource --resource-arn arn:aws:dynamodb:us-east-1:1:table/restored --query Tags[?Key=='stack'].Value": "None",
    };
}

function run(answers: Record<string, string> | undefined, ...extra: string[]): { status: number | null; out: string; calls: string[][] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-restore-"));
    fs.writeFileSync(path.join(dir, "aws"), fakeAws, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "answers.json"), JSON.stringify(answers ?? {}));
    const logFile = path.join(dir, "calls.log");
    fs.writeFileSync(logFile, "");
    const result = spawnSync("bash", [script, "--source", "live", "--restored", "restored", "--region", "us-east-1", ...extra], {
        encoding: "utf8",
        env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_AWS_LOG: logFile, FAKE_AWS_ANSWERS: path.join(dir, "answers.json") },
    });
    const calls = fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    return { status: result.status, out: result.stdout + result.stderr, calls };
}

describe("restore verification script", () => {
    test("a healthy restore is VERIFIED, and what the restore did not copy is listed to re-apply", () => {
        const r = run(healthy(), "--restore-time", "2026-12-02T18:55:00Z");
        assert.equal(r.status, 0, r.out);
        assert.match(r.out, /VERIFIED in \d+ s/);
        assert.match(r.out, /2 packages sampled, 1 unchanged since/);
        for (const missing of ["TTL is DISABLED", "point-in-time recovery is DISABLED", "deletion protection is False", "the stack cost-allocation tag is missing"]) {
            assert.match(r.out, new RegExp(`TO RE-APPLY  ${missing}`));
        }
        assert.ok(r.calls.every((c) => c.includes("--region") && c[c.indexOf("--region") + 1] === "us-east-1"), "every call names the region");
        assert.ok(r.calls.every((c) => /^(describe-|scan$|get-item$|list-tags-of-resource$)/.test(c[1])), "read-only calls only");
    });

    test("a restored table without the status index fails and says which part differs", () => {
        const answers = { ...healthy(), "dynamodb describe-table --table-name restored --query Table.GlobalSecondaryIndexes[].IndexName": "None" };
        const r = run(answers);
        assert.equal(r.status, 1);
        assert.match(r.out, /FAIL  GlobalSecondaryIndexes\[\]\.IndexName differs: live 'by-status', restored 'None'/);
        assert.match(r.out, /FAILED: 1 check\(s\)/);
    });

    test("a sampled state newer than the restore point fails (the table is not the one asked for)", () => {
        const r = run(healthy(), "--restore-time", "2026-12-02T18:10:00Z");
        assert.equal(r.status, 1);
        assert.match(r.out, /PKG#B: restored state updated at 2026-12-02T18:30:00Z, after the restore point/);
    });

    test("an empty restore of a non-empty table fails", () => {
        const r = run({ ...healthy(), "dynamodb scan --table-name restored --select COUNT --query Count": "0", [scanState]: "None" });
        assert.equal(r.status, 1);
        assert.match(r.out, /restored table has '0' items while the live one has '1200'/);
    });

    test("a dry run prints the commands and calls nothing", () => {
        const r = run(undefined, "--dry-run");
        assert.equal(r.status, 0, r.out);
        assert.deepEqual(r.calls, []);
        assert.match(r.out, /aws dynamodb describe-table --table-name restored --query Table.TableStatus --region us-east-1 --output text/);
        assert.match(r.out, /VERIFIED \(dry run: nothing was called\)/);
    });

    test("the same table as source and restore target is refused", () => {
        const result = spawnSync("bash", [script, "--source", "t", "--restored", "t", "--dry-run"], { encoding: "utf8" });
        assert.equal(result.status, 1);
        assert.match(result.stderr, /name the same table/);
    });

    test("passes shellcheck", () => {
        const result = spawnSync("shellcheck", ["-x", script], { encoding: "utf8", cwd: repoDir });
        assert.equal(result.error, undefined, "shellcheck is installed by scripts/install-prereqs.sh");
        assert.equal(result.status, 0, result.stdout);
    });
});
