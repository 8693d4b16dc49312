import * as assert from "node:assert/strict";
import * as path from "path";
import { before, describe, test } from "node:test";
import { DeclaredResource, Graph, ofType, one, project, rejectedStack, runStack, unwrapSecret } from "./harness";

// The retry path in every stack: queues, encryption, redrive, the event source mapping, least-privilege IAM, alarms,
// dashboard. Expected values come from the stack's YAML (package-tracking:retryQueue), not from the program.

interface Statement { Action: string[]; Resource: string[] }

function statementsOf(graph: Graph, roleResource: DeclaredResource): Statement[] {
    return ofType(graph, "aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs.role === roleResource.state.name)
        .flatMap((p) => JSON.parse(p.inputs.policy).Statement as Statement[]);
}

function sqsGrants(graph: Graph, roleName: string): { action: string; resource: string }[] {
    const role = one(graph, "aws:iam/role:Role", roleName);
    return statementsOf(graph, role)
        .flatMap((s) => s.Action.filter((a) => a.startsWith("sqs:")).flatMap((action) => s.Resource.map((resource) => ({ action, resource }))))
        .sort((a, b) => `${a.action}${a.resource}`.localeCompare(`${b.action}${b.resource}`));
}

for (const stack of ["dev", "staging", "prod"]) {
    describe(`retry path in stack ${stack}`, () => {
        let graph: Graph;
        let retry: any;
        const prefix = `${project}-${stack}`;
        const queue = () => one(graph, "aws:sqs/queue:Queue", "retry");
        const dlq = () => one(graph, "aws:sqs/queue:Queue", "retry-dlq");

        before(async () => {
            graph = await runStack(stack);
            retry = graph.config[`${project}:retryQueue`];
        });

        test("the retry queue and its DLQ exist, named for the stack, with the configured retention", () => {
            assert.equal(queue().inputs.name, `${prefix}-retry`);
            assert.equal(dlq().inputs.name, `${prefix}-retry-dlq`);
            assert.equal(queue().inputs.messageRetentionSeconds, retry.retentionDays * 86400);
            assert.equal(dlq().inputs.messageRetentionSeconds, 14 * 86400);
        });

        test("both queues are encrypted: the stack's KMS key where configured, else SQS-managed keys", () => {
            const key = ofType(graph, "aws:kms/key:Key")[0];
            for (const q of [queue(), dlq()]) {
                if (graph.config[`${project}:encryption`] === "customer-managed") {
                    assert.equal(q.inputs.kmsMasterKeyId, key.state.arn, q.name);
                    assert.equal(q.inputs.sqsManagedSseEnabled, undefined);
                } else {
                    assert.equal(q.inputs.sqsManagedSseEnabled, true, q.name);
                    assert.equal(q.inputs.kmsMasterKeyId, undefined);
                }
            }
        });

        test("a message moves to the DLQ after maxReceiveCount receives, and the DLQ accepts redrive from the retry queue only", () => {
            const policy = JSON.parse(queue().inputs.redrivePolicy);
            assert.deepEqual(policy, { deadLetterTargetArn: dlq().state.arn, maxReceiveCount: retry.maxReceiveCount });
            const allow = one(graph, "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy");
            assert.equal(allow.inputs.queueUrl, dlq().state.url);
            assert.deepEqual(JSON.parse(allow.inputs.redriveAllowPolicy), { redrivePermission: "byQueue", sourceQueueArns: [queue().state.arn] });
        });

        test("both queues refuse requests without TLS", () => {
            const policies = ofType(graph, "aws:sqs/queuePolicy:QueuePolicy");
            for (const q of [queue(), dlq()]) {
                const policy = policies.find((p) => p.inputs.queueUrl === q.state.url);
                assert.ok(policy, `${q.name}: queue policy`);
                const [deny] = JSON.parse(policy.inputs.policy).Statement;
                assert.equal(deny.Effect, "Deny");
                assert.deepEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
            }
        });

        test("the event source mapping feeds the retry queue to the consumer with partial batch responses and bounded concurrency", () => {
            const mapping = one(graph, "aws:lambda/eventSourceMapping:EventSourceMapping").inputs;
            assert.equal(mapping.eventSourceArn, queue().state.arn);
            assert.equal(mapping.functionName, `${prefix}-retry`);
            assert.equal(mapping.batchSize, retry.batchSize);
            assert.deepEqual(mapping.functionResponseTypes, ["ReportBatchItemFailures"]);
            assert.deepEqual(mapping.scalingConfig, { maximumConcurrency: retry.maximumConcurrency });
        });

        test("the consumer runs the ingest zip with its own role and settings, and the queue hides messages longer than it runs", async () => {
            const consumer = one(graph, "aws:lambda/function:Function", "retry").inputs;
            const ingest = one(graph, "aws:lambda/function:Function", "ingest").inputs;
            assert.equal(path.basename(await consumer.code.path), "ingest.zip");
            assert.notEqual(consumer.role, ingest.role);
            assert.equal(consumer.memorySize, retry.consumer.memoryMb);
            assert.equal(consumer.timeout, retry.consumer.timeoutSeconds);
            assert.equal(consumer.reservedConcurrentExecutions, retry.consumer.reservedConcurrency);
            assert.ok(queue().inputs.visibilityTimeoutSeconds >= 6 * retry.consumer.timeoutSeconds);
        });

        test("ingest and consumer know the queues; the query function does not", () => {
            const vars = (fn: string) => unwrapSecret(one(graph, "aws:lambda/function:Function", fn).inputs.environment).variables;
            for (const fn of ["ingest", "retry"]) {
                assert.equal(vars(fn).RETRY_QUEUE_URL, queue().state.url, fn);
                assert.equal(vars(fn).DEAD_LETTER_QUEUE_URL, dlq().state.url, fn);
                assert.equal(vars(fn).RETRY_MAX_RECEIVES, String(retry.maxReceiveCount), fn);
                assert.equal(vars(fn).RETRY_BACKOFF_SECONDS, String(retry.backoffSeconds), fn);
            }
            assert.equal(vars("query").RETRY_QUEUE_URL, undefined);
        });

        test("IAM: ingest may only send to the retry queue; the consumer may consume it, send erasure rounds back to it and send to the DLQ; query has no SQS", () => {
            const q = queue().state.arn;
            assert.deepEqual(sqsGrants(graph, "ingest"), [{ action: "sqs:SendMessage", resource: q }]);
            assert.deepEqual(sqsGrants(graph, "retry"), [
                { action: "sqs:ChangeMessageVisibility", resource: q },
                { action: "sqs:DeleteMessage", resource: q },
                { action: "sqs:GetQueueAttributes", resource: q },
                { action: "sqs:ReceiveMessage", resource: q },
                { action: "sqs:SendMessage", resource: q },
                { action: "sqs:SendMessage", resource: dlq().state.arn },
            ]);
            assert.deepEqual(sqsGrants(graph, "query"), []);
        });

        test("alarms watch DLQ depth above 0, the oldest message's age, conflicts and consumer errors, notifying the alarm topic", () => {
            const topic = one(graph, "aws:sns/topic:Topic", "monitoring").state.arn;
            const alarms = ofType(graph, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs);
            const find = (metric: string, dimension: string, value: string) =>
                alarms.filter((a) => a.metricName === metric && a.dimensions?.[dimension] === value);
            const depth = find("ApproximateNumberOfMessagesVisible", "QueueName", `${prefix}-retry-dlq`);
            assert.equal(depth.length, 1, "DLQ depth");
            assert.equal(depth[0].threshold, 0);
            assert.equal(depth[0].comparisonOperator, "GreaterThanThreshold");
            const age = find("ApproximateAgeOfOldestMessage", "QueueName", `${prefix}-retry`);
            assert.equal(age.length, 1, "oldest message age");
            assert.equal(age[0].threshold, retry.oldestMessageAgeAlarmSeconds);
            assert.equal(find("RetryConflicts", "Service", "retry").length, 1, "conflicts");
            assert.equal(find("Errors", "FunctionName", `${prefix}-retry`).length, 1, "consumer errors");
            for (const a of [...depth, ...age]) assert.deepEqual(a.alarmActions, [topic]);
        });

        test("the dashboard shows both queues, the retry metrics and the erasure rounds", () => {
            const text = one(graph, "aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody;
            for (const expected of [`"${prefix}-retry"`, `"${prefix}-retry-dlq"`, '"ApproximateAgeOfOldestMessage"', '"UpdatesAccepted"', '"RetriesApplied"', '"DeadLettered"', '"RetryConflicts"', '"ErasureRounds"']) {
                assert.ok(text.includes(expected), `dashboard shows ${expected}`);
            }
        });

        test("outputs name the queues and the consumer", () => {
            const o = graph.outputs as any;
            assert.equal(o.retryQueueUrl, queue().state.url);
            assert.equal(o.deadLetterQueueUrl, dlq().state.url);
            assert.equal(o.retryFunctionName, `${prefix}-retry`);
        });
    });
}

describe("bad retry queue configuration", () => {
    test("a concurrency below Lambda's minimum of 2 and an unknown key are both named before any resource", async () => {
        const { error, declared } = await rejectedStack("dev", { [`${project}:retryQueue`]: { maximumConcurrency: 1, maxRecieveCount: 3 } });
        assert.match(error.message, /retryQueue\.maximumConcurrency: must be an integer between 2 and 1000/);
        assert.match(error.message, /retryQueue\.maxRecieveCount: is not a known setting/);
        assert.equal(declared, 0);
    });

    test("a reserved concurrency below the mapping's maximum concurrency is refused", async () => {
        const { error } = await rejectedStack("dev", { [`${project}:retryQueue`]: { maximumConcurrency: 5, consumer: { reservedConcurrency: 3 } } });
        assert.match(error.message, /consumer\.reservedConcurrency: must be at least maximumConcurrency \(5\)/);
    });
});
