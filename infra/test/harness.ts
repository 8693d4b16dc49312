import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

// Runs the real program (index.ts, compiled) against Pulumi mocks with a stack's own YAML config,
// and records every resource it declares. No cloud, no CLI.

export const project = "package-tracking";
export const accountId = "123456789012";
/** The default region; a stack's `aws:region` (or an override) changes what the mocks answer. */
export const region = "us-west-2";
let currentRegion = region;

/** infra/ (this file runs from infra/bin/test). */
export const infraDir = path.resolve(__dirname, "..", "..");
export const repoDir = path.resolve(infraDir, "..");

export interface DeclaredResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** What the mock answered: inputs plus the computed attributes other resources read (arn, ids...). */
    state: Record<string, any>;
    /** URNs of the resources this one waits for (dependsOn and the outputs its inputs read). */
    dependencies: string[];
    /** Former names (and parents) this resource answers to: Pulumi aliases. */
    aliases: { name: string; parentUrn: string }[];
}

/** Whether `resource` waits for `target` (URNs carry the parent's type chain, so match on type and name). */
export function dependsOn(resource: DeclaredResource, target: DeclaredResource): boolean {
    return resource.dependencies.some((urn) => urn.endsWith(`$${target.type}::${target.name}`) || urn.endsWith(`::${target.type}::${target.name}`));
}

export interface Graph {
    stack: string;
    resources: DeclaredResource[];
    outputs: Record<string, unknown>;
    /** The stack's raw config as Pulumi would hand it to the program (objects as parsed YAML). */
    config: Record<string, any>;
}

/** Pulumi.<stack>.yaml's config block, values as parsed YAML. */
export function stackYaml(stack: string): Record<string, any> {
    const file = path.join(infraDir, `Pulumi.${stack}.yaml`);
    const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    return { ...(doc.config ?? {}) };
}

/** The CLI hands structured config to the program as JSON strings and scalars as strings; do the same. */
function toPulumiConfig(raw: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (value === undefined) continue;
        out[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return out;
}

/** Empty stand-ins for the build's zips: the mocks never read them, the program only checks they exist. */
export function fakeArtifactsDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tracking-artifacts-"));
    for (const name of ["ingest", "query"]) fs.writeFileSync(path.join(dir, `${name}.zip`), "");
    return dir;
}

const arnService: Record<string, string> = {
    dynamodb: "dynamodb", lambda: "lambda", iam: "iam", cloudwatch: "logs", kms: "kms", sns: "sns",
    apigateway: "apigateway", wafv2: "wafv2", budgets: "budgets", backup: "backup", appautoscaling: "application-autoscaling",
    synthetics: "synthetics", ssm: "ssm", s3: "s3",
};

/** Attributes the provider would compute, shaped like the real ones so ARNs and URLs in inputs are checkable. */
function computedState(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
    const id = `${name}-id`;
    const region = inputs.region ?? currentRegion;
    const module = type.split(":")[1]?.split("/")[0] ?? "";
    const physical = inputs.name ?? name;
    const state: Record<string, any> = { ...inputs, arn: `arn:aws:${arnService[module] ?? module}:${region}:${accountId}:${module}/${physical}` };
    switch (type) {
        case "aws:dynamodb/table:Table":
            state.arn = `arn:aws:dynamodb:${region}:${accountId}:table/${physical}`;
            break;
        case "aws:cloudwatch/logGroup:LogGroup":
            state.arn = `arn:aws:logs:${region}:${accountId}:log-group:${physical}`;
            break;
        case "aws:iam/role:Role":
            state.arn = `arn:aws:iam::${accountId}:role/${physical}`;
            state.name = physical;
            break;
        case "aws:lambda/function:Function": {
            state.arn = `arn:aws:lambda:${region}:${accountId}:function:${physical}`;
            state.invokeArn = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${state.arn}/invocations`;
            state.version = inputs.publish ? "1" : "$LATEST";
            break;
        }
        case "aws:lambda/alias:Alias": {
            const fnArn = `arn:aws:lambda:${region}:${accountId}:function:${inputs.functionName}:${inputs.name}`;
            state.arn = fnArn;
            state.invokeArn = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`;
            break;
        }
        case "aws:apigateway/restApi:RestApi":
            state.rootResourceId = `${id}-root`;
            state.executionArn = `arn:aws:execute-api:${region}:${accountId}:${id}`;
            break;
        case "aws:apigateway/stage:Stage":
            state.arn = `arn:aws:apigateway:${region}::/restapis/${inputs.restApi}/stages/${inputs.stageName}`;
            state.invokeUrl = `https://${inputs.restApi}.execute-api.${region}.amazonaws.com/${inputs.stageName}`;
            break;
        case "aws:apigateway/apiKey:ApiKey":
            state.value = `secret-key-value-of-${name}`;
            break;
        case "aws:apigateway/domainName:DomainName":
            state.regionalDomainName = `d-${id}.execute-api.${region}.amazonaws.com`;
            break;
        case "aws:kms/key:Key":
            state.keyId = `${id}-key`;
            state.arn = `arn:aws:kms:${region}:${accountId}:key/${id}-key`;
            break;
        case "aws:synthetics/canary:Canary":
            state.engineArn = `arn:aws:lambda:${region}:${accountId}:function:cwsyn-${physical}-0a1b2c3d-4e5f:1`;
            break;
        case "aws:s3/bucket:Bucket":
            state.bucket = `${inputs.bucketPrefix ?? name}0123456789`;
            state.arn = `arn:aws:s3:::${state.bucket}`;
            break;
        case "aws:ssm/parameter:Parameter":
            state.arn = `arn:aws:ssm:${region}:${accountId}:parameter${physical}`;
            break;
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            state.arn = `arn:aws:cloudwatch:${region}:${accountId}:alarm:${physical}`;
            break;
        case "aws:cloudwatch/compositeAlarm:CompositeAlarm":
            state.arn = `arn:aws:cloudwatch:${region}:${accountId}:alarm:${inputs.alarmName}`;
            break;
        case "aws:sqs/queue:Queue":
            state.arn = `arn:aws:sqs:${region}:${accountId}:${physical}`;
            state.url = `https://sqs.${region}.amazonaws.com/${accountId}/${physical}`;
            break;
        case "random:index/randomPassword:RandomPassword":
            state.result = "r".repeat(inputs.length ?? 32);
            break;
    }
    return state;
}

