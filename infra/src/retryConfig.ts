// The retry queue's stack settings (`package-tracking:retryQueue`), read and checked before any resource is declared.
// Every key is optional: the defaults below are what a stack without the block gets.

import { ConfigError, ConfigSource } from "./config";

export interface RetryQueueConfig {
    /** Receives before SQS moves a message to the DLQ (the default: 5). */
    maxReceiveCount: number;
    /** Messages per consumer invocation. */
    batchSize: number;
    /** Concurrent consumer invocations the event source mapping may run (2..1000): a recovering table is not stampeded. */
    maximumConcurrency: number;
    /** First backoff after a failed attempt, doubled per attempt up to 15 minutes (RETRY_BACKOFF_SECONDS). */
    backoffSeconds: number;
    /** How long the retry queue keeps an unapplied update (the DLQ keeps 14 days). */
    retentionDays: number;
    /** Alarm when the oldest queued update is older than this. */
    oldestMessageAgeAlarmSeconds: number;
    consumer: { memoryMb: number; timeoutSeconds: number; reservedConcurrency?: number };
}

export const retryQueueDefaults: RetryQueueConfig = {
    maxReceiveCount: 5,
    batchSize: 10,
    maximumConcurrency: 2,
    backoffSeconds: 20,
    retentionDays: 4,
    oldestMessageAgeAlarmSeconds: 900,
    consumer: { memoryMb: 256, timeoutSeconds: 60 },
};

const keys = ["maxReceiveCount", "batchSize", "maximumConcurrency", "backoffSeconds", "retentionDays", "oldestMessageAgeAlarmSeconds", "consumer"];
const consumerKeys = ["memoryMb", "timeoutSeconds", "reservedConcurrency"];

export function parseRetryQueueConfig(source: ConfigSource, project: string): RetryQueueConfig {
    const problems: string[] = [];
    const text = source.get("retryQueue");
    let raw: Record<string, unknown> = {};
    if (text !== undefined) {
        try {
            const parsed = JSON.parse(text);
            if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
            raw = parsed;
        } catch {
            throw new ConfigError([`${project}:retryQueue: must be a YAML object (got ${JSON.stringify(text)})`]);
        }
    }
    const integer = (path: string, value: unknown, min: number, max: number, fallback: number): number => {
        if (value === undefined || value === null) return fallback;
        const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
        if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
            problems.push(`${project}:retryQueue.${path}: must be an integer between ${min} and ${max} (got ${JSON.stringify(value)})`);
            return fallback;
        }
        return n;
    };
    for (const k of Object.keys(raw)) if (!keys.includes(k)) problems.push(`${project}:retryQueue.${k}: is not a known setting (expected one of: ${keys.join(", ")})`);
    const c = (raw.consumer ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(c)) if (!consumerKeys.includes(k)) problems.push(`${project}:retryQueue.consumer.${k}: is not a known setting (expected one of: ${consumerKeys.join(", ")})`);
    const d = retryQueueDefaults;
    const config: RetryQueueConfig = {
        maxReceiveCount: integer("maxReceiveCount", raw.maxReceiveCount, 1, 1000, d.maxReceiveCount),
        // With a batching window of 0, SQS event sources take at most 10 messages per invocation.
        batchSize: integer("batchSize", raw.batchSize, 1, 10, d.batchSize),
        maximumConcurrency: integer("maximumConcurrency", raw.maximumConcurrency, 2, 1000, d.maximumConcurrency),
        backoffSeconds: integer("backoffSeconds", raw.backoffSeconds, 0, 900, d.backoffSeconds),
        retentionDays: integer("retentionDays", raw.retentionDays, 1, 14, d.retentionDays),
        oldestMessageAgeAlarmSeconds: integer("oldestMessageAgeAlarmSeconds", raw.oldestMessageAgeAlarmSeconds, 60, 1_209_600, d.oldestMessageAgeAlarmSeconds),
        consumer: {
            memoryMb: integer("consumer.memoryMb", c.memoryMb, 128, 10240, d.consumer.memoryMb),
            timeoutSeconds: integer("consumer.timeoutSeconds", c.timeoutSeconds, 1, 900, d.consumer.timeoutSeconds),
            reservedConcurrency: c.reservedConcurrency === undefined ? undefined : integer("consumer.reservedConcurrency", c.reservedConcurrency, 1, 100000, 1),
        },
    };
    if (config.consumer.reservedConcurrency !== undefined && config.consumer.reservedConcurrency < config.maximumConcurrency) {
        problems.push(`${project}:retryQueue.consumer.reservedConcurrency: must be at least maximumConcurrency (${config.maximumConcurrency}), or the mapping's invocations are throttled`);
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
}

/** The queue hides a message in flight at least 6 times the consumer's timeout (AWS's advice for SQS event sources). */
export function visibilityTimeoutSeconds(config: RetryQueueConfig): number {
    return Math.min(43_200, 6 * config.consumer.timeoutSeconds);
}
