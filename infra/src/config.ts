import { PrivacyConfig, readPrivacy } from "./privacyConfig";

// Every stack setting is read and checked here, before any resource is declared, so a bad
// Pulumi.<stack>.yaml fails with one message that names each key and the rule it breaks.

import { CanarySettings, SloSettings, checkBackupCopy, readCanary, readRegion, readSlo } from "./configOps";

export type Encryption = "aws-owned" | "customer-managed";

export interface ClientConfig {
    name: string;
    role: string;
    rateLimit: number;
    burstLimit: number;
    monthlyQuota: number;
}

export interface ScheduledScaling {
    businessHoursConcurrency: number;
    offHoursConcurrency: number;
    businessHoursStart: string;
    businessHoursEnd: string;
    timezone: string;
}

export interface FunctionSettings {
    memoryMb: number;
    timeoutSeconds: number;
    reservedConcurrency?: number;
    provisionedConcurrency: number;
    scheduledScaling?: ScheduledScaling;
}

export interface Prices {
    lambdaGbSecond: number;
    lambdaRequest: number;
    dynamoDbReadUnit: number;
    dynamoDbWriteUnit: number;
    apiGatewayRequest: number;
}

export interface StackConfig {
    project: string;
    stack: string;
    /** From `production: true` in the stack's YAML, never from the stack's name: turns on the prod safeguards. */
    isProduction: boolean;
    region: string;
    tags: Record<string, string>;
    costAllocationTag: { key: string; value: string };
    artifactsDir: string;
    encryption: Encryption;
    table: {
        deletionProtection: boolean;
        pointInTimeRecovery: boolean;
        retentionDays: number;
        backup?: BackupSettings;
        /** Physical table name; defaults to <project>-<stack>. Set it to switch to a restored table (runbook: restore drill). */
        tableName?: string;
    };
    functions: Record<string, FunctionSettings>;
    /** Functions trust only the Amazon roots in their zip (SSL_CERT_FILE/SSL_CERT_DIR); default true. */
    trimmedTrustStore: boolean;
    logRetentionDays: number;
    eventTypes: string[];
    metricsNamespace: string;
    prices: Prices;
    api: {
        stageName: string;
        throttlingRateLimit: number;
        throttlingBurstLimit: number;
        manageAccountLogging: boolean;
        customDomain?: { domainName: string; certificateArn: string };
    };
    clients: ClientConfig[];
    waf: { enabled: boolean; rateLimitPer5Minutes: number };
    budget: { monthlyLimitUsd: number; emails: string[] };
    monitoring: { alarmEmail?: string; ticketEmail?: string; fiveXxRatePercent: number; p99LatencyMs: number };
    tracing: boolean;
    slo: SloSettings;
    canary?: CanarySettings;
    privacy: PrivacyConfig;
}

/** Reads raw project config values the way `new pulumi.Config().get(key)` does: strings, objects as JSON. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

export interface ConfigContext {
    project: string;
    stack: string;
    /** Function names from openapi.json: the `functions` block must configure exactly these. */
    functionNames: string[];
    /** Role names from openapi.json: every client's role must be one of these. */
    roles: string[];
    region?: string;
}

export interface BackupSettings {
    schedule: string;
    deleteAfterDays: number;
    /** AWS Backup copies each recovery point to a vault in this other region. */
    copy?: { region: string; deleteAfterDays: number };
}

export class ConfigError extends Error {
    constructor(public readonly problems: string[]) {
        super(`Invalid stack configuration:\n  - ${problems.join("\n  - ")}`);
        this.name = "ConfigError";
    }
}

/** CloudWatch Logs accepts only these retention periods. */
export const logRetentionChoices = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

// us-west-2 list prices (USD): Lambda arm64 per GB-second and per request, DynamoDB on-demand per
// read/write request unit, API Gateway REST per request (first tier).
export const defaultPrices: Prices = {
    lambdaGbSecond: 0.0000133334,
    lambdaRequest: 0.0000002,
    dynamoDbReadUnit: 0.000000125,
    dynamoDbWriteUnit: 0.000000625,
    apiGatewayRequest: 0.0000035,
};

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const cronPattern = /^cron\(.+\)$/;
export const regionPattern = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

