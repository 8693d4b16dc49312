import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { canaryEnv, canaryHandler, canaryHandlerFile, canaryScript } from "../canaryScript";
import { CanarySettings } from "../configOps";
import { assumeRolePolicy, PolicyDocument, PolicyStatement, xrayWriteActions } from "../iamPolicy";

export interface ApiCanaryArgs {
    settings: CanarySettings;
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** The stage URL; the canary appends /v1/tracking/<trackingId>. */
    apiUrl: pulumi.Input<string>;
    /** The canary's own API key value (a secret): stored in SSM, read by the script at run time. */
    apiKeyValue: pulumi.Input<string>;
    latencyObjectiveMs: number;
    logRetentionDays: number;
    tracing: boolean;
    alarmTopicArn: pulumi.Input<string>;
    tags: Record<string, string>;
}

export interface CanaryPolicyInput {
    bucketArn: string;
    parameterArn: string;
    logGroupPrefixArn: string;
    tracing: boolean;
}

/**
 * What a Synthetics canary needs, and nothing else. Three statements must name "*": S3's ListAllMyBuckets and
 * CloudWatch's PutMetricData (narrowed to the CloudWatchSynthetics namespace) have no resource-level form, nor does X-Ray.
 * No logs:CreateLogGroup: the program creates the canary's log group itself, with a retention.
 */
export function canaryPolicy(p: CanaryPolicyInput): { Version: PolicyDocument["Version"]; Statement: (PolicyStatement & { Condition?: object })[] } {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "WriteRunArtifacts", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${p.bucketArn}/runs/*`] },
            { Sid: "LocateArtifactBucket", Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: [p.bucketArn] },
            { Sid: "SyntheticsListsBuckets", Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: ["*"] },
            { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${p.logGroupPrefixArn}*`] },
            { Sid: "ReadOwnApiKey", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: [p.parameterArn] },
            { Sid: "PublishRunMetrics", Effect: "Allow", Action: ["cloudwatch:PutMetricData"], Resource: ["*"], Condition: { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } } },
            ...(p.tracing ? [{ Sid: "Tracing", Effect: "Allow" as const, Action: [...xrayWriteActions], Resource: ["*"] }] : []),
        ],
    };
}

/** A CloudWatch Synthetics canary calling the API every few minutes with its own key, and the alarm on its runs. */
export class ApiCanary extends pulumi.ComponentResource {
    readonly canary: aws.synthetics.Canary;
    readonly alarm: aws.cloudwatch.MetricAlarm;

    constructor(name: string, args: ApiCanaryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:ops:ApiCanary", name, {}, opts);
        const parent = { parent: this };
        const s = args.settings;

        const bucket = new aws.s3.Bucket(name, { bucketPrefix: `${s.name}-`, forceDestroy: true, tags: args.tags }, parent);
        new aws.s3.BucketPublicAccessBlock(name, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(name, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, parent);
        new aws.s3.BucketLifecycleConfiguration(name, {
            bucket: bucket.id,
            rules: [{ id: "expire-run-artifacts", status: "Enabled", filter: { prefix: "runs/" }, expiration: { days: 14 } }],
        }, parent);
        // The zip is built here from the script text; its key changes with the script, so a new script updates the canary.
        const scriptHash = createHash("sha256").update(canaryScript).digest("hex").slice(0, 16);
        const code = new aws.s3.BucketObjectv2(name, {
            bucket: bucket.id,
            key: `code/${scriptHash}.zip`,
            source: new pulumi.asset.AssetArchive({ [canaryHandlerFile]: new pulumi.asset.StringAsset(canaryScript) }),
            tags: args.tags,
        }, parent);

        const parameter = new aws.ssm.Parameter(name, {
            name: `/${args.namePrefix}/canary/api-key`,
            description: "API key of the synthetic canary's own client (usage plan synthetic-canary)",
            type: "SecureString",
            value: pulumi.secret(args.apiKeyValue),
            tags: args.tags,
        }, parent);

        const logGroupPrefix = `/aws/lambda/cwsyn-${s.name}-`;
        const role = new aws.iam.Role(name, {
            description: `Execution role of canary ${s.name}`,
            assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com"),
            tags: args.tags,
        }, parent);
        const policy = new aws.iam.RolePolicy(name, {
            role: role.id,
            policy: pulumi.all([bucket.arn, parameter.arn, args.accountId]).apply(([bucketArn, parameterArn, accountId]) => JSON.stringify(canaryPolicy({
                bucketArn,
                parameterArn,
                logGroupPrefixArn: `arn:aws:logs:${args.region}:${accountId}:log-group:${logGroupPrefix}`,
                tracing: args.tracing,
            }))),
        }, parent);

        this.canary = new aws.synthetics.Canary(name, {
            name: s.name,
            runtimeVersion: s.runtimeVersion,
            handler: canaryHandler,
            s3Bucket: code.bucket,
            s3Key: code.key,
            executionRoleArn: role.arn,
            artifactS3Location: pulumi.interpolate`s3://${bucket.bucket}/runs/`,
            schedule: { expression: `rate(${s.scheduleMinutes} minute${s.scheduleMinutes === 1 ? "" : "s"})` },
            runConfig: {
                timeoutInSeconds: 30,
                memoryInMb: 960,
                activeTracing: args.tracing,
                environmentVariables: {
                    [canaryEnv.url]: pulumi.interpolate`${args.apiUrl}/v1/tracking/${s.trackingId}`,
                    [canaryEnv.keyParameter]: parameter.name,
                    [canaryEnv.latencyObjectiveMs]: String(args.latencyObjectiveMs),
                },
            },
            successRetentionPeriod: 7,
            failureRetentionPeriod: 14,
            startCanary: true,
            tags: args.tags,
        }, { parent: this, dependsOn: [policy] });

        // Synthetics names the canary's function cwsyn-<name>-<uuid>; the group can only be declared once that is known.
        // The role cannot create log groups, so this managed one (with retention) is the only one there is.
        new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: this.canary.engineArn.apply((arn) => `/aws/lambda/${arn.split(":")[6]}`),
            retentionInDays: args.logRetentionDays,
            tags: args.tags,
        }, parent);

        this.alarm = new aws.cloudwatch.MetricAlarm(`${name}-failing`, {
            name: `${args.namePrefix}-canary-failing`,
            alarmDescription: `The synthetic canary ${s.name} failed 2 runs in a row (5xx, wrong answer, timeout or slower than ${args.latencyObjectiveMs} ms), or stopped running. Runbook: canary-failing.`,
            namespace: "CloudWatchSynthetics",
            metricName: "SuccessPercent",
            dimensions: { CanaryName: this.canary.name },
            statistic: "Average",
            period: s.scheduleMinutes * 60,
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            comparisonOperator: "LessThanThreshold",
            threshold: 100,
            // A canary that stopped running is itself an outage of our monitoring.
            treatMissingData: "breaching",
            alarmActions: [args.alarmTopicArn],
            okActions: [args.alarmTopicArn],
            tags: args.tags,
        }, parent);
        this.registerOutputs({ canaryName: this.canary.name });
    }
}
