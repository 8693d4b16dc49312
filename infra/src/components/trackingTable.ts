import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BackupSettings } from "../config";
import { TableDefinition } from "../definitions";

export interface TrackingTableArgs {
    tableName: string;
    definition: TableDefinition;
    deletionProtection: boolean;
    pointInTimeRecovery: boolean;
    /** Customer-managed key; absent means the AWS-owned key. */
    kmsKeyArn?: pulumi.Input<string>;
    backup?: BackupSettings;
    tags: Record<string, string>;
}

/** The one table, built from src/Contracts/Definitions/table.json, plus its optional AWS Backup plan. */
export class TrackingTable extends pulumi.ComponentResource {
    readonly table: aws.dynamodb.Table;
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** One ARN per index, so IAM can name them instead of index/*. */
    readonly indexArns: pulumi.Output<string>[];

    constructor(name: string, args: TrackingTableArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:data:TrackingTable", name, {}, opts);
        const d = args.definition;
        this.table = new aws.dynamodb.Table(name, {
            name: args.tableName,
            billingMode: d.billingMode,
            attributes: d.attributes.map((a) => ({ name: a.name, type: a.type })),
            hashKey: d.partitionKey,
            rangeKey: d.sortKey,
            localSecondaryIndexes: d.localSecondaryIndexes.map((i) => ({
                name: i.name,
                rangeKey: i.sortKey,
                projectionType: i.projection.type,
                nonKeyAttributes: i.projection.nonKeyAttributes,
            })),
            globalSecondaryIndexes: d.globalSecondaryIndexes.map((i) => ({
                name: i.name,
                keySchemas: [
                    { attributeName: i.partitionKey, keyType: "HASH" },
                    ...(i.sortKey ? [{ attributeName: i.sortKey, keyType: "RANGE" }] : []),
                ],
                projectionType: i.projection.type,
                nonKeyAttributes: i.projection.nonKeyAttributes,
            })),
            // Always on, whatever the events' retention: erasure tombstones and audit records always carry an expiry.
            ttl: d.ttlAttribute ? { attributeName: d.ttlAttribute, enabled: true } : undefined,
            pointInTimeRecovery: { enabled: args.pointInTimeRecovery },
            serverSideEncryption: args.kmsKeyArn ? { enabled: true, kmsKeyArn: args.kmsKeyArn } : { enabled: false },
            deletionProtectionEnabled: args.deletionProtection,
            tags: args.tags,
        }, { parent: this, protect: args.deletionProtection });

        this.name = this.table.name;
        this.arn = this.table.arn;
        const indexNames = [...d.localSecondaryIndexes, ...d.globalSecondaryIndexes].map((i) => i.name);
        this.indexArns = indexNames.map((index) => pulumi.interpolate`${this.table.arn}/index/${index}`);

        if (args.backup) this.declareBackup(name, args.backup, args.tags);
        this.registerOutputs({ name: this.name, arn: this.arn });
    }

    private declareBackup(name: string, backup: BackupSettings, tags: Record<string, string>): void {
        const vault = new aws.backup.Vault(`${name}-backup`, { tags }, { parent: this });
        // The copy lands in a vault in another region (AWS provider v7 places a resource in any region with `region`),
        // so a regional outage or a deleted primary vault still leaves restorable recovery points.
        const copyVault = backup.copy
            ? new aws.backup.Vault(`${name}-backup-copy`, { region: backup.copy.region, tags }, { parent: this })
            : undefined;
        const plan = new aws.backup.Plan(`${name}-backup`, {
            rules: [{
                ruleName: "daily",
                targetVaultName: vault.name,
                schedule: backup.schedule,
                lifecycle: { deleteAfter: backup.deleteAfterDays },
                copyActions: copyVault && backup.copy
                    ? [{ destinationVaultArn: copyVault.arn, lifecycle: { deleteAfter: backup.copy.deleteAfterDays } }]
                    : undefined,
            }],
            tags,
        }, { parent: this });
        const role = new aws.iam.Role(`${name}-backup`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags,
        }, { parent: this });
        for (const policy of ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"]) {
            new aws.iam.RolePolicyAttachment(`${name}-${policy}`, {
                role: role.name,
                policyArn: `arn:aws:iam::aws:policy/service-role/${policy}`,
            }, { parent: this });
        }
        new aws.backup.Selection(`${name}-backup`, {
            planId: plan.id,
            iamRoleArn: role.arn,
            resources: [this.table.arn],
        }, { parent: this });
    }
}
