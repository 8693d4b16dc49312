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

/** Dashboard widgets for both queues and the consumer, placed below the overview's own (y from 24). */
export function retryDashboardWidgets(args: Pick<RetryAlarmsArgs, "region" | "metricsNamespace" | "stage" | "queueName" | "deadLetterQueueName">): object[] {
    const widget = (title: string, metrics: unknown[], x: number, y: number) => ({
        type: "metric", x, y, width: 12, height: 6,
        properties: { title, region: args.region, view: "timeSeries", period: oneMinute, metrics },
    });
    const sqs = (metric: string, queue: string, stat: string) => ["AWS/SQS", metric, "QueueName", queue, { stat, label: `${queue} ${metric}` }];
    const retry = (metric: string) => [args.metricsNamespace, metric, "Service", "retry", "Stage", args.stage, { stat: "Sum" }];
    const accepted = [args.metricsNamespace, "UpdatesAccepted", "Service", "ingest", "Stage", args.stage, { stat: "Sum" }];
    return [
        widget("Retry queue: depth and age of oldest (s)", [
            sqs("ApproximateNumberOfMessagesVisible", args.queueName, "Maximum"),
            sqs("ApproximateNumberOfMessagesNotVisible", args.queueName, "Maximum"),
            sqs("ApproximateAgeOfOldestMessage", args.queueName, "Maximum"),
        ], 0, 24),
        widget("Retry dead-letter queue: depth", [
            sqs("ApproximateNumberOfMessagesVisible", args.deadLetterQueueName, "Maximum"),
            sqs("NumberOfMessagesSent", args.deadLetterQueueName, "Sum"),
        ], 12, 24),
        widget("Accepted (202) vs applied by the consumer", [accepted, retry("RetriesApplied"), retry("RetryFailures"), retry("DeadLettered"), retry("RetryConflicts")], 0, 30),
    ];
}
