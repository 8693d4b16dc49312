import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface RetryAlarmsArgs {
    namePrefix: string;
    region: string;
    metricsNamespace: string;
    stage: string;
    /** Physical names, known before deployment: `${prefix}-retry`, `${prefix}-retry-dlq`, the consumer function. */
    queueName: string;
    deadLetterQueueName: string;
    consumerFunctionName: pulumi.Input<string>;
    oldestMessageAgeAlarmSeconds: number;
    alarmTopicArn: pulumi.Input<string>;
    tags: Record<string, string>;
}

const oneMinute = 60;
const fiveMinutes = 300;

/** The retry path's alarms (each has a runbook section in docs/runbook.md), notifying the stack's alarm topic. */
export class RetryAlarms extends pulumi.ComponentResource {
    readonly alarms: aws.cloudwatch.MetricAlarm[] = [];

    constructor(name: string, args: RetryAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:retry:RetryAlarms", name, {}, opts);
        const alarm = (suffix: string, description: string, spec: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "tags" | "name" | "alarmDescription">) => {
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-${suffix}`, {
                name: `${args.namePrefix}-${name}-${suffix}`,
                alarmDescription: description,
                alarmActions: [args.alarmTopicArn],
                okActions: [args.alarmTopicArn],
                treatMissingData: "notBreaching",
                tags: args.tags,
                ...spec,
            }, { parent: this }));
        };
        alarm("dlq-depth", "Updates are in the retry dead-letter queue: they were accepted (202) but could not be applied. Runbook: RetryDeadLetters", {
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: args.deadLetterQueueName },
            statistic: "Maximum",
            period: oneMinute,
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
        });
        alarm("oldest-message-age", `An accepted update has waited more than ${args.oldestMessageAgeAlarmSeconds} s in the retry queue. Runbook: RetryBacklog`, {
            namespace: "AWS/SQS",
            metricName: "ApproximateAgeOfOldestMessage",
            dimensions: { QueueName: args.queueName },
            statistic: "Maximum",
            period: oneMinute,
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
            comparisonOperator: "GreaterThanThreshold",
            threshold: args.oldestMessageAgeAlarmSeconds,
        });
        alarm("conflicts", "A queued update reused an event id with other content: not applied. Runbook: RetryConflicts", {
            namespace: args.metricsNamespace,
            metricName: "RetryConflicts",
            dimensions: { Service: "retry", Stage: args.stage },
            statistic: "Sum",
            period: fiveMinutes,
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
        });
        alarm("lambda-errors", "The retry consumer failed whole invocations (crash, timeout, init error): its batches replay. Runbook: RetryConsumerErrors", {
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: args.consumerFunctionName },
            statistic: "Sum",
            period: fiveMinutes,
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
        });
        this.registerOutputs({});
    }
}

/**
 * The retry consumer's widgets for the ops dashboard's `extraWidgets` hook (the queue-depth, age and DLQ widgets are
 * the dashboard's own, from its `queues` hook). The dashboard places them on its grid.
 */
export function retryDashboardWidgets(args: Pick<RetryAlarmsArgs, "region" | "metricsNamespace" | "stage" | "queueName"> & { consumerFunctionName: string }): object[] {
    const widget = (title: string, metrics: unknown[]) => ({
        type: "metric",
        properties: { title, region: args.region, view: "timeSeries", period: oneMinute, metrics },
    });
    const retry = (metric: string, stat = "Sum") => [args.metricsNamespace, metric, "Service", "retry", "Stage", args.stage, { stat, label: `retry ${metric} ${stat}` }];
    const accepted = [args.metricsNamespace, "UpdatesAccepted", "Service", "ingest", "Stage", args.stage, { stat: "Sum", label: "accepted (202)" }];
    const lambda = (metric: string, stat: string) => ["AWS/Lambda", metric, "FunctionName", args.consumerFunctionName, { stat }];
    return [
        widget("Retry path: updates accepted (202) vs applied, failed, dead-lettered, conflicting", [
            accepted, retry("RetriesApplied"), retry("RetryFailures"), retry("DeadLettered"), retry("RetryConflicts"),
        ]),
        widget("Retry consumer: messages in flight, erasure rounds, handler time p99 (ms), errors and concurrency", [
            ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", args.queueName, { stat: "Maximum", label: "in flight" }],
            retry("ErasureRounds"), retry("Latency", "p99"), lambda("Errors", "Sum"), lambda("ConcurrentExecutions", "Maximum"),
        ]),
    ];
}
