import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ScheduledScaling } from "../config";
import { assumeRolePolicy, functionPolicy } from "../iamPolicy";

export const liveAliasName = "live";

/**
 * The trimmed trust store: scripts/build-lambdas.sh packs exactly the Amazon Trust Services roots beside `bootstrap`
 * (Lambda unpacks the zip to /var/task). OpenSSL reads these variables once, from the process environment, on the
 * first TLS handshake; SSL_CERT_DIR names a directory that cannot exist (/var/task is read-only and the zip holds no
 * directory), so no hashed certificate directory is scanned either. See docs/design.md, "Trimmed trust store".
 */
export const trustStore = {
    fileVariable: "SSL_CERT_FILE",
    dirVariable: "SSL_CERT_DIR",
    file: "/var/task/amazon-trust-services.pem",
    missingDir: "/var/task/no-certificate-directory",
} as const;

export interface TrackingFunctionArgs {
    functionName: string;
    description: string;
    /** Zip with the Native AOT `bootstrap` at its root (a placeholder archive during a preview without the build). */
    code: pulumi.asset.Archive;
    memoryMb: number;
    timeoutSeconds: number;
    reservedConcurrency?: number;
    /** 0 deploys nothing extra; N > 0 publishes a version behind alias `live` with N warm instances. */
    provisionedConcurrency: number;
    scheduledScaling?: ScheduledScaling;
    logRetentionDays: number;
    environment: Record<string, pulumi.Input<string>>;
    /** true: the process trusts only the Amazon roots packed in its zip (see trustStore); false: the OS store. */
    trimmedTrustStore: boolean;
    dynamodb: {
        tableArn: pulumi.Input<string>;
        indexArns: pulumi.Input<string>[];
        tableActions: string[];
        indexActions: string[];
    };
    /** Customer-managed key: encrypts the environment, and the role may use it (for the table too). */
    kms?: { keyArn: pulumi.Input<string>; actions: string[] };
    /** X-Ray active tracing (the role gets the two X-Ray write actions). */
    tracing: boolean;
    tags: Record<string, string>;
}