type Json = unknown;

/** Collects problems as it reads so the user sees them all at once. */
export class Reader {
    readonly problems: string[] = [];
    constructor(private readonly source: ConfigSource, private readonly namespace: string) {}

    key(path: string): string {
        return `${this.namespace}:${path}`;
    }

    fail(path: string, rule: string, value?: Json): void {
        const got = value === undefined ? "" : ` (got ${JSON.stringify(value)})`;
        this.problems.push(`${this.key(path)}: ${rule}${got}`);
    }

    raw(name: string): string | undefined {
        return this.source.get(name);
    }

    /** A top-level key holding a structured value (Pulumi passes objects and lists as JSON). */
    structured(name: string, required: boolean): Json {
        const text = this.source.get(name);
        if (text === undefined) {
            if (required) this.fail(name, "is required");
            return undefined;
        }
        try {
            return JSON.parse(text);
        } catch {
            this.fail(name, "must be a YAML object or list", text);
            return undefined;
        }
    }

    object(path: string, value: Json, required: boolean): Record<string, Json> | undefined {
        if (value === undefined || value === null) {
            if (required) this.fail(path, "is required");
            return undefined;
        }
        if (typeof value !== "object" || Array.isArray(value)) {
            this.fail(path, "must be an object", value);
            return undefined;
        }
        return value as Record<string, Json>;
    }

    unknownKeys(path: string, value: Record<string, Json> | undefined, allowed: string[]): void {
        if (!value) return;
        for (const k of Object.keys(value)) {
            if (!allowed.includes(k)) this.fail(`${path}.${k}`, `is not a known setting (expected one of: ${allowed.join(", ")})`);
        }
    }

    number(path: string, value: Json, rule: { min: number; max?: number; integer?: boolean; default?: number }): number {
        const fallback = rule.default ?? Number.NaN;
        if (value === undefined || value === null) {
            if (rule.default === undefined) this.fail(path, "is required");
            return fallback;
        }
        const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
        const describe = `${rule.integer ? "an integer" : "a number"} ${rule.max === undefined ? `>= ${rule.min}` : `between ${rule.min} and ${rule.max}`}`;
        if (typeof n !== "number" || !Number.isFinite(n) || (rule.integer && !Number.isInteger(n)) || n < rule.min || (rule.max !== undefined && n > rule.max)) {
            this.fail(path, `must be ${describe}`, value);
            return fallback;
        }
        return n;
    }

    boolean(path: string, value: Json, fallback?: boolean): boolean {
        if (value === undefined || value === null) {
            if (fallback === undefined) this.fail(path, "is required (true or false)");
            return fallback ?? false;
        }
        if (value === true || value === "true") return true;
        if (value === false || value === "false") return false;
        this.fail(path, "must be true or false", value);
        return fallback ?? false;
    }

    string(path: string, value: Json, rule: { pattern?: RegExp; describe?: string; default?: string; required?: boolean }): string | undefined {
        if (value === undefined || value === null || value === "") {
            if (rule.required && rule.default === undefined) this.fail(path, "is required");
            return rule.default;
        }
        if (typeof value !== "string") {
            this.fail(path, "must be a string", value);
            return rule.default;
        }
        if (rule.pattern && !rule.pattern.test(value)) {
            this.fail(path, `must be ${rule.describe ?? `a string matching ${rule.pattern}`}`, value);
            return rule.default;
        }
        return value;
    }

    list(path: string, value: Json, required: boolean): Json[] {
        if (value === undefined || value === null) {
            if (required) this.fail(path, "is required");
            return [];
        }
        if (!Array.isArray(value)) {
            this.fail(path, "must be a list", value);
            return [];
        }
        return value;
    }
}

