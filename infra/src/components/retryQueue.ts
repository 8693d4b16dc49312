import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RetryQueueConfig, visibilityTimeoutSeconds } from "../retryConfig";
import { consumerPolicy, enqueuePolicy } from "../retryPolicy";

/** The variable names the ingest executable reads for the retry path (mirror of EnvironmentVariables.cs). */
export const retryEnv = {
    queueUrl: "RETRY_QUEUE_URL",
    deadLetterQueueUrl: "DEAD_LETTER_QUEUE_URL",
    maxReceives: "RETRY_MAX_RECEIVES",
    backoffSeconds: "RETRY_BACKOFF_SECONDS",
} as const;

export interface RetryQueueArgs {
    namePrefix: string;
    config: RetryQueueConfig;
    /** The stack's customer-managed key; absent: SQS-managed server-side encryption. */
    kmsKeyArn?: pulumi.Input<string>;
    tags: Record<string, string>;
}

const day = 86_400;

/**
 * The retry queue and its dead-letter queue: encrypted at rest, TLS-only, redrive after maxReceiveCount receives, and
 * the DLQ accepting redrive from the retry queue alone.
 */
export class RetryQueue extends pulumi.ComponentResource {
    readonly queue: aws.sqs.Queue;
    readonly deadLetterQueue: aws.sqs.Queue;

    constructor(name: string, args: RetryQueueArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:retry:RetryQueue", name, {}, opts);
        const encryption = args.kmsKeyArn
            ? { kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 }
            : { sqsManagedSseEnabled: true };

        this.deadLetterQueue = new aws.sqs.Queue(`${name}-dlq`, {
            name: `${args.namePrefix}-retry-dlq`,
            messageRetentionSeconds: 14 * day,
            ...encryption,
            tags: args.tags,
        }, { parent: this });

        this.queue = new aws.sqs.Queue(name, {
            name: `${args.namePrefix}-retry`,
            visibilityTimeoutSeconds: visibilityTimeoutSeconds(args.config),
            messageRetentionSeconds: args.config.retentionDays * day,
            receiveWaitTimeSeconds: 20,
            redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: args.config.maxReceiveCount }),
            ...encryption,
            tags: args.tags,
        }, { parent: this });

        new aws.sqs.RedriveAllowPolicy(`${name}-dlq`, {
            queueUrl: this.deadLetterQueue.url,
            redriveAllowPolicy: pulumi.jsonStringify({ redrivePermission: "byQueue", sourceQueueArns: [this.queue.arn] }),
        }, { parent: this });

        for (const [suffix, queue] of [["", this.queue], ["-dlq", this.deadLetterQueue]] as const) {
            new aws.sqs.QueuePolicy(`${name}${suffix}-tls-only`, {
                queueUrl: queue.url,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sqs:*",
                        Resource: queue.arn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    }],
                }),
            }, { parent: this });
        }
        this.registerOutputs({ queueUrl: this.queue.url, deadLetterQueueUrl: this.deadLetterQueue.url });
    }

    /** What the ingest and retry functions read. */
    environment(config: RetryQueueConfig): Record<string, pulumi.Input<string>> {
        return {
            [retryEnv.queueUrl]: this.queue.url,
            [retryEnv.deadLetterQueueUrl]: this.deadLetterQueue.url,
            [retryEnv.maxReceives]: String(config.maxReceiveCount),
            [retryEnv.backoffSeconds]: String(config.backoffSeconds),
        };
    }
}

export interface RetryWiringArgs {
    queueArn: pulumi.Input<string>;
    deadLetterQueueArn: pulumi.Input<string>;
    /** The ingest function's role: may send to the retry queue, nothing else on SQS. */
    ingestRoleName: pulumi.Input<string>;
    /** The consumer's own role. */
    consumerRoleName: pulumi.Input<string>;
    consumerFunctionName: pulumi.Input<string>;
    config: RetryQueueConfig;
    tags: Record<string, string>;
}

/** Least-privilege SQS grants for both roles, and the event source mapping that feeds the queue to the consumer. */
export class RetryWiring extends pulumi.ComponentResource {
    readonly mapping: aws.lambda.EventSourceMapping;

    constructor(name: string, args: RetryWiringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:retry:RetryWiring", name, {}, opts);
        new aws.iam.RolePolicy(`${name}-enqueue`, {
            role: args.ingestRoleName,
            policy: pulumi.output(args.queueArn).apply((queueArn) => JSON.stringify(enqueuePolicy(queueArn))),
        }, { parent: this });

        const consume = new aws.iam.RolePolicy(`${name}-consume`, {
            role: args.consumerRoleName,
            policy: pulumi.all([args.queueArn, args.deadLetterQueueArn]).apply(([queueArn, dlqArn]) => JSON.stringify(consumerPolicy(queueArn, dlqArn))),
        }, { parent: this });

        // Lambda checks the role's SQS permissions when the mapping is created: the grant must exist first.
        this.mapping = new aws.lambda.EventSourceMapping(name, {
            eventSourceArn: args.queueArn,
            functionName: args.consumerFunctionName,
            batchSize: args.config.batchSize,
            maximumBatchingWindowInSeconds: 0,
            functionResponseTypes: ["ReportBatchItemFailures"],
            scalingConfig: { maximumConcurrency: args.config.maximumConcurrency },
            enabled: true,
            tags: args.tags,
        }, { parent: this, dependsOn: [consume] });
        this.registerOutputs({ mappingId: this.mapping.id });
    }
}
