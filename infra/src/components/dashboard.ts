import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ApiMetricsScope, MetricQuery, sliMetricQueries, successPercentExpression, burnRateExpression } from "../slo";

/** The retry queue and its dead-letter queue (helper component `retryq` passes these once the queues exist). */
export interface QueueNames {
    retryQueueName: string;
    deadLetterQueueName: string;
}

export interface DashboardInput {
    region: string;
    metricsNamespace: string;
    stage: string;
    services: string[];
    functionNames: string[];
    tableName: string;
    globalSecondaryIndexNames: string[];
    api: ApiMetricsScope;
    slo: { availabilityPercent: number; latencyThresholdMs: number };
    alarmArns: string[];
    queues?: QueueNames;
    canaryName?: string;
    /** Whole widgets other components bring (e.g. the retry queue's own); placed after ours, on the same grid. */
    extraWidgets?: object[];
}

type Metric = unknown[];
const fiveMinutes = 300;
const oneDay = 86400;

/** Dashboard JSON-metric rows from metric-math queries (the dashboard's own shape for expressions and hidden inputs). */
function mathRows(queries: MetricQuery[]): Metric[] {
    return queries.map((q) => q.expression
        ? [{ expression: q.expression, id: q.id, label: q.label, visible: q.returnData !== false }]
        : [q.metric!.namespace, q.metric!.metricName, ...Object.entries(q.metric!.dimensions).flat(), { id: q.id, stat: q.metric!.stat, visible: false }]);
}

