import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface WafArgs {
    webAclName: string;
    /** The API Gateway stage the ACL protects. */
    stageArn: pulumi.Input<string>;
    rateLimitPer5Minutes: number;
    tags: Record<string, string>;
}

function visibility(metricName: string) {
    return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/** Regional WAF web ACL on the stage: per-IP rate limit and AWS managed common rules. */
export class Waf extends pulumi.ComponentResource {
    readonly webAcl: aws.wafv2.WebAcl;

    constructor(name: string, args: WafArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:security:Waf", name, {}, opts);
        this.webAcl = new aws.wafv2.WebAcl(name, {
            name: args.webAclName,
            scope: "REGIONAL",
            defaultAction: { allow: {} },
            rules: [
                {
                    name: "rate-limit-per-ip",
                    priority: 0,
                    action: { block: {} },
                    statement: { rateBasedStatement: { limit: args.rateLimitPer5Minutes, aggregateKeyType: "IP" } },
                    visibilityConfig: visibility(`${args.webAclName}-rate-limit`),
                },
                {
                    name: "aws-common-rules",
                    priority: 1,
                    overrideAction: { none: {} },
                    statement: {
                        managedRuleGroupStatement: {
                            vendorName: "AWS",
                            name: "AWSManagedRulesCommonRuleSet",
                            // The common set blocks bodies over 8 KB; a 100-event batch is larger, and the
                            // function already enforces its own 64 KB limit with a problem+json 413.
                            ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
                        },
                    },
                    visibilityConfig: visibility(`${args.webAclName}-common`),
                },
                {
                    name: "aws-known-bad-inputs",
                    priority: 2,
                    overrideAction: { none: {} },
                    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } },
                    visibilityConfig: visibility(`${args.webAclName}-bad-inputs`),
                },
            ],
            visibilityConfig: visibility(args.webAclName),
            tags: args.tags,
        }, { parent: this });
        new aws.wafv2.WebAclAssociation(name, { resourceArn: args.stageArn, webAclArn: this.webAcl.arn }, { parent: this });
        this.registerOutputs({ webAclArn: this.webAcl.arn });
    }
}
