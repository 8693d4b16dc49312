import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The group API Gateway writes execution logs to (`loggingLevel`); it picks the name, we only own it first. */
export function executionLogGroupName(restApiId: string, stageName: string): string {
    return `API-Gateway-Execution-Logs_${restApiId}/${stageName}`;
}

/**
 * Declares the execution log group before the stage's method settings turn logging on, so API Gateway finds it
 * and never creates its own one with no expiry.
 */
export function executionLogGroup(name: string, restApiId: pulumi.Input<string>, stageName: string, retentionInDays: number,
    tags: Record<string, string>, parent: pulumi.Resource): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(`${name}-execution`, {
        name: pulumi.output(restApiId).apply((id) => executionLogGroupName(id, stageName)),
        retentionInDays,
        tags,
    }, { parent });
}
