import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "./config";
import { ApiDefinition, TableDefinition } from "./definitions";
import { nearTimeoutMs } from "./slo";
import { IssuedKey } from "./components/apiClientKeys";
import { ApiCanary } from "./components/canary";
import { OpsDashboard, QueueNames } from "./components/dashboard";
import { Monitoring } from "./components/monitoring";
import { SloAlarms } from "./components/sloAlarms";
import { TrackingApi } from "./components/trackingApi";
import { TrackingFunction } from "./components/trackingFunction";
import { TrackingTable } from "./components/trackingTable";

export interface OperatedStack {
    prefix: string;
    api: ApiDefinition;
    tableDefinition: TableDefinition;
    functions: Record<string, TrackingFunction>;
    table: TrackingTable;
    restApi: TrackingApi;
    /** The canary's own key, when the stack runs a canary. */
    canaryKey?: IssuedKey;
    /** Hook for the retry-queue component: its queue names (our widgets), or its own widgets. */
    queues?: QueueNames;
    extraWidgets?: object[];
    /** Alarms another component declares on the stack's alarm topic; they join the dashboard's alarm list. */
    extraAlarms?: (alarmTopicArn: pulumi.Output<string>) => { arn: pulumi.Input<string> }[];
}

export interface Operations {
    dashboardName: pulumi.Output<string>;
    alarmTopicArn: pulumi.Output<string>;
    ticketTopicArn: pulumi.Output<string>;
}

/** What on-call and finance see: alarms, the SLO's burn-rate alerts, the canary, and the dashboard over all of them. */
export function declareOperations(config: StackConfig, s: OperatedStack): Operations {
    const tags = config.tags;
    const apiName = s.restApi.restApi.name;
    const apiStageName = s.restApi.stage.stageName;
    const dynamoDbOperations = [...new Set(Object.values(s.api.functions).flatMap((f) => [...f.dynamodb.tableActions, ...f.dynamodb.indexActions]))]
        .map((action) => action.replace(/^dynamodb:/, ""));
    const monitoring = new Monitoring("monitoring", {
        namePrefix: s.prefix,
        metricsNamespace: config.metricsNamespace,
        stage: config.stack,
        functions: Object.entries(s.functions).map(([service, f]) => ({ service, functionName: f.name })),
        tableName: s.table.name,
        dynamoDbOperations,
        globalSecondaryIndexNames: s.tableDefinition.globalSecondaryIndexes.map((index) => index.name),
        apiName,
        apiStageName,
        alarmEmail: config.monitoring.alarmEmail,
        ticketEmail: config.monitoring.ticketEmail,
        fiveXxRatePercent: config.monitoring.fiveXxRatePercent,
        p99LatencyMs: config.monitoring.p99LatencyMs,
        nearTimeoutMs: nearTimeoutMs(Object.values(config.functions).map((f) => f.timeoutSeconds)),
        watchBackups: config.table.backup !== undefined,
        tags,
    });

    const extraAlarms = s.extraAlarms?.(monitoring.topic.arn) ?? [];

    const slo = new SloAlarms("slo", {
        namePrefix: s.prefix,
        apiName,
        apiStageName,
        slo: config.slo,
        pageTopicArn: monitoring.topic.arn,
        ticketTopicArn: monitoring.ticketTopic.arn,
        tags,
    });

    let canary: ApiCanary | undefined;
    if (config.canary) {
        if (!s.canaryKey) throw new Error("the canary needs its own API client key");
        canary = new ApiCanary("canary", {
            settings: config.canary,
            namePrefix: s.prefix,
            region: config.region,
            accountId: aws.getCallerIdentityOutput({}).accountId,
            apiUrl: s.restApi.url,
            apiKeyValue: s.canaryKey.value,
            latencyObjectiveMs: config.slo.latencyThresholdMs,
            logRetentionDays: config.logRetentionDays,
            tracing: config.tracing,
            alarmTopicArn: monitoring.topic.arn,
            tags,
        });
    }

    const dashboard = new OpsDashboard("dashboard", {
        dashboardName: `${s.prefix}-overview`,
        region: config.region,
        metricsNamespace: config.metricsNamespace,
        stage: config.stack,
        services: Object.keys(s.functions),
        functionNames: Object.values(s.functions).map((f) => f.name),
        tableName: s.table.name,
        globalSecondaryIndexNames: s.tableDefinition.globalSecondaryIndexes.map((index) => index.name),
        apiName,
        apiStageName,
        slo: config.slo,
        alarmArns: [slo.page.arn, slo.ticket.arn, ...(canary ? [canary.alarm.arn] : []), ...monitoring.alarms.map((a) => a.arn), ...extraAlarms.map((a) => a.arn)],
        queues: s.queues,
        extraWidgets: s.extraWidgets,
        canaryName: canary?.canary.name,
    });

    return { dashboardName: dashboard.dashboard.dashboardName, alarmTopicArn: monitoring.topic.arn, ticketTopicArn: monitoring.ticketTopic.arn };
}
