import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { gatewayDocument } from "../apiDocument";
import { ApiPlan } from "../apiPlan";
import { ApiDefinition } from "../definitions";
import { IssuedKey } from "./apiClientKeys";
import { executionLogGroup } from "./apiLogs";

export interface ApiTarget {
    functionName: pulumi.Input<string>;
    /** Alias name when the function runs warm; the permission must name it too (an output, so it waits for the alias). */
    qualifier?: pulumi.Input<string>;
    invokeArn: pulumi.Input<string>;
}

export interface TrackingApiArgs {
    apiName: string;
    stageName: string;
    /** The OpenAPI document and its routing facts (src/Contracts/Definitions/openapi.json). */
    api: ApiDefinition;
    plan: ApiPlan;
    targets: Record<string, ApiTarget>;
    keys: IssuedKey[];
    throttlingRateLimit: number;
    throttlingBurstLimit: number;
    logRetentionDays: number;
    /** The account's API Gateway CloudWatch role when this stack owns it: the stage waits for it. */
    accountSettings?: pulumi.Resource;
    /** X-Ray tracing on the stage. */
    tracing: boolean;
    customDomain?: { domainName: string; certificateArn: string };
    tags: Record<string, string>;
}

/**
 * Access-log fields: who, what, how it went. Deliberately no query string, no body, no headers
 * ($context.path carries no query string).
 */
export const accessLogFormat = JSON.stringify({
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    requestTime: "$context.requestTime",
    ip: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    apiKeyId: "$context.identity.apiKeyId",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    path: "$context.path",
    protocol: "$context.protocol",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integrationLatency",
    integrationStatus: "$context.integrationStatus",
    errorMessage: "$context.error.message",
    wafStatus: "$context.waf.status",
});

/** The regional REST API built from openapi.json (`body`), Lambda proxy integrations, stage, access logs, usage plans. */
export class TrackingApi extends pulumi.ComponentResource {
    readonly restApi: aws.apigateway.RestApi;
    /** The OpenAPI document API Gateway imports for this stack. */
    readonly body: pulumi.Output<string>;
    readonly stage: aws.apigateway.Stage;
    readonly url: pulumi.Output<string>;
    readonly customDomainTarget?: pulumi.Output<string>;

    constructor(name: string, args: TrackingApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:api:TrackingApi", name, {}, opts);
        const parent = { parent: this };

        // The API is the repository's OpenAPI document (apiDocument.ts): paths, methods, API key security, request
        // validators, gateway responses and one Lambda proxy integration per method, all in one `body`.
        const invokeArns = pulumi.all(Object.fromEntries(Object.entries(args.targets).map(([fn, t]) => [fn, t.invokeArn])));
        this.body = invokeArns.apply((arns) => JSON.stringify(gatewayDocument(args.api, args.plan, arns)));
        this.restApi = new aws.apigateway.RestApi(name, {
            name: args.apiName,
            description: "Package tracking API v1",
            endpointConfiguration: { types: "REGIONAL" },
            apiKeySource: "HEADER",
            body: this.body,
            putRestApiMode: "overwrite",
            failOnWarnings: true,
            tags: args.tags,
        }, parent);

        for (const [fn, target] of Object.entries(args.targets)) {
            new aws.lambda.Permission(`${name}-invoke-${fn}`, {
                action: "lambda:InvokeFunction",
                function: target.functionName,
                qualifier: target.qualifier,
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${this.restApi.executionArn}/${args.stageName}/*/*`,
            }, parent);
        }

        // A new deployment whenever the document or an integration target changes.
        const deployment = new aws.apigateway.Deployment(name, {
            restApi: this.restApi.id,
            description: "Managed by Pulumi",
            triggers: { redeployment: this.body.apply((body) => createHash("sha256").update(body).digest("hex")) },
        }, { parent: this, dependsOn: [this.restApi] });

        const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access`, {
            name: `/aws/apigateway/${args.apiName}/${args.stageName}/access`,
            retentionInDays: args.logRetentionDays,
            tags: args.tags,
        }, parent);

        const stageDependsOn: pulumi.Resource[] = args.accountSettings ? [args.accountSettings] : [];
        const executionLogs = executionLogGroup(name, this.restApi.id, args.stageName, args.logRetentionDays, args.tags, this);

        this.stage = new aws.apigateway.Stage(name, {
            restApi: this.restApi.id,
            deployment: deployment.id,
            stageName: args.stageName,
            accessLogSettings: { destinationArn: accessLogs.arn, format: accessLogFormat },
            xrayTracingEnabled: args.tracing,
            tags: args.tags,
        }, { parent: this, dependsOn: stageDependsOn });

        new aws.apigateway.MethodSettings(name, {
            restApi: this.restApi.id,
            stageName: this.stage.stageName,
            methodPath: "*/*",
            settings: {
                metricsEnabled: true,
                loggingLevel: "ERROR",
                dataTraceEnabled: false,
                throttlingRateLimit: args.throttlingRateLimit,
                throttlingBurstLimit: args.throttlingBurstLimit,
            },
        }, { parent: this, dependsOn: [...stageDependsOn, executionLogs] });

        for (const { client, keyId } of args.keys) {
            const plan = new aws.apigateway.UsagePlan(`${name}-${client.name}`, {
                name: `${args.apiName}-${client.name}`,
                description: `${client.name} (${client.role})`,
                apiStages: [{ apiId: this.restApi.id, stage: this.stage.stageName }],
                throttleSettings: { rateLimit: client.rateLimit, burstLimit: client.burstLimit },
                quotaSettings: { limit: client.monthlyQuota, period: "MONTH" },
                tags: args.tags,
            }, parent);
            new aws.apigateway.UsagePlanKey(`${name}-${client.name}`, {
                keyId,
                keyType: "API_KEY",
                usagePlanId: plan.id,
            }, parent);
        }

        this.url = pulumi.interpolate`${this.stage.invokeUrl}`;
        if (args.customDomain) this.customDomainTarget = this.declareCustomDomain(name, args.customDomain, args.stageName, args.tags);
        this.registerOutputs({ url: this.url, customDomainTarget: this.customDomainTarget });
    }

    private declareCustomDomain(name: string, domain: { domainName: string; certificateArn: string }, stageName: string, tags: Record<string, string>): pulumi.Output<string> {
        const domainName = new aws.apigateway.DomainName(name, {
            domainName: domain.domainName,
            regionalCertificateArn: domain.certificateArn,
            endpointConfiguration: { types: "REGIONAL" },
            securityPolicy: "TLS_1_2",
            tags,
        }, { parent: this });
        new aws.apigateway.BasePathMapping(name, {
            restApi: this.restApi.id,
            stageName,
            domainName: domainName.domainName,
        }, { parent: this, dependsOn: [this.stage] });
        return domainName.regionalDomainName;
    }
}
