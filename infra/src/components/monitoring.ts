import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface MonitoredFunction {
    /** The EMF `Service` dimension value: the openapi.json function name (ingest, query). */
    service: string;
    functionName: pulumi.Input<string>;
}

export interface MonitoringArgs {
    namePrefix: string;
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
    /** Where slow-burn (ticket) notifications go; without it they reach the ticket topic only. */
    ticketEmail?: string;
    fiveXxRatePercent: number;
    p99LatencyMs: number;
    /** Threshold of the "near the timeout" alarm on API Gateway's latency (see slo.ts nearTimeoutMs). */
    nearTimeoutMs: number;
    /** The stack runs AWS Backup: alarm when a backup or its cross-region copy fails. */
    watchBackups: boolean;
    tags: Record<string, string>;
}

const fiveMinutes = 300;

type AlarmSpec = Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "tags" | "name" | "alarmDescription">;
type AlarmFactory = (suffix: string, description: string, spec: AlarmSpec) => void;

/** A `Latency` metric's p99 above `thresholdMs` for 15 minutes straight (the functions' EMF metric and API Gateway's share the name). */
function p99LatencyAbove(thresholdMs: number, namespace: string, dimensions: Record<string, pulumi.Input<string>>): AlarmSpec {
    return {
        namespace,
        metricName: "Latency",
        dimensions,
        extendedStatistic: "p99",
        period: fiveMinutes,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparisonOperator: "GreaterThanThreshold",
        threshold: thresholdMs,
    };
}

/** On-call alarms: a paging topic (on-call email) and a ticket topic, the functions', API Gateway's and DynamoDB's alarms. */
export class Monitoring extends pulumi.ComponentResource {
    /** Pages on-call. */
    readonly topic: aws.sns.Topic;
    /** Work for office hours (slow SLO burn): a ticket, not a page. */
    readonly ticketTopic: aws.sns.Topic;
    readonly alarms: aws.cloudwatch.MetricAlarm[] = [];

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:ops:Monitoring", name, {}, opts);
        this.topic = new aws.sns.Topic(name, { name: `${args.namePrefix}-alarms`, tags: args.tags }, { parent: this });
        if (args.alarmEmail) {
            new aws.sns.TopicSubscription(`${name}-email`, { topic: this.topic.arn, protocol: "email", endpoint: args.alarmEmail }, { parent: this });
        }
        this.ticketTopic = new aws.sns.Topic(`${name}-tickets`, { name: `${args.namePrefix}-tickets`, tags: args.tags }, { parent: this });
        if (args.ticketEmail) {
            new aws.sns.TopicSubscription(`${name}-tickets-email`, { topic: this.ticketTopic.arn, protocol: "email", endpoint: args.ticketEmail }, { parent: this });
        }

        const alarm: AlarmFactory = (suffix, description, spec) => {
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
            alarm(`${f.service}-p99-latency`, `${f.service} p99 latency above ${args.p99LatencyMs} ms`, p99LatencyAbove(args.p99LatencyMs, args.metricsNamespace, dims));
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

        this.declareApiAlarms(alarm, args);

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

        if (args.watchBackups) {
            // AWS Backup reports job outcomes per resource type; a failed daily backup or copy is silent otherwise.
            const jobs = (id: string, metricName: string) => ({ id, metric: { namespace: "AWS/Backup", metricName, dimensions: { ResourceType: "DynamoDB" }, period: 86400, stat: "Sum" } });
            alarm("backup-failed", "An AWS Backup job or its copy to the second region failed for DynamoDB in this account and region", {
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 1,
                metricQueries: [
                    jobs("backups", "NumberOfBackupJobsFailed"),
                    jobs("copies", "NumberOfCopyJobsFailed"),
                    { id: "failed", expression: "backups + copies", label: "failed backup and copy jobs", returnData: true },
                ],
            });
        }

        this.registerOutputs({ topicArn: this.topic.arn, ticketTopicArn: this.ticketTopic.arn });
    }

    /** The customer's own alarms, on API Gateway's metrics (they see what the functions never log: timeouts, throttles). */
    private declareApiAlarms(alarm: AlarmFactory, args: MonitoringArgs): void {
        const dimensions = { ApiName: args.apiName, Stage: args.apiStageName };
        const metric = (metricName: string, stat: string) => ({ namespace: "AWS/ApiGateway", metricName, dimensions, period: fiveMinutes, stat });
        alarm("api-5xx-rate", `More than ${args.fiveXxRatePercent}% of API requests answered 5xx at API Gateway (rate, not count)`, {
            comparisonOperator: "GreaterThanThreshold",
            threshold: args.fiveXxRatePercent,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            metricQueries: [
                { id: "errors", metric: metric("5XXError", "Sum") },
                { id: "requests", metric: metric("Count", "Sum") },
                { id: "rate", expression: "IF(requests > 0, 100 * errors / requests, 0)", label: "5xx % of requests", returnData: true },
            ],
        });
        alarm("api-latency-near-timeout", `An API request took more than ${args.nearTimeoutMs} ms: within 20% of the point where Lambda or API Gateway (29 s) cuts it off`, {
            namespace: "AWS/ApiGateway",
            metricName: "Latency",
            dimensions,
            statistic: "Maximum",
            period: 60,
            evaluationPeriods: 5,
            datapointsToAlarm: 2,
            comparisonOperator: "GreaterThanThreshold",
            threshold: args.nearTimeoutMs,
        });
        alarm("api-p99-latency", `API p99 latency above ${args.p99LatencyMs} ms at API Gateway (includes cold starts and timeouts the functions never log)`,
            p99LatencyAbove(args.p99LatencyMs, "AWS/ApiGateway", dimensions));
    }
}
