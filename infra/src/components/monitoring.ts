import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface MonitoredFunction {
    /** The EMF `Service` dimension value: the api.json function name (ingest, query). */
    service: string;
    functionName: pulumi.Input<string>;
}

export interface MonitoringArgs {
    namePrefix: string;
    region: string;
    /** EMF namespace and `Stage` dimension, as the functions write them. */
    metricsNamespace: string;
    stage: string;
    functions: MonitoredFunction[];
    tableName: pulumi.Input<string>;
    /** DynamoDB operations the functions call (SystemErrors is reported per operation). */
    dynamoDbOperations: string[];
    /** Global secondary indexes: DynamoDB reports their throttling separately from the table's. */
    globalSecondaryIndexNames: string[];
    apiName: pulumi.Input<string>;
    apiStageName: pulumi.Input<string>;
    alarmEmail?: string;
    fiveXxRatePercent: number;
    p99LatencyMs: number;
    /** Widgets other components add below the overview's own (the retry queues'). */
    extraWidgets?: object[];
    tags: Record<string, string>;
}

const fiveMinutes = 300;

/** On-call view: alarms to an SNS topic (email per stack) and one dashboard from the functions' EMF metrics. */
export class Monitoring extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
    readonly dashboard: aws.cloudwatch.Dashboard;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:ops:Monitoring", name, {}, opts);
        this.topic = new aws.sns.Topic(name, { name: `${args.namePrefix}-alarms`, tags: args.tags }, { parent: this });
        if (args.alarmEmail) {
            new aws.sns.TopicSubscription(`${name}-email`, { topic: this.topic.arn, protocol: "email", endpoint: args.alarmEmail }, { parent: this });
        }

        const alarm = (suffix: string, description: string, spec: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "tags" | "name" | "alarmDescription">) => {
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-${suffix}`, {
                name: `${args.namePrefix}-${suffix}`,
                alarmDescription: description,
                alarmActions: [this.topic.arn],
                okActions: [this.topic.arn],
                treatMissingData: "notBreaching",
                tags: args.tags,
                ...spec,
            }, { parent: this }));
        };

        for (const f of args.functions) {
            const dims = { Service: f.service, Stage: args.stage };
            alarm(`${f.service}-5xx-rate`, `More than ${args.fiveXxRatePercent}% of ${f.service} requests answered 5xx`, {
                comparisonOperator: "GreaterThanThreshold",
                threshold: args.fiveXxRatePercent,
                evaluationPeriods: 3,
                datapointsToAlarm: 2,
                metricQueries: [
                    { id: "errors", metric: { namespace: args.metricsNamespace, metricName: "Errors5xx", dimensions: dims, period: fiveMinutes, stat: "Sum" } },
                    { id: "requests", metric: { namespace: args.metricsNamespace, metricName: "Requests", dimensions: dims, period: fiveMinutes, stat: "Sum" } },
                    { id: "rate", expression: "IF(requests > 0, 100 * errors / requests, 0)", label: "5xx %", returnData: true },
                ],
            });
            alarm(`${f.service}-p99-latency`, `${f.service} p99 latency above ${args.p99LatencyMs} ms`, {
                namespace: args.metricsNamespace,
                metricName: "Latency",
                dimensions: dims,
                extendedStatistic: "p99",
                period: fiveMinutes,
                evaluationPeriods: 3,
                datapointsToAlarm: 3,
                comparisonOperator: "GreaterThanThreshold",
                threshold: args.p99LatencyMs,
            });
            alarm(`${f.service}-lambda-errors`, `${f.service} Lambda invocations failed (crash, timeout or runtime error)`, {
                namespace: "AWS/Lambda",
                metricName: "Errors",
                dimensions: { FunctionName: f.functionName },
                statistic: "Sum",
                period: fiveMinutes,
                evaluationPeriods: 1,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
            });
            alarm(`${f.service}-lambda-throttles`, `${f.service} Lambda invocations throttled (reserved or account concurrency exhausted)`, {
                namespace: "AWS/Lambda",
                metricName: "Throttles",
                dimensions: { FunctionName: f.functionName },
                statistic: "Sum",
                period: fiveMinutes,
                evaluationPeriods: 1,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
            });
        }

        // API Gateway sees 5xx the functions never log: integration timeouts, throttled or failed invocations.
        alarm("api-5xx-rate", `More than ${args.fiveXxRatePercent}% of API requests answered 5xx at API Gateway`, {
            namespace: "AWS/ApiGateway",
            metricName: "5XXError",
            dimensions: { ApiName: args.apiName, Stage: args.apiStageName },
            statistic: "Average",
            period: fiveMinutes,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            comparisonOperator: "GreaterThanThreshold",
            threshold: args.fiveXxRatePercent / 100,
        });

        const tableDims = { TableName: args.tableName };
        const throttleSources: Record<string, pulumi.Input<string>>[] = [
            tableDims,
            ...args.globalSecondaryIndexNames.map((index) => ({ TableName: args.tableName, GlobalSecondaryIndexName: index })),
        ];
        const throttleQueries = throttleSources.flatMap((dimensions, i) => [
            { id: `reads${i}`, metric: { namespace: "AWS/DynamoDB", metricName: "ReadThrottleEvents", dimensions, period: fiveMinutes, stat: "Sum" } },
            { id: `writes${i}`, metric: { namespace: "AWS/DynamoDB", metricName: "WriteThrottleEvents", dimensions, period: fiveMinutes, stat: "Sum" } },
        ]);
        alarm("dynamodb-throttles", "DynamoDB throttled reads or writes on the tracking table or one of its global indexes", {
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            evaluationPeriods: 1,
            metricQueries: [
                ...throttleQueries,
                { id: "throttles", expression: throttleQueries.map((q) => q.id).join(" + "), label: "Throttle events", returnData: true },
            ],
        });
        const systemErrorQueries = args.dynamoDbOperations.map((operation, i) => ({
            id: `op${i}`,
            metric: { namespace: "AWS/DynamoDB", metricName: "SystemErrors", dimensions: { TableName: args.tableName, Operation: operation }, period: fiveMinutes, stat: "Sum" },
        }));
        alarm("dynamodb-system-errors", "DynamoDB answered 5xx (SystemErrors) for the tracking table", {
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            evaluationPeriods: 1,
            metricQueries: [
                ...systemErrorQueries,
                { id: "total", expression: systemErrorQueries.map((q) => q.id).join(" + "), label: "System errors", returnData: true },
            ],
        });

        this.dashboard = new aws.cloudwatch.Dashboard(name, {
            dashboardName: `${args.namePrefix}-overview`,
            dashboardBody: pulumi
                .all([pulumi.all(args.functions.map((f) => f.functionName)), args.tableName, args.apiName, args.apiStageName])
                .apply(([functionNames, tableName, apiName, apiStageName]) => JSON.stringify(dashboardBody(args, functionNames, tableName, apiName, apiStageName))),
        }, { parent: this });

        this.registerOutputs({ topicArn: this.topic.arn, dashboardName: this.dashboard.dashboardName });
    }
}

function dashboardBody(args: MonitoringArgs, functionNames: string[], tableName: string, apiName: string, apiStageName: string): object {
    const ns = args.metricsNamespace;
    const services = args.functions.map((f) => f.service);
    const perService = (metric: string, stat: string) => services.map((s) => [ns, metric, "Service", s, "Stage", args.stage, { stat, label: `${s} ${metric} ${stat}` }]);
    const perFunction = (metric: string, stat: string) => functionNames.map((fn) => ["AWS/Lambda", metric, "FunctionName", fn, { stat }]);
    const widget = (title: string, metrics: unknown[], x: number, y: number, extra: object = {}) => ({
        type: "metric", x, y, width: 12, height: 6,
        properties: { title, region: args.region, view: "timeSeries", period: fiveMinutes, metrics, ...extra },
    });
    return {
        widgets: [
            widget("Requests", perService("Requests", "Sum"), 0, 0),
            widget("Latency p50 / p99 (ms)", [...perService("Latency", "p50"), ...perService("Latency", "p99")], 12, 0),
            widget("4xx / 5xx answers", [...perService("Errors4xx", "Sum"), ...perService("Errors5xx", "Sum")], 0, 6),
            widget("Estimated cost (USD)", perService("EstimatedCostUsd", "Sum"), 12, 6),
            widget("DynamoDB calls and capacity per service", [...perService("DynamoDbCalls", "Sum"), ...perService("ReadCapacityUnits", "Sum"), ...perService("WriteCapacityUnits", "Sum")], 0, 12),
            widget("Lambda errors, throttles, concurrency", [...perFunction("Errors", "Sum"), ...perFunction("Throttles", "Sum"), ...perFunction("ConcurrentExecutions", "Maximum")], 12, 12),
            widget("DynamoDB table", [
                ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", tableName, { stat: "Sum" }],
                ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", tableName, { stat: "Sum" }],
                ["AWS/DynamoDB", "ReadThrottleEvents", "TableName", tableName, { stat: "Sum" }],
                ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", tableName, { stat: "Sum" }],
            ], 0, 18),
            widget("API Gateway", [
                ["AWS/ApiGateway", "Count", "ApiName", apiName, "Stage", apiStageName, { stat: "Sum" }],
                ["AWS/ApiGateway", "4XXError", "ApiName", apiName, "Stage", apiStageName, { stat: "Sum" }],
                ["AWS/ApiGateway", "5XXError", "ApiName", apiName, "Stage", apiStageName, { stat: "Sum" }],
                ["AWS/ApiGateway", "Latency", "ApiName", apiName, "Stage", apiStageName, { stat: "p99" }],
            ], 12, 18),
            ...(args.extraWidgets ?? []),
        ],
    };
}
