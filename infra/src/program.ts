import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as fs from "fs";
import * as path from "path";
import { planApi } from "./apiPlan";
import { parseStackConfig, StackConfig } from "./config";
import { loadApiDefinition, loadTableDefinition } from "./definitions";
import { functionEnvironment } from "./environment";
import { kmsActionsFor } from "./iamPolicy";
import { fromRepo } from "./paths";
import { ApiClientKeys } from "./components/apiClientKeys";
import { ApiGatewayAccount } from "./components/apiGatewayAccount";
import { CostControls } from "./components/costControls";
import { DataKey } from "./components/dataKey";
import { declareOperations } from "./operations";
import { TrackingApi } from "./components/trackingApi";
import { TrackingFunction } from "./components/trackingFunction";
import { TrackingTable } from "./components/trackingTable";
import { Waf } from "./components/waf";
import { RetryAlarms, retryDashboardWidgets } from "./components/retryAlarms";
import { RetryQueue, RetryWiring } from "./components/retryQueue";
import { parseRetryQueueConfig } from "./retryConfig";

export interface StackOutputs {
    apiUrl: pulumi.Output<string>;
    tableName: pulumi.Output<string>;
    functionNames: Record<string, pulumi.Output<string>>;
    /** Key ids only: values stay in API Gateway (`aws apigateway get-api-key --include-value`). */
    clientKeyIds: Record<string, pulumi.Output<string>>;
    dashboardName: pulumi.Output<string>;
    alarmTopicArn: pulumi.Output<string>;
    ticketTopicArn: pulumi.Output<string>;
    customDomainTarget?: pulumi.Output<string>;
    retryQueueUrl: pulumi.Output<string>;
    deadLetterQueueUrl: pulumi.Output<string>;
    retryFunctionName: pulumi.Output<string>;
}

/** Reads and validates everything first; only then declares resources. */
export function loadStackConfig(): StackConfig {
    const api = loadApiDefinition();
    const raw = new pulumi.Config();
    return parseStackConfig({ get: (key) => raw.get(key) }, {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        functionNames: Object.keys(api.functions),
        roles: Object.keys(api.roles),
        region: new pulumi.Config("aws").get("region"),
    });
}

/** A stand-in for a function zip during a preview before the build: never deployed, since `up` needs the real zip. */
export const previewPlaceholderText = "placeholder: run scripts/build-lambdas.sh before pulumi up";

function artifactArchive(config: StackConfig, artifact: string): pulumi.asset.Archive {
    const zip = path.join(fromRepo(config.artifactsDir), `${artifact}.zip`);
    if (fs.existsSync(zip)) return new pulumi.asset.FileArchive(zip);
    // Pulumi hashes a FileArchive when the function is registered, preview included, so a missing zip would fail
    // the preview too; a preview gets a placeholder archive instead (it shows as a code change), an update stops.
    if (pulumi.runtime.isDryRun()) return new pulumi.asset.AssetArchive({ bootstrap: new pulumi.asset.StringAsset(previewPlaceholderText) });
    throw new Error(`Lambda artifact ${zip} is missing: run scripts/build-lambdas.sh first (or set package-tracking:artifactsDir)`);
}