/** One Native AOT function: role + inline least-privilege policy + log group + function, and the optional warm alias. */
export class TrackingFunction extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    /** Other components grant this role more (the retry queue's SQS actions). */
    readonly role: aws.iam.Role;
    readonly alias?: aws.lambda.Alias;
    readonly name: pulumi.Output<string>;
    /** What API Gateway invokes: the alias when provisioned concurrency is on, else the function. */
    readonly invokeArn: pulumi.Output<string>;
    /**
     * Qualifier for the Lambda permission: the alias's name as an output (so the permission waits for the alias),
     * or undefined for the unqualified function.
     */
    readonly qualifier?: pulumi.Output<string>;

    constructor(name: string, args: TrackingFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:compute:TrackingFunction", name, {}, opts);
        if (args.provisionedConcurrency < 0 || !Number.isInteger(args.provisionedConcurrency)) {
            throw new Error(`${name}: provisionedConcurrency must be a non-negative integer`);
        }

        const logGroup = new aws.cloudwatch.LogGroup(name, {
            name: `/aws/lambda/${args.functionName}`,
            retentionInDays: args.logRetentionDays,
            tags: args.tags,
        }, { parent: this });

        const role = this.role = new aws.iam.Role(name, {
            description: `Execution role of ${args.functionName}`,
            assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com"),
            tags: args.tags,
        }, { parent: this });

        const policy = new aws.iam.RolePolicy(name, {
            role: role.id,
            policy: pulumi
                .all([args.dynamodb.tableArn, pulumi.all(args.dynamodb.indexArns), logGroup.arn, args.kms?.keyArn])
                .apply(([tableArn, indexArns, logGroupArn, keyArn]) =>
                    JSON.stringify(functionPolicy({
                        tableArn,
                        indexArns,
                        tableActions: args.dynamodb.tableActions,
                        indexActions: args.dynamodb.indexActions,
                        logGroupArn,
                        kms: keyArn && args.kms ? { keyArn, actions: args.kms.actions } : undefined,
                        tracing: args.tracing,
                    })),
                ),
        }, { parent: this });

        const warm = args.provisionedConcurrency > 0;
        this.function = new aws.lambda.Function(name, {
            name: args.functionName,
            description: args.description,
            role: role.arn,
            runtime: aws.lambda.Runtime.CustomAL2023,
            architectures: ["arm64"],
            handler: "bootstrap",
            code: args.code,
            memorySize: args.memoryMb,
            timeout: args.timeoutSeconds,
            reservedConcurrentExecutions: args.reservedConcurrency,
            environment: { variables: args.trimmedTrustStore ? { ...args.environment, ...trimmedTrustVariables() } : args.environment },
            kmsKeyArn: args.kms?.keyArn,
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "INFO" },
            // Active: Lambda samples and records a segment per invocation and hands _X_AMZN_TRACE_ID to the runtime client.
            tracingConfig: { mode: args.tracing ? "Active" : "PassThrough" },
            publish: warm,
            tags: args.tags,
        }, { parent: this, dependsOn: [policy, logGroup] });
        this.name = this.function.name;

        if (warm) {
            this.alias = new aws.lambda.Alias(name, {
                name: liveAliasName,
                functionName: this.function.name,
                functionVersion: this.function.version,
                description: "Version API Gateway calls; carries the provisioned concurrency",
            }, { parent: this });
            this.qualifier = this.alias.name;
            this.invokeArn = this.alias.invokeArn;

            // Scheduled scaling moves the number between business and off hours; Pulumi must not undo that on every up.
            new aws.lambda.ProvisionedConcurrencyConfig(name, {
                functionName: this.function.name,
                qualifier: this.alias.name,
                provisionedConcurrentExecutions: args.provisionedConcurrency,
            }, { parent: this, ignoreChanges: args.scheduledScaling ? ["provisionedConcurrentExecutions"] : [] });

            if (args.scheduledScaling) this.declareScheduledScaling(name, args.provisionedConcurrency, args.scheduledScaling, args.tags);
        } else {
            this.invokeArn = this.function.invokeArn;
        }
        this.registerOutputs({ name: this.name, invokeArn: this.invokeArn });
    }

    private declareScheduledScaling(name: string, baseline: number, s: ScheduledScaling, tags: Record<string, string>): void {
        const target = new aws.appautoscaling.Target(name, {
            serviceNamespace: "lambda",
            scalableDimension: "lambda:function:ProvisionedConcurrency",
            resourceId: pulumi.interpolate`function:${this.function.name}:${liveAliasName}`,
            minCapacity: Math.min(baseline, s.offHoursConcurrency, s.businessHoursConcurrency),
            maxCapacity: Math.max(baseline, s.offHoursConcurrency, s.businessHoursConcurrency),
            tags,
        }, { parent: this, dependsOn: this.alias ? [this.alias] : [] });
        const window = [
            { suffix: "business-hours", schedule: s.businessHoursStart, capacity: s.businessHoursConcurrency },
            { suffix: "off-hours", schedule: s.businessHoursEnd, capacity: s.offHoursConcurrency },
        ];
        for (const w of window) {
            new aws.appautoscaling.ScheduledAction(`${name}-${w.suffix}`, {
                name: `${name}-${w.suffix}`,
                serviceNamespace: target.serviceNamespace,
                resourceId: target.resourceId,
                scalableDimension: target.scalableDimension,
                schedule: w.schedule,
                timezone: s.timezone,
                scalableTargetAction: { minCapacity: w.capacity, maxCapacity: w.capacity },
            }, { parent: this });
        }
    }
}

function trimmedTrustVariables(): Record<string, string> {
    return { [trustStore.fileVariable]: trustStore.file, [trustStore.dirVariable]: trustStore.missingDir };
}
