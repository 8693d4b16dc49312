import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assumeRolePolicy } from "../iamPolicy";

export interface ApiGatewayAccountArgs {
    tags: Record<string, string>;
}

/**
 * API Gateway's account-level settings (the CloudWatch role every stage in the account and region logs through).
 * There is one such setting per account and region, so exactly one stack declares this (`api.manageAccountLogging`):
 * with two owners the last `up` wins and destroying either one breaks logging for the other.
 */
export class ApiGatewayAccount extends pulumi.ComponentResource {
    readonly account: aws.apigateway.Account;

    constructor(name: string, args: ApiGatewayAccountArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:api:ApiGatewayAccount", name, {}, opts);
        // These three used to live inside the TrackingApi component "api": the aliases keep them the same resources
        // (no replacement, no moment without a CloudWatch role) on stacks deployed before the move.
        const formerParent = pulumi.createUrn("api", "tracking:api:TrackingApi");
        const formerly = (oldName: string) => ({ parent: this, aliases: [{ name: oldName, parent: formerParent }] });
        const role = new aws.iam.Role(`${name}-cloudwatch`, {
            description: "Lets API Gateway write access and execution logs (account-wide setting, owned by one stack)",
            assumeRolePolicy: assumeRolePolicy("apigateway.amazonaws.com"),
            tags: args.tags,
        }, formerly("api-cloudwatch"));
        const attachment = new aws.iam.RolePolicyAttachment(`${name}-cloudwatch`, {
            role: role.name,
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
        }, formerly("api-cloudwatch"));
        this.account = new aws.apigateway.Account(name, { cloudwatchRoleArn: role.arn }, { ...formerly("api"), dependsOn: [attachment] });
        this.registerOutputs({ cloudwatchRoleArn: role.arn });
    }
}
