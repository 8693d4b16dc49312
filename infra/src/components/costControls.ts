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

/** Monthly cost budget for this stack, warning at 80% actual and 100% forecast by email and SNS. */
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
            costFilters: [{ name: "TagKeyValue", values: [`user:${args.costAllocationTag.key}$${args.costAllocationTag.value}`] }],
            notifications: [notify(80, "ACTUAL"), notify(100, "FORECASTED")],
            tags: args.tags,
        }, { parent: this });
        this.registerOutputs({ topicArn: this.topic.arn, budgetName: this.budget.name });
    }
}
