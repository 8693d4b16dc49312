// The HTML API reference as a reader sees it: the local stack (real function executables, dynalite) serves
// /docs without a key; headless Chromium (Debian's, driven by playwright-core) opens it, finds every operation of
// openapi.json on the page, sees that nothing was fetched from outside 127.0.0.1, and saves a screenshot.
//
//   node --test tests/Docs/   (after scripts/openapi.sh and the function build; scripts/test.sh runs it)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const documentPath = join(root, "src", "Contracts", "Definitions", "openapi.json");
const localStack = join(root, "tools", "LocalStack", "bin", "Release", "net10.0", "Tracking.LocalStack.dll");
const screenshot = join(root, "artifacts", "docs", "api-reference.png");
const chromiumFlags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];

const document = JSON.parse(readFileSync(documentPath, "utf8"));
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).filter(([key]) => ["get", "post", "put", "delete", "patch"].includes(key))
        .map(([method, op]) => ({ method: method.toUpperCase(), path, summary: op.summary, operationId: op.operationId, tag: op.tags[0] })));

// Redoc's navigation anchors: lower case, runs of anything but letters and digits become one hyphen
// ("Data subject requests" -> "data-subject-requests").
const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

let stack;
let baseUrl;
let browser;

function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

async function waitFor(file, child, seconds) {
    for (let waited = 0; waited < seconds * 10; waited++) {
        if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
        if (child.exitCode !== null) throw new Error(`the local stack exited with ${child.exitCode}`);
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the local stack was not ready after ${seconds} s`);
}

before(async () => {
    assert.ok(existsSync(join(root, "artifacts", "docs", "api.html")), "artifacts/docs/api.html is missing: run bash scripts/openapi.sh");
    assert.ok(existsSync(localStack), `${localStack} is missing: build tools/LocalStack (-c Release)`);
    const readyFile = join(tmpdir(), `docs-test-ready-${process.pid}.json`);
    rmSync(readyFile, { force: true });
    const [port, dynamoPort] = [await freePort(), await freePort()];
    // The shipped executables from artifacts/lambda/linux-x64, or another build's (as the end-to-end tests allow).
    const functions = process.env.E2E_FUNCTIONS_DIR
        ? ["--ingest", join(process.env.E2E_FUNCTIONS_DIR, "ingest", "bootstrap"), "--query", join(process.env.E2E_FUNCTIONS_DIR, "query", "bootstrap")]
        : [];
    stack = spawn("dotnet", [localStack, "--port", String(port), "--dynamodb-port", String(dynamoPort), "--table", "docs-test",
        "--instances", "1", "--repo-root", root, "--ready-file", readyFile, "--quiet", ...functions], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    const ready = await waitFor(readyFile, stack, 180);
    baseUrl = ready.url.replace(/\/$/, "");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumFlags, headless: true });
});

after(async () => {
    await browser?.close();
    if (stack && stack.exitCode === null) {
        stack.kill("SIGTERM");
        await new Promise((r) => stack.once("exit", r));
    }
});

test("the reference is served at /docs without an API key", async () => {
    const response = await fetch(`${baseUrl}/docs`);

    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type"), /^text\/html/);
});

test("an API route without a key still answers the gateway's problem+json", async () => {
    const response = await fetch(`${baseUrl}/v1/packages?status=pending`);
    const body = await response.json();

    assert.equal(response.status, 403);
    assert.equal(response.headers.get("content-type"), "application/problem+json");
    assert.equal(body.type, "urn:package-tracking:problem:invalid-api-key");
});

test("every operation of the document is on the page, nothing is fetched from outside, and a screenshot is saved", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const outside = [];
    await page.route("**/*", (route) => {
        const url = new URL(route.request().url());
        if (["http:", "https:"].includes(url.protocol) && url.hostname !== "127.0.0.1") {
            outside.push(url.href);
            return route.abort();
        }
        return route.continue();
    });

    await page.goto(`${baseUrl}/docs`, { waitUntil: "load" });
    await page.getByText(operations[0].path, { exact: true }).first().waitFor({ timeout: 30000 });
    // Every operation has its entry in the navigation and, opened through it as a reader would, its own section
    // with its summary, method and path.
    const missing = [];
    for (const op of operations) {
        const anchor = `#/${slug(op.tag)}/${op.operationId.toLowerCase()}`;
        if ((await page.locator(`a[href="${anchor}"]`).count()) === 0) {
            missing.push(`${op.method} ${op.path}: no navigation entry ${anchor}`);
            continue;
        }
        await page.evaluate((hash) => { location.hash = hash; }, anchor);
        try {
            await page.waitForFunction((summary) => [...document.querySelectorAll("h1, h2, h3")].some((h) => h.textContent.trim() === summary),
                op.summary, { timeout: 10000 });
        } catch {
            missing.push(`${op.method} ${op.path}: no section "${op.summary}"`);
            continue;
        }
        if ((await page.getByText(op.path, { exact: true }).count()) === 0) missing.push(`${op.method} ${op.path}: path not shown`);
    }
    assert.deepEqual(missing, [], "operations not found on the page");
    assert.deepEqual(outside, [], "the page fetched from outside 127.0.0.1");

    await page.evaluate(() => { location.hash = ""; window.scrollTo(0, 0); });
    await page.waitForTimeout(500);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    assert.ok(existsSync(screenshot));
    await page.close();
});
