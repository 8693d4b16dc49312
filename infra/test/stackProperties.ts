import * as assert from "node:assert/strict";
import { createHash } from "crypto";
import * as fs from "fs";
import { before, describe, test } from "node:test";
import * as path from "path";
import { DeclaredResource, Graph, infraDir, isSecretValue, ofType, one, project, readRepoJson, repoDir, runStack, unwrapSecret } from "./harness";

// Properties every stack must have, checked on the resource graph the real program declares under mocks.
// Expected values come from the stack's YAML and from src/Contracts, never from the program's own modules.

interface TableJson {
    billingMode: string;
    attributes: { name: string; type: string }[];
    partitionKey: string;
    sortKey: string;
    localSecondaryIndexes: { name: string; sortKey: string; projection: { type: string; nonKeyAttributes?: string[] } }[];
    globalSecondaryIndexes: { name: string; partitionKey: string; sortKey: string; projection: { type: string; nonKeyAttributes?: string[] } }[];
    ttlAttribute: string;
}

interface OpenApiJson {
    paths: Record<string, Record<string, any>>;
    "x-tracking-functions": Record<string, { artifact: string; dynamodb: { tableActions: string[]; indexActions: string[] } }>;
    "x-tracking-catch-all": { resource: string; function: string };
    [key: string]: any;
}

const tableJson = readRepoJson<TableJson>("src/Contracts/Definitions/table.json");
const openApi = readRepoJson<OpenApiJson>("src/Contracts/Definitions/openapi.json");
const apiJson = { functions: openApi["x-tracking-functions"] };
const verbs = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Whether the provider lets this resource type carry tags: read from @pulumi/aws's own type declarations. */
function isTaggable(type: string): boolean {
    const [pkg, modulePath, className] = type.split(":");
    if (pkg !== "aws") return false;
    const [module, file] = modulePath.split("/");
    const declaration = path.join(infraDir, "node_modules", "@pulumi", "aws", module, `${file}.d.ts`);
    const text = fs.readFileSync(declaration, "utf8");
    const start = text.indexOf(`export interface ${className}Args {`);
    assert.ok(start >= 0, `no ${className}Args in ${declaration}`);
    const body = text.slice(start, text.indexOf("\n}", start));
    return /\n\s+tags\?:/.test(body);
}

/** The variables EnvironmentVariables.cs says the functions read, minus the local-only endpoint. (What Lambda sets
 *  itself is named apart, in src/LambdaRuntime/LambdaEnvironment.cs.) */
function expectedEnvironmentNames(): string[] {
    const cs = fs.readFileSync(path.join(repoDir, "src/Contracts/Configuration/EnvironmentVariables.cs"), "utf8");
    return [...cs.matchAll(/const string \w+ = "([A-Z_]+)";/g)].map((m) => m[1]).filter((n) => n !== "DYNAMODB_ENDPOINT" && n !== "SQS_ENDPOINT").sort();
}

function sameSet(actual: string[], expected: string[], message: string): void {
    assert.deepEqual([...new Set(actual)].sort(), [...new Set(expected)].sort(), message);
}