export function parseStackConfig(source: ConfigSource, context: ConfigContext): StackConfig {
    const r = new Reader(source, context.project);
    // Safeguards follow a flag, not the stack's name: a second prod stack (another region) is protected too.
    const isProduction = r.boolean("production", r.raw("production"), false);

    const owner = r.string("owner", r.raw("owner"), { required: true, pattern: /^[\w .:/=+@-]{1,256}$/, describe: "a tag-safe string" }) ?? "";
    const costCenter = r.string("costCenter", r.raw("costCenter"), { required: true, pattern: /^[\w .:/=+@-]{1,256}$/, describe: "a tag-safe string" }) ?? "";
    const artifactsDir = r.string("artifactsDir", r.raw("artifactsDir"), { default: "artifacts/lambda/linux-arm64" })!;
    const encryption = r.string("encryption", r.raw("encryption"), {
        default: "aws-owned",
        pattern: /^(aws-owned|customer-managed)$/,
        describe: '"aws-owned" or "customer-managed"',
    }) as Encryption;

    const table = readTable(r, isProduction);
    const functions = readFunctions(r, context.functionNames);
    const trimmedTrustStore = r.boolean("trimmedTrustStore", r.raw("trimmedTrustStore"), true);
    const logRetentionDays = r.number("logRetentionDays", r.raw("logRetentionDays"), { min: 1, integer: true });
    if (!Number.isNaN(logRetentionDays) && !logRetentionChoices.includes(logRetentionDays)) {
        r.fail("logRetentionDays", `must be one of CloudWatch's retention periods ${logRetentionChoices.join(", ")}`, logRetentionDays);
    }

    const eventTypes = r.list("eventTypes", r.structured("eventTypes", true), true).map((t, i) =>
        r.string(`eventTypes[${i}]`, t, { required: true, pattern: /^[a-z][a-z0-9_]{0,63}$/, describe: "lower_snake_case, at most 64 characters" }) ?? "",
    );
    if (eventTypes.length === 0 && r.raw("eventTypes") !== undefined) r.fail("eventTypes", "must list at least one event type");
    if (new Set(eventTypes).size !== eventTypes.length) r.fail("eventTypes", "must not repeat an event type", eventTypes);

    const metricsNamespace = r.string("metricsNamespace", r.raw("metricsNamespace"), {
        default: "PackageTracking",
        pattern: /^[A-Za-z0-9._/#:-]{1,255}$/,
        describe: "a CloudWatch namespace",
    })!;

    const prices = readPrices(r);
    const api = readApi(r, context.stack);
    const clients = readClients(r, context.roles);
    const waf = readWaf(r);
    const budget = readBudget(r, isProduction);
    const monitoring = readMonitoring(r, isProduction);
    const region = readRegion(r, context.region);
    if (table.backup) table.backup = checkBackupCopy(r, table.backup, region, isProduction);
    const tracing = r.boolean("tracing", r.raw("tracing"), true);
    const slo = readSlo(r);
    const canary = readCanary(r, { stack: context.stack, roles: context.roles, isProduction, clients });
    const privacy = readPrivacy(r);

    if (r.problems.length > 0) throw new ConfigError(r.problems);

    const stackTagValue = `${context.project}-${context.stack}`;
    return {
        project: context.project,
        stack: context.stack,
        isProduction,
        region,
        // The stack tag carries the project too, so the budget's tag filter cannot catch another project's "prod".
        tags: { project: context.project, stack: stackTagValue, owner, "cost-center": costCenter },
        costAllocationTag: { key: "stack", value: stackTagValue },
        artifactsDir,
        encryption,
        table,
        functions,
        trimmedTrustStore,
        logRetentionDays,
        eventTypes,
        metricsNamespace,
        prices,
        api,
        clients,
        waf,
        budget,
        monitoring,
        tracing,
        slo,
        canary,
        privacy,
    };
}

function readTable(r: Reader, isProduction: boolean): StackConfig["table"] {
    const t = r.object("table", r.structured("table", true), true);
    r.unknownKeys("table", t, ["deletionProtection", "pointInTimeRecovery", "retentionDays", "backup", "tableName"]);
    const deletionProtection = r.boolean("table.deletionProtection", t?.deletionProtection, false);
    const pointInTimeRecovery = r.boolean("table.pointInTimeRecovery", t?.pointInTimeRecovery, true);
    const retentionDays = r.number("table.retentionDays", t?.retentionDays, { min: 0, max: 36500, integer: true });
    if (isProduction && !deletionProtection) r.fail("table.deletionProtection", "must be true in prod");
    if (isProduction && !pointInTimeRecovery) r.fail("table.pointInTimeRecovery", "must be true in prod");

    const b = r.object("table.backup", t?.backup, false);
    r.unknownKeys("table.backup", b, ["enabled", "schedule", "deleteAfterDays", "copyToRegion", "copyDeleteAfterDays"]);
    let backup: StackConfig["table"]["backup"];
    if (b && r.boolean("table.backup.enabled", b.enabled)) {
        const deleteAfterDays = r.number("table.backup.deleteAfterDays", b.deleteAfterDays, { min: 1, max: 36500, integer: true, default: 35 });
        const copyToRegion = r.string("table.backup.copyToRegion", b.copyToRegion, { pattern: regionPattern, describe: "an AWS region like us-east-1" });
        backup = {
            schedule: r.string("table.backup.schedule", b.schedule, { default: "cron(0 5 * * ? *)", pattern: cronPattern, describe: "an AWS cron expression like cron(0 5 * * ? *)" })!,
            deleteAfterDays,
            copy: copyToRegion === undefined ? undefined : {
                region: copyToRegion,
                deleteAfterDays: r.number("table.backup.copyDeleteAfterDays", b.copyDeleteAfterDays, { min: 1, max: 36500, integer: true, default: deleteAfterDays }),
            },
        };
    }
    if (isProduction && !backup) r.fail("table.backup.enabled", "must be true in prod (with copyToRegion: backups must survive the loss of a region)");
    const tableName = r.string("table.tableName", t?.tableName, { pattern: /^[A-Za-z0-9_.-]{3,255}$/, describe: "a DynamoDB table name" });
    return { deletionProtection, pointInTimeRecovery, retentionDays, backup, tableName };
}

function readFunctions(r: Reader, functionNames: string[]): Record<string, FunctionSettings> {
    const all = r.object("functions", r.structured("functions", true), true);
    r.unknownKeys("functions", all, functionNames);
    const result: Record<string, FunctionSettings> = {};
    for (const name of functionNames) {
        const path = `functions.${name}`;
        const f = r.object(path, all?.[name], all !== undefined);
        if (!f) continue; // already reported; its settings would only repeat "is required"
        r.unknownKeys(path, f, ["memoryMb", "timeoutSeconds", "reservedConcurrency", "provisionedConcurrency", "scheduledScaling"]);
        const memoryMb = r.number(`${path}.memoryMb`, f?.memoryMb, { min: 128, max: 10240, integer: true });
        // API Gateway stops waiting after 29 s, so a longer Lambda timeout only burns money.
        const timeoutSeconds = r.number(`${path}.timeoutSeconds`, f?.timeoutSeconds, { min: 1, max: 29, integer: true });
        const reservedConcurrency = f?.reservedConcurrency === undefined ? undefined : r.number(`${path}.reservedConcurrency`, f.reservedConcurrency, { min: 1, integer: true });
        const provisionedConcurrency = r.number(`${path}.provisionedConcurrency`, f?.provisionedConcurrency, { min: 0, integer: true, default: 0 });
        if (reservedConcurrency !== undefined && provisionedConcurrency > reservedConcurrency) {
            r.fail(`${path}.provisionedConcurrency`, `must not exceed reservedConcurrency (${reservedConcurrency})`, provisionedConcurrency);
        }

        const s = r.object(`${path}.scheduledScaling`, f?.scheduledScaling, false);
        r.unknownKeys(`${path}.scheduledScaling`, s, ["businessHoursConcurrency", "offHoursConcurrency", "businessHoursStart", "businessHoursEnd", "timezone"]);
        let scheduledScaling: ScheduledScaling | undefined;
        if (s) {
            if (provisionedConcurrency === 0) r.fail(`${path}.scheduledScaling`, "needs provisionedConcurrency above 0 (there is nothing to scale)");
            scheduledScaling = {
                businessHoursConcurrency: r.number(`${path}.scheduledScaling.businessHoursConcurrency`, s.businessHoursConcurrency, { min: 1, integer: true }),
                offHoursConcurrency: r.number(`${path}.scheduledScaling.offHoursConcurrency`, s.offHoursConcurrency, { min: 1, integer: true }),
                businessHoursStart: r.string(`${path}.scheduledScaling.businessHoursStart`, s.businessHoursStart, { default: "cron(0 7 ? * MON-FRI *)", pattern: cronPattern, describe: "an AWS cron expression" })!,
                businessHoursEnd: r.string(`${path}.scheduledScaling.businessHoursEnd`, s.businessHoursEnd, { default: "cron(0 19 ? * MON-FRI *)", pattern: cronPattern, describe: "an AWS cron expression" })!,
                timezone: r.string(`${path}.scheduledScaling.timezone`, s.timezone, { default: "America/Los_Angeles", pattern: /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, describe: "an IANA time zone like America/Los_Angeles" })!,
            };
            const peak = Math.max(scheduledScaling.businessHoursConcurrency, scheduledScaling.offHoursConcurrency);
            if (reservedConcurrency !== undefined && peak > reservedConcurrency) {
                r.fail(`${path}.scheduledScaling`, `must not scale above reservedConcurrency (${reservedConcurrency})`, peak);
            }
        }
        result[name] = { memoryMb, timeoutSeconds, reservedConcurrency, provisionedConcurrency, scheduledScaling };
    }
    return result;
}

function readPrices(r: Reader): Prices {
    const p = r.object("prices", r.structured("prices", false), false);
    const keys = Object.keys(defaultPrices) as (keyof Prices)[];
    r.unknownKeys("prices", p, keys);
    const prices = { ...defaultPrices };
    for (const k of keys) prices[k] = r.number(`prices.${k}`, p?.[k], { min: 0, default: defaultPrices[k] });
    return prices;
}

function readApi(r: Reader, stack: string): StackConfig["api"] {
    const a = r.object("api", r.structured("api", true), true);
    r.unknownKeys("api", a, ["stageName", "throttlingRateLimit", "throttlingBurstLimit", "manageAccountLogging", "customDomain"]);
    const stageName = r.string("api.stageName", a?.stageName, { default: stack, pattern: /^[A-Za-z0-9_-]{1,128}$/, describe: "letters, digits, _ or -" })!;
    const throttlingRateLimit = r.number("api.throttlingRateLimit", a?.throttlingRateLimit, { min: 1 });
    const throttlingBurstLimit = r.number("api.throttlingBurstLimit", a?.throttlingBurstLimit, { min: 1, integer: true });
    // Off by default: the account's API Gateway CloudWatch role is one per account and region, owned by one stack.
    const manageAccountLogging = r.boolean("api.manageAccountLogging", a?.manageAccountLogging, false);
    const d = r.object("api.customDomain", a?.customDomain, false);
    r.unknownKeys("api.customDomain", d, ["domainName", "certificateArn"]);
    const customDomain = d
        ? {
              domainName: r.string("api.customDomain.domainName", d.domainName, { required: true, pattern: hostnamePattern, describe: "a lower-case DNS name" }) ?? "",
              certificateArn: r.string("api.customDomain.certificateArn", d.certificateArn, { required: true, pattern: /^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/, describe: "an ACM certificate ARN in the stack's region" }) ?? "",
          }
        : undefined;
    return { stageName, throttlingRateLimit, throttlingBurstLimit, manageAccountLogging, customDomain };
}

function readClients(r: Reader, roles: string[]): ClientConfig[] {
    const list = r.list("clients", r.structured("clients", true), true);
    const clients = list.map((entry, i) => {
        const path = `clients[${i}]`;
        const c = r.object(path, entry, true);
        r.unknownKeys(path, c, ["name", "role", "rateLimit", "burstLimit", "monthlyQuota"]);
        const name = r.string(`${path}.name`, c?.name, { required: true, pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, describe: "lower-case letters, digits and -, at most 63 characters" }) ?? "";
        const role = r.string(`${path}.role`, c?.role, { required: true }) ?? "";
        if (role !== "" && !roles.includes(role)) r.fail(`${path}.role`, `must be one of the roles in openapi.json: ${roles.join(", ")}`, role);
        return {
            name,
            role,
            rateLimit: r.number(`${path}.rateLimit`, c?.rateLimit, { min: 1 }),
            burstLimit: r.number(`${path}.burstLimit`, c?.burstLimit, { min: 1, integer: true }),
            monthlyQuota: r.number(`${path}.monthlyQuota`, c?.monthlyQuota, { min: 1, integer: true }),
        };
    });
    const names = clients.map((c) => c.name);
    const repeated = names.filter((n, i) => n !== "" && names.indexOf(n) !== i);
    if (repeated.length > 0) r.fail("clients", `names must be unique; repeated: ${[...new Set(repeated)].join(", ")}`);
    return clients;
}

function readWaf(r: Reader): StackConfig["waf"] {
    const w = r.object("waf", r.structured("waf", true), true);
    r.unknownKeys("waf", w, ["enabled", "rateLimitPer5Minutes"]);
    return {
        enabled: r.boolean("waf.enabled", w?.enabled),
        rateLimitPer5Minutes: r.number("waf.rateLimitPer5Minutes", w?.rateLimitPer5Minutes, { min: 10, max: 2_000_000_000, integer: true, default: 2000 }),
    };
}

function readBudget(r: Reader, isProduction: boolean): StackConfig["budget"] {
    const b = r.object("budget", r.structured("budget", true), true);
    r.unknownKeys("budget", b, ["monthlyLimitUsd", "emails"]);
    const monthlyLimitUsd = r.number("budget.monthlyLimitUsd", b?.monthlyLimitUsd, { min: 1 });
    const emails = r.list("budget.emails", b?.emails, false).map(
        (e, i) => r.string(`budget.emails[${i}]`, e, { required: true, pattern: emailPattern, describe: "an email address" }) ?? "",
    );
    if (isProduction && emails.length === 0) r.fail("budget.emails", "must list at least one email address in prod (someone has to hear about overspend)");
    if (emails.length > 10) r.fail("budget.emails", "may list at most 10 addresses (AWS Budgets limit)", emails.length);
    return { monthlyLimitUsd, emails };
}

function readMonitoring(r: Reader, isProduction: boolean): StackConfig["monitoring"] {
    const m = r.object("monitoring", r.structured("monitoring", false), false);
    r.unknownKeys("monitoring", m, ["alarmEmail", "ticketEmail", "fiveXxRatePercent", "p99LatencyMs"]);
    const alarmEmail = r.string("monitoring.alarmEmail", m?.alarmEmail, { pattern: emailPattern, describe: "an email address" });
    const ticketEmail = r.string("monitoring.ticketEmail", m?.ticketEmail, { pattern: emailPattern, describe: "an email address" });
    if (isProduction && alarmEmail === undefined) r.fail("monitoring.alarmEmail", "is required in prod (alarms must reach on-call)");
    return {
        alarmEmail,
        ticketEmail,
        // The customer's contract: an alarm when more than 5% of requests fail; a stack may be stricter, never laxer.
        fiveXxRatePercent: r.number("monitoring.fiveXxRatePercent", m?.fiveXxRatePercent, { min: 0.01, max: 5, default: 1 }),
        p99LatencyMs: r.number("monitoring.p99LatencyMs", m?.p99LatencyMs, { min: 1, default: 1000 }),
    };
}
