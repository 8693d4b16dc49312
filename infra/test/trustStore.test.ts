import * as assert from "node:assert/strict";
import * as fs from "fs";
import { describe, test } from "node:test";
import * as path from "path";
import { Graph, ofType, project, readRepoJson, rejectedStack, repoDir, runStack, unwrapSecret } from "./harness";

// The trimmed trust store (docs/design.md): every function's OpenSSL loads only the Amazon roots packed in its zip,
// unless the stack turns it off. Expected values come from the build script, not from the program's modules.

const functionNames = Object.keys(readRepoJson<{ "x-tracking-functions": Record<string, unknown> }>("src/Contracts/Definitions/openapi.json")["x-tracking-functions"]);

/** The PEM name scripts/build-lambdas.sh packs beside `bootstrap`; Lambda unpacks the zip to /var/task. */
function packedPemPath(): string {
    const script = fs.readFileSync(path.join(repoDir, "scripts/build-lambdas.sh"), "utf8");
    const name = /^readonly TRUST_PEM=(\S+)$/m.exec(script)?.[1];
    assert.ok(name, "scripts/build-lambdas.sh declares TRUST_PEM");
    return `/var/task/${name}`;
}

function variables(graph: Graph): Record<string, Record<string, string>> {
    const functions = ofType(graph, "aws:lambda/function:Function");
    // Plus the retry consumer: the ingest zip again, so the same packed roots.
    assert.deepEqual(functions.map((f) => f.name).sort(), [...functionNames, "retry"].sort());
    return Object.fromEntries(functions.map((f) => [f.name, unwrapSecret(f.inputs.environment).variables as Record<string, string>]));
}

describe("trimmed trust store", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        test(`${stack}: every function trusts only the packed Amazon roots by default`, async () => {
            const graph = await runStack(stack, { [`${project}:trimmedTrustStore`]: undefined });
            for (const [fn, vars] of Object.entries(variables(graph))) {
                assert.equal(vars.SSL_CERT_FILE, packedPemPath(), `${fn}: SSL_CERT_FILE`);
                assert.ok(vars.SSL_CERT_DIR, `${fn}: SSL_CERT_DIR is set`);
                assert.notEqual(vars.SSL_CERT_DIR, "/etc/pki/tls/certs", `${fn}: not the AL2023 certificate directory`);
                assert.ok(vars.SSL_CERT_DIR.startsWith("/var/task/"), `${fn}: SSL_CERT_DIR inside the read-only, zip-only /var/task`);
                assert.notEqual(path.posix.dirname(vars.SSL_CERT_FILE), vars.SSL_CERT_DIR, `${fn}: the directory is not the one holding the PEM`);
            }
        });
    }

    test("turned off for a stack, no function gets either variable", async () => {
        const graph = await runStack("staging", { [`${project}:trimmedTrustStore`]: false });
        for (const [fn, vars] of Object.entries(variables(graph))) {
            assert.equal(vars.SSL_CERT_FILE, undefined, `${fn}: SSL_CERT_FILE`);
            assert.equal(vars.SSL_CERT_DIR, undefined, `${fn}: SSL_CERT_DIR`);
            assert.ok(vars.TABLE_NAME, `${fn}: the other settings are still there`);
        }
    });

    test("set explicitly to true, it is on", async () => {
        const graph = await runStack("dev", { [`${project}:trimmedTrustStore`]: "true" });
        for (const vars of Object.values(variables(graph))) assert.equal(vars.SSL_CERT_FILE, packedPemPath());
    });

    test("a value that is not true or false is refused before anything is declared", async () => {
        const { error, declared } = await rejectedStack("dev", { [`${project}:trimmedTrustStore`]: "sometimes" });
        assert.match(error.message, /package-tracking:trimmedTrustStore: must be true or false \(got "sometimes"\)/);
        assert.equal(declared, 0);
    });
});
