import { BackupSettings, ClientConfig, Reader, regionPattern } from "./config";

// Operations settings (region, SLO, canary, backup copy), read with the same Reader so every problem
// is reported together with the rest of the stack's configuration.

export interface SloSettings {
    /** Availability objective in percent, e.g. 99.9. */
    availabilityPercent: number;
    /** A request slower than this (API Gateway's Latency) counts against the objective like a 5xx. */
    latencyThresholdMs: number;
}

export interface CanarySettings {
    /** CloudWatch Synthetics canary name (at most 21 characters, lower case). */
    name: string;
    scheduleMinutes: number;
    /** The package the canary reads; it need not exist (a 404 problem+json is a healthy answer). */
    trackingId: string;
    runtimeVersion: string;
    /** The API client the canary calls as: its own key, its own usage plan. */
    client: ClientConfig;
}

export const defaultRegion = "us-west-2";
export const canaryRole = "reader";
export const defaultCanaryRuntime = "syn-nodejs-puppeteer-9.1";

export function readRegion(r: Reader, region: string | undefined): string {
    if (region === undefined) return defaultRegion;
    if (!regionPattern.test(region)) r.problems.push(`aws:region: must be an AWS region like us-east-1 (got ${JSON.stringify(region)})`);
    return region;
}

export function checkBackupCopy(r: Reader, backup: BackupSettings, region: string, isProduction: boolean): BackupSettings {
    if (backup.copy?.region === region) {
        r.fail("table.backup.copyToRegion", `must differ from the stack's region (${region}): a copy in the same region survives nothing more`, backup.copy.region);
    }
    if (isProduction && !backup.copy) r.fail("table.backup.copyToRegion", "is required in prod (backups must survive the loss of a region)");
    return backup;
}

export function readSlo(r: Reader): SloSettings {
    const s = r.object("slo", r.structured("slo", false), false);
    r.unknownKeys("slo", s, ["availabilityPercent", "latencyThresholdMs"]);
    return {
        availabilityPercent: r.number("slo.availabilityPercent", s?.availabilityPercent, { min: 90, max: 99.999, default: 99.9 }),
        // Above the slowest healthy answer (a cold start plus a search page), far below the 29 s integration limit.
        latencyThresholdMs: r.number("slo.latencyThresholdMs", s?.latencyThresholdMs, { min: 50, max: 29000, integer: true, default: 1000 }),
    };
}

interface CanaryContext {
    stack: string;
    roles: string[];
    isProduction: boolean;
    clients: ClientConfig[];
}

export function readCanary(r: Reader, context: CanaryContext): CanarySettings | undefined {
    const c = r.object("canary", r.structured("canary", false), false);
    r.unknownKeys("canary", c, ["enabled", "scheduleMinutes", "trackingId", "runtimeVersion"]);
    const enabled = r.boolean("canary.enabled", c?.enabled, false);
    if (context.isProduction && !enabled) r.fail("canary.enabled", "must be true in prod (the SLO needs traffic that is known to be good)");
    if (!enabled) return undefined;
    const name = `${context.stack}-api-probe`;
    if (!/^[0-9a-z_-]{1,21}$/.test(name)) r.fail("canary.enabled", `needs a stack name that makes a canary name of at most 21 lower-case characters (got "${name}")`);
    if (!context.roles.includes(canaryRole)) r.fail("canary.enabled", `needs the "${canaryRole}" role in openapi.json`);
    const clientName = "synthetic-canary";
    if (context.clients.some((client) => client.name === clientName)) r.fail("clients", `must not use the name "${clientName}": the canary's own client has it`);
    const scheduleMinutes = r.number("canary.scheduleMinutes", c?.scheduleMinutes, { min: 1, max: 60, integer: true, default: 5 });
    const runsPerMonth = Math.ceil((31 * 24 * 60) / scheduleMinutes);
    return {
        name,
        scheduleMinutes,
        trackingId: r.string("canary.trackingId", c?.trackingId, { default: "CANARY-PROBE-0001", pattern: /^[A-Za-z0-9_-]{1,64}$/, describe: "a tracking id" })!,
        runtimeVersion: r.string("canary.runtimeVersion", c?.runtimeVersion, { default: defaultCanaryRuntime, pattern: /^syn-nodejs-[a-z0-9.-]+$/, describe: "a Synthetics Node.js runtime like syn-nodejs-puppeteer-9.1" })!,
        // One request per run; the quota leaves room for manual re-runs, never for a runaway loop.
        client: { name: clientName, role: canaryRole, rateLimit: 1, burstLimit: 2, monthlyQuota: runsPerMonth * 2 },
    };
}