export function defineStackTests(stack: string): void {
    describe(`stack ${stack}`, () => {
        let graph: Graph;
        let cfg: (key: string) => any;
        const prefix = `${project}-${stack}`;
        const fnResource = (fn: string) => one(graph, "aws:lambda/function:Function", fn);
        const provisioned = (fn: string): number => cfg("functions")[fn].provisionedConcurrency ?? 0;

        before(async () => {
            graph = await runStack(stack);
            cfg = (key) => graph.config[`${project}:${key}`];
        });

        test("every taggable resource carries the project, stack, owner and cost-center tags", () => {
            const taggable = graph.resources.filter((r) => isTaggable(r.type));
            assert.ok(taggable.length >= 20, `expected many taggable resources, found ${taggable.length}`);
            const expected = { project, stack: prefix, owner: cfg("owner"), "cost-center": cfg("costCenter") };
            for (const r of taggable) {
                for (const [k, v] of Object.entries(expected)) {
                    assert.equal(r.inputs.tags?.[k], v, `${r.type} ${r.name}: tag ${k}`);
                }
            }
        });

        test("table keys, attributes and indexes match src/Contracts/Definitions/table.json", () => {
            const table = one(graph, "aws:dynamodb/table:Table").inputs;
            assert.equal(table.name, prefix);
            assert.equal(table.billingMode, tableJson.billingMode);
            assert.equal(table.hashKey, tableJson.partitionKey);
            assert.equal(table.rangeKey, tableJson.sortKey);
            assert.deepEqual(
                [...table.attributes].sort((a: any, b: any) => a.name.localeCompare(b.name)),
                [...tableJson.attributes].sort((a, b) => a.name.localeCompare(b.name)),
            );
            assert.deepEqual(table.localSecondaryIndexes.map((i: any) => ({ name: i.name, sortKey: i.rangeKey, type: i.projectionType, nonKey: i.nonKeyAttributes })),
                tableJson.localSecondaryIndexes.map((i) => ({ name: i.name, sortKey: i.sortKey, type: i.projection.type, nonKey: i.projection.nonKeyAttributes })));
            assert.deepEqual(table.globalSecondaryIndexes.map((i: any) => ({ name: i.name, keys: i.keySchemas, type: i.projectionType, nonKey: i.nonKeyAttributes })),
                tableJson.globalSecondaryIndexes.map((i) => ({
                    name: i.name,
                    keys: [{ attributeName: i.partitionKey, keyType: "HASH" }, { attributeName: i.sortKey, keyType: "RANGE" }],
                    type: i.projection.type,
                    nonKey: i.projection.nonKeyAttributes,
                })));
        });

        test("table encryption, point-in-time recovery, TTL, deletion protection and backup are as configured", () => {
            const table = one(graph, "aws:dynamodb/table:Table").inputs;
            const t = cfg("table");
            const keys = ofType(graph, "aws:kms/key:Key");
            if (cfg("encryption") === "customer-managed") {
                assert.equal(keys.length, 1);
                assert.equal(keys[0].inputs.enableKeyRotation, true);
                assert.deepEqual(table.serverSideEncryption, { enabled: true, kmsKeyArn: keys[0].state.arn });
            } else {
                assert.equal(keys.length, 0, "an AWS-owned key stack creates no KMS key");
                assert.deepEqual(table.serverSideEncryption, { enabled: false });
            }
            assert.deepEqual(table.pointInTimeRecovery, { enabled: t.pointInTimeRecovery });
            // On in every stack, even one keeping events forever: tombstones and audit records always expire.
            assert.deepEqual(table.ttl, { attributeName: tableJson.ttlAttribute, enabled: true });
            assert.equal(table.deletionProtectionEnabled, t.deletionProtection);
            const selections = ofType(graph, "aws:backup/selection:Selection");
            assert.equal(selections.length, t.backup?.enabled ? 1 : 0);
            if (t.backup?.enabled) {
                assert.deepEqual(selections[0].inputs.resources, [one(graph, "aws:dynamodb/table:Table").state.arn]);
                assert.equal(one(graph, "aws:backup/plan:Plan").inputs.rules[0].lifecycle.deleteAfter, t.backup.deleteAfterDays);
            }
        });

        test("each function role allows exactly the DynamoDB actions openapi.json lists, on this table and its indexes only", () => {
            const tableArn = one(graph, "aws:dynamodb/table:Table").state.arn;
            const indexArns = [...tableJson.localSecondaryIndexes, ...tableJson.globalSecondaryIndexes].map((i) => `${tableArn}/index/${i.name}`);
            const key = ofType(graph, "aws:kms/key:Key")[0];
            for (const [fn, def] of Object.entries(apiJson.functions)) {
                const role = graph.resources.find((r) => r.type === "aws:iam/role:Role" && r.state.arn === fnResource(fn).inputs.role);
                assert.ok(role, `${fn}: role`);
                assert.equal(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal.Service, "lambda.amazonaws.com");
                assert.equal(ofType(graph, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.state.name).length, 0, `${fn}: no managed policies`);
                const policies = ofType(graph, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === `${role.name}-id`);
                assert.equal(policies.length, 1, `${fn}: one inline policy`);
                const statements: { Effect: string; Action: string[]; Resource: string[] }[] = JSON.parse(policies[0].inputs.policy).Statement;
                const logGroupArn = one(graph, "aws:cloudwatch/logGroup:LogGroup", fn).state.arn;

                const dynamo = statements.filter((s) => s.Action.some((a) => a.startsWith("dynamodb:")));
                const onTable = dynamo.filter((s) => s.Resource.includes(tableArn)).flatMap((s) => s.Action);
                const onIndexes = dynamo.filter((s) => s.Resource.some((r) => r.includes("/index/"))).flatMap((s) => s.Action);
                sameSet(onTable, def.dynamodb.tableActions, `${fn}: table actions`);
                sameSet(onIndexes, def.dynamodb.indexActions, `${fn}: index actions`);
                for (const s of dynamo) {
                    assert.ok(s.Resource.every((r) => r === tableArn || indexArns.includes(r)), `${fn}: DynamoDB resources ${s.Resource}`);
                    if (s.Resource.some((r) => r.includes("/index/"))) sameSet(s.Resource, indexArns, `${fn}: names each index`);
                }
                const xray = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];
                for (const s of statements) {
                    assert.equal(s.Effect, "Allow");
                    for (const a of s.Action) assert.ok(!a.includes("*"), `${fn}: wildcard action ${a}`);
                    for (const r of s.Resource) {
                        // Wildcards only where AWS offers nothing narrower: streams inside the function's own log group
                        // (their names are not known in advance) and X-Ray (no resource-level permissions at all).
                        const xrayOnly = s.Action.every((a) => xray.includes(a));
                        assert.ok(!r.includes("*") || r === `${logGroupArn}:log-stream:*` || (xrayOnly && r === "*"), `${fn}: wildcard resource ${r}`);
                    }
                }
                const others = statements.filter((s) => !dynamo.includes(s)).flatMap((s) => s.Action);
                const kms = key ? (def.dynamodb.tableActions.some((a) => /PutItem|UpdateItem/.test(a)) ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"]) : [];
                const tracing = cfg("tracing") ?? true;
                sameSet(others, ["logs:CreateLogStream", "logs:PutLogEvents", ...kms, ...(tracing ? xray : [])], `${fn}: non-DynamoDB actions`);
                for (const s of statements.filter((s) => s.Action.some((a) => a.startsWith("kms:")))) assert.deepEqual(s.Resource, [key!.state.arn]);
            }
        });

        test("the REST API is the repository's OpenAPI document: every operation, key required, each reaching its function", () => {
            const api = one(graph, "aws:apigateway/restApi:RestApi");
            assert.equal(api.inputs.putRestApiMode, "overwrite");
            const body = JSON.parse(api.inputs.body);
            assert.equal(body.openapi, "3.0.1");
            const target = (fn: string) => (provisioned(fn) > 0 ? one(graph, "aws:lambda/alias:Alias", fn) : fnResource(fn)).state.invokeArn;
            const reaches = (method: any, fn: string, where: string) => {
                assert.deepEqual(method.security, [{ api_key: [] }], `${where} requires a key`);
                const integration = method["x-amazon-apigateway-integration"];
                assert.deepEqual([integration.type, integration.httpMethod, integration.uri], ["aws_proxy", "POST", target(fn)], `${where} -> ${fn}`);
            };
            for (const [path, item] of Object.entries(openApi.paths)) {
                const deployed = body.paths[path];
                assert.ok(deployed, `${path} is deployed`);
                for (const verb of Object.keys(item).filter((k) => verbs.includes(k))) {
                    const op = item[verb];
                    const method = deployed[verb];
                    assert.equal(method.operationId, op.operationId, `${verb} ${path}`);
                    reaches(method, op["x-tracking-function"], `${verb} ${path}`);
                    assert.deepEqual(Object.keys(method.responses).sort(), Object.keys(op.responses).sort(), `${verb} ${path}: the document's status codes`);
                    const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => (p.$ref ? openApi.components.parameters[p.$ref.split("/").pop()] : p));
                    assert.deepEqual(method.parameters.map((p: any) => [p.in, p.name, p.required]), declared.map((p: any) => [p.in, p.name, p.required === true]), `${verb} ${path}: parameters`);
                    const validator = op["x-amazon-apigateway-request-validator"] ?? openApi["x-amazon-apigateway-request-validator"];
                    assert.equal(method["x-amazon-apigateway-request-validator"] ?? body["x-amazon-apigateway-request-validator"], validator, `${verb} ${path}: validator`);
                    if (op.requestBody) {
                        assert.deepEqual(method.requestBody.content["application/json"].schema, { $ref: `#/components/schemas/${op.requestBody.content["application/json"]["x-tracking-edge-model"]}` });
                    }
                }
                reaches(deployed["x-amazon-apigateway-any-method"], item["x-tracking-fallback-function"], `ANY ${path}`);
            }
            const catchAll = openApi["x-tracking-catch-all"];
            reaches(body.paths[catchAll.resource]["x-amazon-apigateway-any-method"], catchAll.function, `ANY ${catchAll.resource}`);
            reaches(body.paths["/"]["x-amazon-apigateway-any-method"], catchAll.function, "ANY /");
            for (const [path, item] of Object.entries<any>(body.paths)) {
                for (const method of Object.values<any>(item)) assert.deepEqual(method.security, [{ api_key: [] }], `every method of ${path} requires a key`);
            }
            assert.deepEqual(body.components.securitySchemes.api_key, openApi.components.securitySchemes.api_key);
            assert.deepEqual(body.components.schemas, openApi["x-tracking-edge-models"]);
        });

        test("API Gateway validates with the document's validators and answers with its gateway responses", () => {
            const body = JSON.parse(one(graph, "aws:apigateway/restApi:RestApi").inputs.body);
            for (const key of ["x-amazon-apigateway-request-validators", "x-amazon-apigateway-request-validator", "x-amazon-apigateway-gateway-responses", "x-amazon-apigateway-api-key-source"]) {
                assert.deepEqual(body[key], openApi[key], key);
            }
            const validators = body["x-amazon-apigateway-request-validators"];
            assert.ok(Object.values<any>(validators).some((v) => v.validateRequestBody && v.validateRequestParameters));
            const throttled = body["x-amazon-apigateway-gateway-responses"].THROTTLED;
            assert.equal(throttled.statusCode, "429");
            assert.equal(throttled.responseParameters["gatewayresponse.header.Retry-After"], "'1'");
            for (const [type, r] of Object.entries<any>(body["x-amazon-apigateway-gateway-responses"])) {
                assert.equal(r.responseParameters["gatewayresponse.header.Content-Type"], "'application/problem+json'", type);
            }
        });

        test("a new deployment follows the document", () => {
            const api = one(graph, "aws:apigateway/restApi:RestApi");
            const deployment = one(graph, "aws:apigateway/deployment:Deployment");
            assert.equal(deployment.inputs.triggers.redeployment, createHash("sha256").update(api.inputs.body).digest("hex"));
            assert.equal(ofType(graph, "aws:apigateway/method:Method").length, 0, "no methods outside the document");
        });

        test("every Lambda permission names this API's execution ARN as source", () => {
            const executionArn = one(graph, "aws:apigateway/restApi:RestApi").state.executionArn;
            const permissions = ofType(graph, "aws:lambda/permission:Permission");
            assert.equal(permissions.length, Object.keys(apiJson.functions).length);
            for (const p of permissions) {
                assert.equal(p.inputs.principal, "apigateway.amazonaws.com");
                assert.ok(typeof p.inputs.sourceArn === "string" && p.inputs.sourceArn.startsWith(`${executionArn}/`), `${p.name}: sourceArn ${p.inputs.sourceArn}`);
            }
        });

        test("every log group has the configured retention", () => {
            const groups = ofType(graph, "aws:cloudwatch/logGroup:LogGroup");
            const canary = cfg("canary")?.enabled ? 1 : 0;
            assert.equal(groups.length, Object.keys(apiJson.functions).length + 3 + canary, "one per function, the retry consumer's, API access and execution logs, and the canary's");
            for (const g of groups) assert.equal(g.inputs.retentionInDays, cfg("logRetentionDays"), g.name);
        });

        test("the stage writes JSON access logs without query strings or bodies, with metrics and throttling", () => {
            const stage = one(graph, "aws:apigateway/stage:Stage").inputs;
            const accessGroup = one(graph, "aws:cloudwatch/logGroup:LogGroup", "api-access");
            assert.equal(stage.accessLogSettings.destinationArn, accessGroup.state.arn);
            const format = JSON.parse(stage.accessLogSettings.format);
            const fields = Object.values(format).join(" ");
            assert.match(fields, /\$context\.requestId/);
            assert.doesNotMatch(fields, /querystring|\$input|body|header/i);
            const settings = one(graph, "aws:apigateway/methodSettings:MethodSettings").inputs;
            assert.equal(settings.methodPath, "*/*");
            assert.equal(settings.settings.metricsEnabled, true);
            assert.equal(settings.settings.dataTraceEnabled, false);
            assert.equal(settings.settings.throttlingRateLimit, cfg("api").throttlingRateLimit);
            assert.equal(settings.settings.throttlingBurstLimit, cfg("api").throttlingBurstLimit);
        });

        test("provisioned concurrency resources exist only for functions above 0, and then the API calls the alias", () => {
            for (const fn of Object.keys(apiJson.functions)) {
                const n = provisioned(fn);
                const f = fnResource(fn);
                const aliases = ofType(graph, "aws:lambda/alias:Alias").filter((a) => a.inputs.functionName === f.inputs.name);
                const configs = ofType(graph, "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig").filter((c) => c.inputs.functionName === f.inputs.name);
                const targets = ofType(graph, "aws:appautoscaling/target:Target").filter((t) => t.inputs.resourceId.startsWith(`function:${f.inputs.name}:`));
                const body = JSON.parse(one(graph, "aws:apigateway/restApi:RestApi").inputs.body);
                const uris = Object.values<any>(body.paths).flatMap((item) => Object.values<any>(item)).map((m) => m["x-amazon-apigateway-integration"].uri);
                const permission = one(graph, "aws:lambda/permission:Permission", `api-invoke-${fn}`).inputs;
                if (n === 0) {
                    assert.equal(f.inputs.publish, false, `${fn}: no version published`);
                    assert.equal(aliases.length + configs.length + targets.length, 0, `${fn}: nothing extra`);
                    assert.ok(uris.includes(f.state.invokeArn), `${fn}: API calls the function`);
                    assert.equal(permission.qualifier, undefined);
                } else {
                    assert.equal(f.inputs.publish, true);
                    assert.equal(aliases.length, 1);
                    assert.equal(aliases[0].inputs.name, "live");
                    assert.equal(aliases[0].inputs.functionVersion, f.state.version);
                    assert.equal(configs.length, 1);
                    assert.equal(configs[0].inputs.provisionedConcurrentExecutions, n);
                    assert.equal(configs[0].inputs.qualifier, "live");
                    assert.ok(uris.includes(aliases[0].state.invokeArn), `${fn}: API calls the alias`);
                    assert.ok(!uris.includes(f.state.invokeArn), `${fn}: API never calls $LATEST`);
                    assert.equal(permission.qualifier, "live");
                    const schedule = cfg("functions")[fn].scheduledScaling;
                    assert.equal(targets.length, schedule ? 1 : 0);
                    if (schedule) {
                        const actions = ofType(graph, "aws:appautoscaling/scheduledAction:ScheduledAction").filter((a) => a.inputs.resourceId === targets[0].inputs.resourceId);
                        assert.deepEqual(actions.map((a) => a.inputs.scalableTargetAction.minCapacity).sort(),
                            [schedule.businessHoursConcurrency, schedule.offHoursConcurrency].sort());
                        assert.ok(actions.every((a) => a.inputs.timezone === schedule.timezone));
                    }
                }
            }
        });

        test("WAF is attached to the stage exactly when configured", () => {
            const acls = ofType(graph, "aws:wafv2/webAcl:WebAcl");
            const associations = ofType(graph, "aws:wafv2/webAclAssociation:WebAclAssociation");
            if (!cfg("waf").enabled) {
                assert.equal(acls.length + associations.length, 0);
                return;
            }
            assert.equal(acls.length, 1);
            const acl = acls[0].inputs;
            assert.equal(acl.scope, "REGIONAL");
            const rate = acl.rules.find((r: any) => r.statement.rateBasedStatement);
            assert.equal(rate.statement.rateBasedStatement.limit, cfg("waf").rateLimitPer5Minutes);
            assert.deepEqual(rate.action, { block: {} });
            assert.ok(acl.rules.some((r: any) => r.statement.managedRuleGroupStatement?.name === "AWSManagedRulesCommonRuleSet"));
            assert.equal(associations.length, 1);
            assert.equal(associations[0].inputs.resourceArn, one(graph, "aws:apigateway/stage:Stage").state.arn);
        });

        test("the monthly budget has the configured amount, the stack's tag filter and email plus SNS notifications", () => {
            const budget = one(graph, "aws:budgets/budget:Budget").inputs;
            const b = cfg("budget");
            assert.equal(Number(budget.limitAmount), b.monthlyLimitUsd);
            assert.equal(budget.limitUnit, "USD");
            assert.equal(budget.timeUnit, "MONTHLY");
            assert.equal(budget.budgetType, "COST");
            assert.deepEqual(budget.costFilters, [{ name: "TagKeyValue", values: [`user:stack$${prefix}`] }]);
            const topic = one(graph, "aws:sns/topic:Topic", "cost").state.arn;
            const kinds = budget.notifications.map((n: any) => `${n.notificationType}:${n.threshold}`).sort();
            assert.deepEqual(kinds, ["ACTUAL:100", "ACTUAL:80", "FORECASTED:100"]);
            for (const n of budget.notifications) {
                assert.deepEqual(n.subscriberSnsTopicArns, [topic]);
                assert.deepEqual(n.subscriberEmailAddresses ?? [], b.emails);
            }
            const topicPolicy = JSON.parse(one(graph, "aws:sns/topicPolicy:TopicPolicy").inputs.policy);
            assert.equal(topicPolicy.Statement[0].Principal.Service, "budgets.amazonaws.com");
        });

        test("function environments hold settings only: no credentials, signing key secret and generated", () => {
            const expected = expectedEnvironmentNames();
            assert.ok(expected.includes("CURSOR_SIGNING_KEY") && expected.length >= 10, `parsed ${expected}`);
            const password = one(graph, "random:index/randomPassword:RandomPassword", "cursor-signing-key");
            const auditKey = one(graph, "random:index/randomPassword:RandomPassword", "audit-id-key");
            assert.ok(auditKey.inputs.length >= 32);
            const privacy = { metadataDenylist: ["name", "email", "phone", "address"], tombstoneDays: 90, auditRetentionDays: 1096, ...cfg("privacy") };
            assert.ok(password.inputs.length >= 32);
            for (const fn of Object.keys(apiJson.functions)) {
                const environment = fnResource(fn).inputs.environment;
                assert.ok(isSecretValue(environment), `${fn}: environment is a Pulumi secret`);
                const vars: Record<string, string> = unwrapSecret(environment).variables;
                // Only the ingest executable (API and retry consumer) reads the retry queue's settings.
                const retryNames = ["RETRY_QUEUE_URL", "DEAD_LETTER_QUEUE_URL", "RETRY_MAX_RECEIVES", "RETRY_BACKOFF_SECONDS"];
                // Plus OpenSSL's two (the trimmed trust store, on by default; trustStore.test.ts checks the values).
                const openSsl = (cfg("trimmedTrustStore") ?? true) === false ? [] : ["SSL_CERT_DIR", "SSL_CERT_FILE"];
                sameSet(Object.keys(vars), [...(fn === "ingest" ? expected : expected.filter((n) => !retryNames.includes(n))), ...openSsl], `${fn}: variable names`);
                assert.equal(vars.CURSOR_SIGNING_KEY, password.state.result);
                assert.equal(vars.TABLE_NAME, prefix);
                assert.equal(vars.STAGE, stack);
                assert.equal(vars.EVENT_TYPES, cfg("eventTypes").join(","));
                assert.equal(vars.RETENTION_DAYS, String(cfg("table").retentionDays));
                assert.equal(vars.AUDIT_ID_KEY, auditKey.state.result);
                assert.equal(vars.METADATA_DENYLIST, privacy.metadataDenylist.join(","));
                assert.equal(vars.TOMBSTONE_DAYS, String(privacy.tombstoneDays));
                assert.equal(vars.AUDIT_RETENTION_DAYS, String(privacy.auditRetentionDays));
                for (const [k, v] of Object.entries(vars)) {
                    assert.doesNotMatch(k, /^AWS_|SECRET_ACCESS|SESSION_TOKEN|DYNAMODB_ENDPOINT/);
                    assert.doesNotMatch(v, /(AKIA|ASIA)[A-Z0-9]{16}|aws_secret_access_key|https?:\/\/(localhost|127\.0\.0\.1)/i, `${fn}: ${k}`);
                }
                for (const k of Object.keys(vars).filter((k) => k.startsWith("PRICE_"))) assert.match(vars[k], /^\d+(\.\d+)?$/, `${k} in plain decimals`);
            }
        });

        test("each configured client gets its own API key and usage plan, and the functions map key ids to client and role", () => {
            const configured: { name: string; role: string; rateLimit: number; burstLimit: number; monthlyQuota: number }[] = cfg("clients");
            // The canary is one more client, a reader with a small quota of its own.
            const canaryClient = { name: "synthetic-canary", role: "reader", rateLimit: 1, burstLimit: 2, monthlyQuota: 2 * Math.ceil(44640 / (cfg("canary")?.scheduleMinutes ?? 5)) };
            const clients = cfg("canary")?.enabled ? [...configured, canaryClient] : configured;
            const keys = ofType(graph, "aws:apigateway/apiKey:ApiKey");
            const plans = ofType(graph, "aws:apigateway/usagePlan:UsagePlan");
            const links = ofType(graph, "aws:apigateway/usagePlanKey:UsagePlanKey");
            assert.equal(keys.length, clients.length);
            assert.equal(plans.length, clients.length);
            const apiClients = JSON.parse(unwrapSecret(fnResource("query").inputs.environment).variables.API_CLIENTS);
            const stageName = one(graph, "aws:apigateway/stage:Stage").inputs.stageName;
            for (const c of clients) {
                const key = keys.find((k) => k.inputs.name === `${prefix}-${c.name}`);
                assert.ok(key, `key for ${c.name}`);
                assert.deepEqual(apiClients[`${key.name}-id`], { name: c.name, role: c.role });
                const link = links.filter((l) => l.inputs.keyId === `${key.name}-id`);
                assert.equal(link.length, 1, `${c.name}: in exactly one usage plan`);
                const plan = plans.find((p) => `${p.name}-id` === link[0].inputs.usagePlanId)!.inputs;
                assert.deepEqual(plan.throttleSettings, { rateLimit: c.rateLimit, burstLimit: c.burstLimit });
                assert.deepEqual(plan.quotaSettings, { limit: c.monthlyQuota, period: "MONTH" });
                assert.deepEqual(plan.apiStages.map((s: any) => s.stage), [stageName]);
            }
            assert.equal(Object.keys(apiClients).length, clients.length);
        });

        test("outputs give the URL, table, function names and key ids, never key values", () => {
            const o = graph.outputs as any;
            assert.match(o.apiUrl, new RegExp(`^https://.+/${cfg("api").stageName ?? stack}$`));
            assert.equal(o.tableName, prefix);
            assert.deepEqual(Object.keys(o.functionNames).sort(), Object.keys(apiJson.functions).sort());
            const keys = ofType(graph, "aws:apigateway/apiKey:ApiKey");
            assert.deepEqual(Object.values(o.clientKeyIds).sort(), keys.map((k) => `${k.name}-id`).sort());
            const text = JSON.stringify(o);
            for (const k of keys) assert.ok(!text.includes(k.state.value), "no key value in outputs");
            for (const secret of ofType(graph, "random:index/randomPassword:RandomPassword")) assert.ok(!text.includes(secret.state.result), `no ${secret.name} in outputs`);
        });

        test("functions run the AOT zip on provided.al2023 arm64 with configured size and JSON logs", async () => {
            for (const [fn, def] of Object.entries(apiJson.functions)) {
                const f = fnResource(fn).inputs;
                const c = cfg("functions")[fn];
                assert.equal(f.runtime, "provided.al2023");
                assert.deepEqual(f.architectures, ["arm64"]);
                assert.equal(f.handler, "bootstrap");
                assert.equal(f.memorySize, c.memoryMb);
                assert.equal(f.timeout, c.timeoutSeconds);
                assert.equal(f.reservedConcurrentExecutions, c.reservedConcurrency);
                assert.equal(f.loggingConfig.logFormat, "JSON");
                assert.equal(f.loggingConfig.logGroup, `/aws/lambda/${prefix}-${fn}`);
                assert.equal(f.kmsKeyArn, ofType(graph, "aws:kms/key:Key")[0]?.state.arn);
                assert.equal(path.basename(await f.code.path), `${def.artifact}.zip`);
            }
        });

        test("alarms cover 5xx rate, p99 latency, Lambda errors and throttles, DynamoDB throttles and system errors, and notify the alarm topic", () => {
            const topic = one(graph, "aws:sns/topic:Topic", "monitoring").state.arn;
            // The SLO's per-window alarms notify nobody: their composites do (sloProperties checks those).
            const alarms = ofType(graph, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => !a.inputs.name.includes("-slo-burn-"));
            for (const a of alarms) {
                assert.deepEqual(a.inputs.alarmActions, [topic], a.name);
            }
            const metricsOf = (a: DeclaredResource): string[] =>
                a.inputs.metricName ? [a.inputs.metricName] : a.inputs.metricQueries.filter((q: any) => q.metric).map((q: any) => q.metric.metricName);
            const byMetrics = (wanted: string[]) => alarms.filter((a) => wanted.every((m) => metricsOf(a).includes(m)));
            for (const fn of Object.keys(apiJson.functions)) {
                const forService = (a: DeclaredResource) => JSON.stringify(a.inputs).includes(`"Service":"${fn}"`);
                assert.equal(byMetrics(["Errors5xx", "Requests"]).filter(forService).length, 1, `${fn}: 5xx rate`);
                const latency = byMetrics(["Latency"]).filter(forService);
                assert.equal(latency.length, 1, `${fn}: latency`);
                assert.equal(latency[0].inputs.extendedStatistic, "p99");
                assert.equal(latency[0].inputs.threshold, cfg("monitoring").p99LatencyMs);
                assert.equal(latency[0].inputs.namespace, cfg("metricsNamespace"));
                const lambda = (m: string) => byMetrics([m]).filter((a) => a.inputs.namespace === "AWS/Lambda" && a.inputs.dimensions.FunctionName === `${prefix}-${fn}`);
                assert.equal(lambda("Errors").length, 1, `${fn}: Lambda errors`);
                assert.equal(lambda("Throttles").length, 1, `${fn}: Lambda throttles`);
            }
            const throttles = byMetrics(["ReadThrottleEvents", "WriteThrottleEvents"]);
            assert.equal(throttles.length, 1, "DynamoDB throttles");
            const watchedIndexes = throttles[0].inputs.metricQueries
                .filter((q: any) => q.metric?.dimensions?.GlobalSecondaryIndexName)
                .map((q: any) => q.metric.dimensions.GlobalSecondaryIndexName);
            for (const index of tableJson.globalSecondaryIndexes) {
                assert.ok(watchedIndexes.includes(index.name), `throttling on index ${index.name} is watched`);
            }
            assert.equal(byMetrics(["SystemErrors"]).length, 1, "DynamoDB system errors");
            const subscriptions = ofType(graph, "aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.topic === topic);
            const email = cfg("monitoring")?.alarmEmail;
            assert.deepEqual(subscriptions.map((s) => s.inputs.endpoint), email ? [email] : []);
            const dashboard = JSON.parse(one(graph, "aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
            const text = JSON.stringify(dashboard);
            for (const m of ["Requests", "Latency", "Errors4xx", "Errors5xx", "DynamoDbCalls", "ReadCapacityUnits", "WriteCapacityUnits", "EstimatedCostUsd"]) {
                assert.ok(text.includes(`"${m}"`), `dashboard shows ${m}`);
            }
        });
    });
}
