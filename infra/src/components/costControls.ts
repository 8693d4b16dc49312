import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface CostControlsArgs {
    budgetName: string;
    monthlyLimitUsd: number;
    emails: string[];
    /** The cost-allocation tag every resource of this stack carries (must be activated in Billing once). */
    costAllocationTag: { key: string; value: string };
    tags: Record<string, string>;
}

/** Monthly cost budget for this stack: 80% and 100% of actual spend, 100% of forecast, by email and SNS. */
export class CostControls extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    readonly budget: aws.budgets.Budget;

    constructor(name: string, args: CostControlsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:cost:CostControls", name, {}, opts);
        this.topic = new aws.sns.Topic(name, { name: `${args.budgetName}-budget`, tags: args.tags }, { parent: this });
        const account = aws.getCallerIdentityOutput({}, { parent: this });
        new aws.sns.TopicPolicy(name, {
            arn: this.topic.arn,
            policy: pulumi.all([this.topic.arn, account.accountId]).apply(([topicArn, accountId]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "BudgetsPublish",
                    Effect: "Allow",
                    Principal: { Service: "budgets.amazonaws.com" },
                    Action: "SNS:Publish",
                    Resource: topicArn,
                    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                }],
            })),
        }, { parent: this });


        const notify = (threshold: number, notificationType: "ACTUAL" | "FORECASTED") => ({
            comparisonOperator: "GREATER_THAN",
            threshold,
            thresholdType: "PERCENTAGE",
            notificationType,
            subscriberEmailAddresses: args.emails,
            subscriberSnsTopicArns: [this.topic.arn],
        });
        this.budget = new aws.budgets.Budget(name, {
            name: args.budgetName,
            budgetType: "COST",
            limitAmount: args.monthlyLimitUsd.toFixed(2),
            limitUnit: "USD",
            timeUnit: "MONTHLY",
            // CAVEAT: this filter matches nothing (the budget stays at $0 and never alerts) until the `stack` tag is
            // activated as a cost-allocation tag in Billing → Cost allocation tags, once per payer account, and Billing
            // only shows a tag there about a day after a tagged resource exists. Activation is not retroactive.
            // The runbook's "Budget notifications" section checks it with `aws ce list-cost-allocation-tags`.
            costFilters: [{ name: "TagKeyValue", values: [`user:${args.costAllocationTag.key}$${args.costAllocationTag.value}`] }],
            notifications: [notify(80, "ACTUAL"), notify(100, "ACTUAL"), notify(100, "FORECASTED")],
            tags: args.tags,
        }, { parent: this });
        this.registerOutputs({ topicArn: this.topic.arn, budgetName: this.budget.name });
    }
}
