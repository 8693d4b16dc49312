import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SloSettings } from "../configOps";
import { alarmWindowProblem, burnRateQueries, burnRateRules, windowLabel } from "../slo";

export interface SloAlarmsArgs {
    namePrefix: string;
    apiName: pulumi.Input<string>;
    apiStageName: pulumi.Input<string>;
    slo: SloSettings;
    /** Pages on-call (fast burn). */
    pageTopicArn: pulumi.Input<string>;
    /** Opens a ticket (slow burn). */
    ticketTopicArn: pulumi.Input<string>;
    tags: Record<string, string>;
}

/**
 * Multi-window, multi-burn-rate alerts on the availability SLO: one metric alarm per window (no actions: their
 * state feeds the composites) and one composite per severity, which is what notifies.
 */
export class SloAlarms extends pulumi.ComponentResource {
    readonly windowAlarms: aws.cloudwatch.MetricAlarm[] = [];
    readonly page: aws.cloudwatch.CompositeAlarm;
    readonly ticket: aws.cloudwatch.CompositeAlarm;

    constructor(name: string, args: SloAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:ops:SloAlarms", name, {}, opts);
        const scope = pulumi.all([args.apiName, args.apiStageName]);
        const windowAlarmName = (seconds: number, burnRate: number) => `${args.namePrefix}-slo-burn-${windowLabel(seconds)}-over-${burnRate}x`;
        const declared = new Map<string, string>();
        const windowAlarm = (seconds: number, burnRate: number): string => {
            const alarmName = windowAlarmName(seconds, burnRate);
            if (declared.has(alarmName)) return alarmName;
            const problem = alarmWindowProblem(seconds, 1);
            if (problem) throw new Error(`${alarmName}: ${problem}`);
            this.windowAlarms.push(new aws.cloudwatch.MetricAlarm(`${name}-${windowLabel(seconds)}-${burnRate}x`, {
                name: alarmName,
                alarmDescription: `Error budget (${(100 - args.slo.availabilityPercent).toFixed(3)}% of requests may be 5xx or slower than ${args.slo.latencyThresholdMs} ms) ` +
                    `burning more than ${burnRate}x over the last ${windowLabel(seconds)}. Part of a burn-rate composite; notifies nobody itself.`,
                comparisonOperator: "GreaterThanThreshold",
                threshold: burnRate,
                evaluationPeriods: 1,
                datapointsToAlarm: 1,
                // No traffic spends no budget.
                treatMissingData: "notBreaching",
                metricQueries: scope.apply(([apiName, stage]) => burnRateQueries({ apiName, stage }, seconds, args.slo)),
                tags: args.tags,
            }, { parent: this }));
            declared.set(alarmName, alarmName);
            return alarmName;
        };
        const ruleFor = (severity: "page" | "ticket") => burnRateRules
            .filter((r) => r.severity === severity)
            .map((r) => `(ALARM("${windowAlarm(r.longWindowSeconds, r.burnRate)}") AND ALARM("${windowAlarm(r.shortWindowSeconds, r.burnRate)}"))`)
            .join(" OR ");

        const composite = (suffix: string, severity: "page" | "ticket", topicArn: pulumi.Input<string>, description: string) =>
            new aws.cloudwatch.CompositeAlarm(`${name}-${suffix}`, {
                alarmName: `${args.namePrefix}-${suffix}`,
                alarmDescription: description,
                alarmRule: ruleFor(severity),
                alarmActions: [topicArn],
                okActions: [topicArn],
                tags: args.tags,
            }, { parent: this, dependsOn: this.windowAlarms });
        this.page = composite("slo-fast-burn", "page", args.pageTopicArn,
            `PAGE: the ${args.slo.availabilityPercent}% availability SLO is burning fast (2% of the monthly budget in 1 h, or 5% in 6 h). Runbook: slo-fast-burn.`);
        this.ticket = composite("slo-slow-burn", "ticket", args.ticketTopicArn,
            `TICKET: the ${args.slo.availabilityPercent}% availability SLO is burning its budget faster than it refills (10% in 3 days). Runbook: slo-slow-burn.`);
        this.registerOutputs({ page: this.page.arn, ticket: this.ticket.arn });
    }
}