export function createStack(): StackOutputs {
    const config = loadStackConfig();
    const retryConfig = parseRetryQueueConfig({ get: (key) => new pulumi.Config().get(key) }, config.project);
    const tableDefinition = loadTableDefinition();
    const api = loadApiDefinition();
    const plan = planApi(api);
    const artifacts = Object.fromEntries(Object.entries(api.functions).map(([name, f]) => [name, artifactArchive(config, f.artifact)]));

    const prefix = `${config.project}-${config.stack}`;
    const tags = config.tags;

    const key = config.encryption === "customer-managed" ? new DataKey("data", { aliasName: prefix, tags }) : undefined;

    const table = new TrackingTable("tracking", {
        tableName: config.table.tableName ?? prefix,
        definition: tableDefinition,
        deletionProtection: config.table.deletionProtection,
        pointInTimeRecovery: config.table.pointInTimeRecovery,
        kmsKeyArn: key?.arn,
        backup: config.table.backup,
        tags,
    });

    // The canary is a client like any other (own key, own usage plan, a reader in API_CLIENTS).
    const clients = config.canary ? [...config.clients, config.canary.client] : config.clients;
    const clientKeys = new ApiClientKeys("clients", { namePrefix: prefix, clients, tags });

    const cursorSigningKey = new random.RandomPassword("cursor-signing-key", { length: 64, special: false });
    // Keys the tracking-id hash in audit records; separate from the cursor key so rotating that one keeps audit look-ups.
    const auditIdKey = new random.RandomPassword("audit-id-key", { length: 64, special: false });
    const environment = functionEnvironment({
        tableName: table.name,
        apiClients: clientKeys.clientsJson,
        eventTypes: config.eventTypes,
        cursorSigningKey: cursorSigningKey.result,
        retentionDays: config.table.retentionDays,
        metricsNamespace: config.metricsNamespace,
        stage: config.stack,
        prices: config.prices,
        privacy: config.privacy,
        auditIdKey: auditIdKey.result,
    });

    const retryQueue = new RetryQueue("retry", { namePrefix: prefix, config: retryConfig, kmsKeyArn: key?.arn, tags });
    const retryEnvironment = { ...environment, ...retryQueue.environment(retryConfig) };

    const functions = Object.fromEntries(Object.entries(api.functions).map(([name, definition]) => {
        const settings = config.functions[name];
        return [name, new TrackingFunction(name, {
            functionName: `${prefix}-${name}`,
            description: definition.description,
            code: artifacts[name],
            memoryMb: settings.memoryMb,
            timeoutSeconds: settings.timeoutSeconds,
            reservedConcurrency: settings.reservedConcurrency,
            provisionedConcurrency: settings.provisionedConcurrency,
            scheduledScaling: settings.scheduledScaling,
            logRetentionDays: config.logRetentionDays,
            environment: name === "ingest" ? retryEnvironment : environment,
            trimmedTrustStore: config.trimmedTrustStore,
            dynamodb: {
                tableArn: table.arn,
                indexArns: table.indexArns,
                tableActions: definition.dynamodb.tableActions,
                indexActions: definition.dynamodb.indexActions,
            },
            kms: key ? { keyArn: key.arn, actions: kmsActionsFor(definition.dynamodb.tableActions) } : undefined,
            tracing: config.tracing,
            tags,
        })];
    }));

    // The retry consumer: the ingest zip again (it reads SQS events too), its own role and settings.
    const ingestDefinition = api.functions.ingest;
    const consumer = new TrackingFunction("retry", {
        functionName: `${prefix}-retry`,
        description: "Applies queued updates from the retry queue (the ingest executable)",
        code: artifacts.ingest,
        memoryMb: retryConfig.consumer.memoryMb,
        timeoutSeconds: retryConfig.consumer.timeoutSeconds,
        reservedConcurrency: retryConfig.consumer.reservedConcurrency,
        provisionedConcurrency: 0,
        logRetentionDays: config.logRetentionDays,
        environment: retryEnvironment,
        trimmedTrustStore: config.trimmedTrustStore,
        dynamodb: { tableArn: table.arn, indexArns: table.indexArns, tableActions: ingestDefinition.dynamodb.tableActions, indexActions: ingestDefinition.dynamodb.indexActions },
        kms: key ? { keyArn: key.arn, actions: kmsActionsFor(ingestDefinition.dynamodb.tableActions) } : undefined,
        tracing: config.tracing,
        tags,
    });
    new RetryWiring("retry", {
        queueArn: retryQueue.queue.arn,
        deadLetterQueueArn: retryQueue.deadLetterQueue.arn,
        ingestRoleName: functions.ingest.role.name,
        consumerRoleName: consumer.role.name,
        consumerFunctionName: consumer.name,
        config: retryConfig,
        tags,
    });
    // Physical names, known before deployment, so alarms and widgets need no outputs.
    const retryNames = { queueName: `${prefix}-retry`, deadLetterQueueName: `${prefix}-retry-dlq` };
    const consumerFunctionName = `${prefix}-retry`;

    const accountSettings = config.api.manageAccountLogging ? new ApiGatewayAccount("api-account", { tags }) : undefined;
    const restApi = new TrackingApi("api", {
        apiName: prefix,
        stageName: config.api.stageName,
        api,
        plan,
        targets: Object.fromEntries(Object.entries(functions).map(([name, f]) => [name, { functionName: f.name, qualifier: f.qualifier, invokeArn: f.invokeArn }])),
        keys: clientKeys.keys,
        throttlingRateLimit: config.api.throttlingRateLimit,
        throttlingBurstLimit: config.api.throttlingBurstLimit,
        logRetentionDays: config.logRetentionDays,
        accountSettings: accountSettings?.account,
        tracing: config.tracing,
        customDomain: config.api.customDomain,
        tags,
    });

    if (config.waf.enabled) {
        new Waf("waf", { webAclName: prefix, stageArn: restApi.stage.arn, rateLimitPer5Minutes: config.waf.rateLimitPer5Minutes, tags });
    }

    new CostControls("cost", {
        budgetName: prefix,
        monthlyLimitUsd: config.budget.monthlyLimitUsd,
        emails: config.budget.emails,
        costAllocationTag: config.costAllocationTag,
        tags,
    });

    const operations = declareOperations(config, {
        prefix,
        api,
        tableDefinition,
        functions,
        table,
        restApi,
        canaryKey: clientKeys.keys.find((k) => k.client.name === config.canary?.client.name),
        queues: { retryQueueName: retryNames.queueName, deadLetterQueueName: retryNames.deadLetterQueueName },
        extraWidgets: retryDashboardWidgets({ region: config.region, metricsNamespace: config.metricsNamespace, stage: config.stack, queueName: retryNames.queueName, consumerFunctionName }),
        extraAlarms: (alarmTopicArn) => new RetryAlarms("retry", {
            namePrefix: prefix,
            region: config.region,
            metricsNamespace: config.metricsNamespace,
            stage: config.stack,
            ...retryNames,
            consumerFunctionName: consumer.name,
            oldestMessageAgeAlarmSeconds: retryConfig.oldestMessageAgeAlarmSeconds,
            alarmTopicArn,
            tags,
        }).alarms,
    });

    return {
        apiUrl: restApi.url,
        tableName: table.name,
        functionNames: Object.fromEntries(Object.entries(functions).map(([name, f]) => [name, f.name])),
        clientKeyIds: Object.fromEntries(clientKeys.keys.map((k) => [k.client.name, k.keyId])),
        dashboardName: operations.dashboardName,
        alarmTopicArn: operations.alarmTopicArn,
        ticketTopicArn: operations.ticketTopicArn,
        customDomainTarget: restApi.customDomainTarget,
        retryQueueUrl: retryQueue.queue.url,
        deadLetterQueueUrl: retryQueue.deadLetterQueue.url,
        retryFunctionName: consumer.name,
    };
}