let recorded: DeclaredResource[] = [];
const dependenciesByName = new Map<string, string[]>();
const aliasesByName = new Map<string, { name: string; parentUrn: string }[]>();

async function installMocks(stack: string, preview: boolean): Promise<void> {
    recorded = [];
    dependenciesByName.clear();
    aliasesByName.clear();
    await pulumi.runtime.setMocks({
        newResource(args: pulumi.runtime.MockResourceArgs) {
            const state = computedState(args.type, args.name, args.inputs);
            const dependencies = dependenciesByName.get(`${args.type}::${args.name}`) ?? [];
            const aliases = aliasesByName.get(`${args.type}::${args.name}`) ?? [];
            recorded.push({ type: args.type, name: args.name, inputs: args.inputs, state, dependencies, aliases });
            return { id: `${args.name}-id`, state };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
                return { accountId, arn: `arn:aws:iam::${accountId}:user/test`, userId: "test", id: accountId };
            }
            return args.inputs;
        },
    }, project, stack, preview);
    recordDependencies();
}

/** The mocks' monitor does not hand dependencies to newResource; read them off each registration request. */
function recordDependencies(): void {
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        dependenciesByName.set(`${req.getType()}::${req.getName()}`, req.getDependenciesList());
        aliasesByName.set(`${req.getType()}::${req.getName()}`, req.getAliasesList().map((a: any) => a.toObject().spec).filter(Boolean)
            .map((spec: any) => ({ name: spec.name, parentUrn: spec.parenturn })));
        return register(req, callback);
    };
}

function freshProgram(): Record<string, unknown> {
    const bin = path.resolve(__dirname, "..");
    for (const key of Object.keys(require.cache)) {
        if (key.startsWith(bin) && !key.includes(`${path.sep}test${path.sep}`)) delete require.cache[key];
    }
    return require(path.join(bin, "index.js"));
}

async function settle(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) return settle(await new Promise((resolve) => (value as pulumi.Output<unknown>).apply(resolve)));
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await settle(v)] as const));
        return Object.fromEntries(entries);
    }
    return value;
}

const waitForRPCs: () => Promise<void> = require("@pulumi/pulumi/runtime/settings").waitForRPCs;

/**
 * Declares the stack `stack` with its Pulumi.<stack>.yaml, plus `overrides` (a key set to undefined is removed),
 * and returns every declared resource once all registrations have finished.
 */
export async function runStack(stack: string, overrides: Record<string, unknown> = {}, options: { preview?: boolean } = {}): Promise<Graph> {
    const config: Record<string, any> = { ...stackYaml(stack), [`${project}:artifactsDir`]: fakeArtifactsDir(), ...overrides };
    for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete config[k];
    currentRegion = config["aws:region"] ?? region;
    await installMocks(stack, options.preview ?? false);
    pulumi.runtime.setAllConfig(toPulumiConfig(config));
    const exported = freshProgram();
    const outputs = (await settle(exported)) as Record<string, unknown>;
    await waitForRPCs();
    return { stack, resources: [...recorded], outputs, config };
}

/** Runs a config that must be rejected; returns the error and how many resources were declared first. */
export async function rejectedStack(stack: string, overrides: Record<string, unknown>, options: { preview?: boolean } = {}): Promise<{ error: Error; declared: number }> {
    try {
        const graph = await runStack(stack, overrides, options);
        throw new Error(`expected the stack to be rejected, but it declared ${graph.resources.length} resources`);
    } catch (e) {
        if ((e as Error).message.startsWith("expected the stack")) throw e;
        await waitForRPCs();
        return { error: e as Error, declared: recorded.length };
    }
}

export function ofType(graph: Graph, type: string): DeclaredResource[] {
    return graph.resources.filter((r) => r.type === type);
}

export function one(graph: Graph, type: string, name?: string): DeclaredResource {
    const found = ofType(graph, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
    return found[0];
}

/** Pulumi's secret wrapper as the mocks see it. */
const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const specialSigKey = "4dabf18193072939515e22adb298388d";

export function isSecretValue(v: unknown): boolean {
    return !!v && typeof v === "object" && (v as Record<string, unknown>)[specialSigKey] === secretSig;
}

export function unwrapSecret<T>(v: T | { value: T }): T {
    return isSecretValue(v) ? (v as { value: T }).value : (v as T);
}

export function readRepoJson<T>(relative: string): T {
    return JSON.parse(fs.readFileSync(path.join(repoDir, relative), "utf8")) as T;
}
