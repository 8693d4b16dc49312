// The canary's script, kept as text so the program zips it itself (no build step, no file on disk).
// Synthetics' Node.js runtimes load the handler from nodejs/node_modules/<file>.js inside the zip.

export const canaryHandlerFile = "nodejs/node_modules/apiProbe.js";
export const canaryHandler = "apiProbe.handler";

/** Env names the script reads (the canary's run config sets them). */
export const canaryEnv = {
    url: "PROBE_URL",
    keyParameter: "PROBE_KEY_PARAMETER",
    latencyObjectiveMs: "PROBE_LATENCY_OBJECTIVE_MS",
} as const;

/**
 * One GET of a package's current state with the canary's own API key (read from SSM at run time, never in the
 * canary's configuration). Healthy = 200, or 404 as problem+json (the probe package need not exist); anything
 * else, a timeout, or a slower answer than the SLO's latency objective fails the run.
 */
export const canaryScript = `
const https = require("https");
const log = require("SyntheticsLogger");
const { SSMClient, GetParameterCommand } = require("@aws-sdk/client-ssm");

let cachedKey;
async function apiKey() {
    if (!cachedKey) {
        const ssm = new SSMClient({});
        const out = await ssm.send(new GetParameterCommand({ Name: process.env.${canaryEnv.keyParameter}, WithDecryption: true }));
        cachedKey = out.Parameter.Value;
    }
    return cachedKey;
}

function get(url, key) {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const req = https.get(url, { headers: { "x-api-key": key, "user-agent": "package-tracking-canary" }, timeout: 10000 }, (res) => {
            let body = "";
            res.on("data", (chunk) => (body += chunk));
            res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"] || "", body, ms: Date.now() - started }));
        });
        req.on("timeout", () => req.destroy(new Error("no answer within 10 s")));
        req.on("error", reject);
    });
}

exports.handler = async () => {
    const answer = await get(process.env.${canaryEnv.url}, await apiKey());
    log.info("probe answered " + answer.status + " in " + answer.ms + " ms");
    const healthy = answer.status === 200 || (answer.status === 404 && answer.type.startsWith("application/problem+json"));
    if (!healthy) throw new Error("unhealthy answer " + answer.status + " " + answer.type + ": " + answer.body.slice(0, 300));
    const objective = Number(process.env.${canaryEnv.latencyObjectiveMs});
    if (answer.ms > objective) throw new Error("answer took " + answer.ms + " ms, over the " + objective + " ms objective");
    return "ok";
};
`;
