import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface DataKeyArgs {
    /** Alias suffix, e.g. "package-tracking-prod" gives alias/package-tracking-prod. */
    aliasName: string;
    tags: Record<string, string>;
}

/** Customer-managed KMS key (rotation on) for the table and the functions' environment. */
export class DataKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: DataKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:security:DataKey", name, {}, opts);
        this.key = new aws.kms.Key(name, {
            description: `Package tracking data (${args.aliasName}): DynamoDB table and Lambda environment`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            tags: args.tags,
        }, { parent: this });
        new aws.kms.Alias(name, { name: `alias/${args.aliasName}`, targetKeyId: this.key.keyId }, { parent: this });
        this.arn = this.key.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
