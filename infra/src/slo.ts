// The availability SLO as CloudWatch metric math over API Gateway's own metrics, kept pure so tests can evaluate
// the expressions and check the alarm windows against CloudWatch's limits without a cloud.

export interface ApiMetricsScope {
    apiName: string;
    stage: string;
}

/** One multi-window burn-rate condition (SRE workbook, chapter 5): both windows must burn faster than `burnRate`. */
export interface BurnRateRule {
    severity: "page" | "ticket";
    longWindowSeconds: number;
    shortWindowSeconds: number;
    burnRate: number;
}

/**
 * The workbook's recommended pairs for a 30-day budget: 2% of it in 1 h or 5% in 6 h pages; 10% in 3 days tickets.
 * CloudWatch has no sliding-sum function, so each window is one alarm whose period is the window
 * (3 days = one 259,200 s period, allowed because periods of an hour or more may span up to 7 days).
 */
export const burnRateRules: BurnRateRule[] = [
    { severity: "page", longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4 },
    { severity: "page", longWindowSeconds: 21600, shortWindowSeconds: 1800, burnRate: 6 },
    { severity: "ticket", longWindowSeconds: 259200, shortWindowSeconds: 21600, burnRate: 1 },
];

/** CloudWatch's rule for PutMetricAlarm: period 10/20/30 or a multiple of 60; range ≤ 1 day under 1 h periods, else ≤ 7 days. */
export function alarmWindowProblem(periodSeconds: number, evaluationPeriods: number): string | undefined {
    if (!Number.isInteger(periodSeconds) || !(periodSeconds % 60 === 0 || [10, 20, 30].includes(periodSeconds)) || periodSeconds <= 0) {
        return `period ${periodSeconds} s is not 10, 20, 30 or a multiple of 60`;
    }
    if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) return `evaluationPeriods ${evaluationPeriods} must be a positive integer`;
    const range = periodSeconds * evaluationPeriods;
    const limit = periodSeconds < 3600 ? 86400 : 604800;
    return range > limit ? `period × evaluationPeriods = ${range} s exceeds CloudWatch's ${limit} s` : undefined;
}

export function windowLabel(seconds: number): string {
    if (seconds % 86400 === 0) return `${seconds / 86400}d`;
    if (seconds % 3600 === 0) return `${seconds / 3600}h`;
    return `${seconds / 60}m`;
}

export interface MetricQuery {
    id: string;
    expression?: string;
    label?: string;
    returnData?: boolean;
    metric?: { namespace: string; metricName: string; dimensions: Record<string, string>; period: number; stat: string };
}

/**
 * Percentile-rank statistic: the % of requests whose API Gateway latency is in (0, threshold] ms. Both bounds are
 * written because PutMetricAlarm documents the form PR(n:m); the lower bound is exclusive, and API Gateway's
 * Latency (its own overhead included) is never 0 ms.
 */
export function fastShareStat(latencyThresholdMs: number): string {
    return `PR(0:${latencyThresholdMs})`;
}

/**
 * Bad events over one window = 5xx answers + answers slower than the objective (capped at the request count,
 * since a slow 5xx is counted once by the SLO but twice by the sum).
 */
export const badEventsExpression = "IF(errors + total * (100 - fast) / 100 > total, total, errors + total * (100 - fast) / 100)";
export const successPercentExpression = `IF(total > 0, 100 - 100 * (${badEventsExpression}) / total, 100)`;

export function burnRateExpression(availabilityPercent: number): string {
    const budget = round((100 - availabilityPercent) / 100);
    return `IF(total > 0, (${badEventsExpression}) / total / ${budget}, 0)`;
}

/** The three API Gateway metrics every SLI expression reads, over one period. */
export function sliMetricQueries(scope: ApiMetricsScope, periodSeconds: number, latencyThresholdMs: number): MetricQuery[] {
    const dimensions = { ApiName: scope.apiName, Stage: scope.stage };
    const metric = (metricName: string, stat: string) => ({ namespace: "AWS/ApiGateway", metricName, dimensions, period: periodSeconds, stat });
    return [
        { id: "total", metric: metric("Count", "Sum"), returnData: false },
        { id: "errors", metric: metric("5XXError", "Sum"), returnData: false },
        { id: "fast", metric: metric("Latency", fastShareStat(latencyThresholdMs)), returnData: false },
    ];
}

export function burnRateQueries(scope: ApiMetricsScope, periodSeconds: number, slo: { availabilityPercent: number; latencyThresholdMs: number }): MetricQuery[] {
    return [
        ...sliMetricQueries(scope, periodSeconds, slo.latencyThresholdMs),
        { id: "burn", expression: burnRateExpression(slo.availabilityPercent), label: `Error-budget burn rate over ${windowLabel(periodSeconds)}`, returnData: true },
    ];
}

/** The threshold of the "near the timeout" alarm: 80% of what a request can take before API Gateway or Lambda cuts it. */
export function nearTimeoutMs(functionTimeoutsSeconds: number[]): number {
    const integrationLimitMs = 29000;
    const longest = Math.max(...functionTimeoutsSeconds.map((s) => s * 1000));
    return Math.round(0.8 * Math.min(integrationLimitMs, longest));
}

function round(n: number): number {
    return Number(n.toPrecision(10));
}