/** Every widget titled the way on-call talks about it; the SLO first, cost and capacity next, plumbing last. */
export function dashboardBody(d: DashboardInput): { widgets: object[] } {
    const ns = d.metricsNamespace;
    const api = ["AWS/ApiGateway", "ApiName", d.api.apiName, "Stage", d.api.stage];
    const apiMetric = (metric: string, options: object): Metric => [api[0], metric, ...api.slice(1), options];
    const perService = (metric: string, stat: string, idPrefix?: string): Metric[] => d.services.map((s, i) =>
        [ns, metric, "Service", s, "Stage", d.stage, { stat, label: `${s} ${metric} ${stat}`, ...(idPrefix ? { id: `${idPrefix}${i}`, visible: false } : {}) }]);
    const tableAndIndexes = (metric: string): Metric[] => [
        ["AWS/DynamoDB", metric, "TableName", d.tableName, { stat: "Sum", label: `table ${metric}` }],
        ...d.globalSecondaryIndexNames.map((index) => ["AWS/DynamoDB", metric, "TableName", d.tableName, "GlobalSecondaryIndexName", index, { stat: "Sum", label: `index ${index} ${metric}` }]),
    ];
    const sli = sliMetricQueries(d.api, fiveMinutes, d.slo.latencyThresholdMs);
    const widgets: { title: string; metrics: Metric[]; extra?: object }[] = [
        {
            title: `Success rate: % of requests answered without a 5xx and within ${d.slo.latencyThresholdMs} ms (SLO ${d.slo.availabilityPercent}%)`,
            metrics: mathRows([...sli, { id: "success", expression: successPercentExpression, label: "success %", returnData: true }]),
            extra: { yAxis: { left: { min: 90, max: 100 } }, annotations: { horizontal: [{ label: "SLO", value: d.slo.availabilityPercent }] } },
        },
        {
            title: "Error budget burn rate over the last hour (1 = on budget; the page fires above 14.4 with the 5-minute view agreeing)",
            metrics: mathRows([...sliMetricQueries(d.api, 3600, d.slo.latencyThresholdMs), { id: "burn", expression: burnRateExpression(d.slo.availabilityPercent), label: "burn rate (1 h)", returnData: true }]),
            extra: { period: 3600, annotations: { horizontal: [{ label: "page", value: 14.4 }, { label: "ticket", value: 1 }] } },
        },
        { title: "Requests per 5 minutes (all answers, as API Gateway counts them)", metrics: [apiMetric("Count", { stat: "Sum", label: "requests" }), ...perService("Requests", "Sum")] },
        {
            title: "Response time p50 / p99 at API Gateway (ms): what clients wait",
            metrics: [
                apiMetric("Latency", { stat: "p50", label: "p50" }),
                apiMetric("Latency", { stat: "p99", label: "p99" }),
                apiMetric("IntegrationLatency", { stat: "p99", label: "p99 inside Lambda (integration)" }),
            ],
            extra: { annotations: { horizontal: [{ label: "latency objective", value: d.slo.latencyThresholdMs }] } },
        },
        {
            title: "Failed requests: client errors (4xx) and server errors (5xx)",
            metrics: [apiMetric("4XXError", { stat: "Sum", label: "4xx at API Gateway" }), apiMetric("5XXError", { stat: "Sum", label: "5xx at API Gateway" }), ...perService("Errors5xx", "Sum"), ...perService("Errors4xx", "Sum")],
        },
        {
            title: "Estimated cost per request (USD): Lambda + DynamoDB + API Gateway, from the functions' EstimatedCostUsd",
            metrics: [
                ...perService("EstimatedCostUsd", "Sum", "cost"),
                ...perService("Requests", "Sum", "requests"),
                ...d.services.map((s, i) => [{ expression: `IF(requests${i} > 0, cost${i} / requests${i}, 0)`, id: `perRequest${i}`, label: `${s}: USD per request` }]),
            ],
        },
        {
            title: "Estimated request cost per day (USD; leaves out fixed monthly items: WAF, KMS, warm instances, canary)",
            metrics: [...perService("EstimatedCostUsd", "Sum", "day"), [{ expression: d.services.map((_, i) => `day${i}`).join(" + "), id: "total", label: "all services, USD per day" }]],
            extra: { period: oneDay, view: "bar" },
        },
        { title: "DynamoDB capacity used (read / write units, table and indexes)", metrics: [...tableAndIndexes("ConsumedReadCapacityUnits"), ...tableAndIndexes("ConsumedWriteCapacityUnits")] },
        { title: "DynamoDB throttled requests (should stay at 0)", metrics: [...tableAndIndexes("ReadThrottleEvents"), ...tableAndIndexes("WriteThrottleEvents")] },
        {
            title: "DynamoDB work per service: calls and capacity units the functions consumed",
            metrics: [...perService("DynamoDbCalls", "Sum"), ...perService("ReadCapacityUnits", "Sum"), ...perService("WriteCapacityUnits", "Sum")],
        },
        {
            title: "Lambda crashes and timeouts, throttled invocations, concurrency in use",
            metrics: d.functionNames.flatMap((fn) => [
                ["AWS/Lambda", "Errors", "FunctionName", fn, { stat: "Sum" }],
                ["AWS/Lambda", "Throttles", "FunctionName", fn, { stat: "Sum" }],
                ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", fn, { stat: "Maximum" }],
            ]),
        },
        { title: "Handler time p50 / p99 per service (ms, without cold start or API Gateway)", metrics: [...perService("Latency", "p50"), ...perService("Latency", "p99")] },
    ];
    if (d.queues) {
        const q = (name: string, metric: string, stat: string, label: string): Metric => ["AWS/SQS", metric, "QueueName", name, { stat, label }];
        widgets.push(
            {
                title: "Retry queue: updates waiting to be retried, and age of the oldest (s)",
                metrics: [q(d.queues.retryQueueName, "ApproximateNumberOfMessagesVisible", "Maximum", "waiting"), q(d.queues.retryQueueName, "ApproximateAgeOfOldestMessage", "Maximum", "oldest (s)")],
            },
            { title: "Dead-letter queue: updates that gave up retrying (should stay at 0)", metrics: [q(d.queues.deadLetterQueueName, "ApproximateNumberOfMessagesVisible", "Maximum", "in the DLQ")] },
        );
    }
    if (d.canaryName) {
        widgets.push({
            title: "Synthetic check from the canary: % of runs that passed",
            metrics: [["CloudWatchSynthetics", "SuccessPercent", "CanaryName", d.canaryName, { stat: "Average", label: "passed %" }]],
            extra: { yAxis: { left: { min: 0, max: 100 } } },
        });
    }
    const grid = (i: number) => ({ x: (i % 2) * 12, y: 6 + Math.floor(i / 2) * 6, width: 12, height: 6 });
    const laidOut = [
        ...widgets.map((w) => ({ type: "metric", properties: { title: w.title, region: d.region, view: "timeSeries", period: fiveMinutes, metrics: w.metrics, ...w.extra } })),
        ...(d.extraWidgets ?? []),
    ].map((w, i) => ({ ...w, ...grid(i) }));
    const alarmStatus = { type: "alarm", x: 0, y: 0, width: 24, height: 6, properties: { title: "Alarms: what is firing now", alarms: d.alarmArns } };
    return { widgets: [alarmStatus, ...laidOut] };
}

export interface OpsDashboardArgs extends Omit<DashboardInput, "functionNames" | "tableName" | "api" | "alarmArns" | "canaryName"> {
    dashboardName: string;
    functionNames: pulumi.Input<string>[];
    tableName: pulumi.Input<string>;
    apiName: pulumi.Input<string>;
    apiStageName: pulumi.Input<string>;
    alarmArns: pulumi.Input<string>[];
    canaryName?: pulumi.Input<string>;
}

/** The one on-call dashboard: declared last, so it can list every alarm of the stack. */
export class OpsDashboard extends pulumi.ComponentResource {
    readonly dashboard: aws.cloudwatch.Dashboard;

    constructor(name: string, args: OpsDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:ops:Dashboard", name, {}, opts);
        const { dashboardName, apiName, apiStageName, ...rest } = args;
        this.dashboard = new aws.cloudwatch.Dashboard(name, {
            dashboardName,
            dashboardBody: pulumi
                .all([pulumi.all(args.functionNames), args.tableName, apiName, apiStageName, pulumi.all(args.alarmArns), args.canaryName])
                .apply(([functionNames, tableName, apiNameValue, stage, alarmArns, canaryName]) =>
                    JSON.stringify(dashboardBody({ ...rest, functionNames, tableName, api: { apiName: apiNameValue, stage }, alarmArns, canaryName }))),
        }, { parent: this });
        this.registerOutputs({ dashboardName: this.dashboard.dashboardName });
    }
}
