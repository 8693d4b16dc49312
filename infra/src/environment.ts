import * as pulumi from "@pulumi/pulumi";
import { Prices } from "./config";
import { PrivacyConfig } from "./privacyConfig";

/** The variable names the functions read: mirror of src/Contracts/Configuration/EnvironmentVariables.cs (a test keeps them equal). */
export const env = {
    tableName: "TABLE_NAME",
    apiClients: "API_CLIENTS",
    eventTypes: "EVENT_TYPES",
    cursorSigningKey: "CURSOR_SIGNING_KEY",
    retentionDays: "RETENTION_DAYS",
    metricsNamespace: "METRICS_NAMESPACE",
    stage: "STAGE",
    priceLambdaGbSecond: "PRICE_LAMBDA_GB_SECOND",
    priceLambdaRequest: "PRICE_LAMBDA_REQUEST",
    priceDynamoDbReadUnit: "PRICE_DYNAMODB_READ_UNIT",
    priceDynamoDbWriteUnit: "PRICE_DYNAMODB_WRITE_UNIT",
    priceApiGatewayRequest: "PRICE_APIGATEWAY_REQUEST",
    metadataDenylist: "METADATA_DENYLIST",
    tombstoneDays: "TOMBSTONE_DAYS",
    auditRetentionDays: "AUDIT_RETENTION_DAYS",
    auditIdKey: "AUDIT_ID_KEY",
} as const;

export interface EnvironmentInput {
    tableName: pulumi.Input<string>;
    apiClients: pulumi.Input<string>;
    eventTypes: string[];
    cursorSigningKey: pulumi.Input<string>;
    retentionDays: number;
    metricsNamespace: string;
    stage: string;
    prices: Prices;
    privacy: PrivacyConfig;
    auditIdKey: pulumi.Input<string>;
}

/** Settings only: no credentials (Lambda supplies the role's), no DYNAMODB_ENDPOINT (local-only). */
export function functionEnvironment(input: EnvironmentInput): Record<string, pulumi.Input<string>> {
    return {
        [env.tableName]: input.tableName,
        [env.apiClients]: input.apiClients,
        [env.eventTypes]: input.eventTypes.join(","),
        [env.cursorSigningKey]: pulumi.secret(input.cursorSigningKey),
        [env.retentionDays]: String(input.retentionDays),
        [env.metricsNamespace]: input.metricsNamespace,
        [env.stage]: input.stage,
        [env.priceLambdaGbSecond]: decimal(input.prices.lambdaGbSecond),
        [env.priceLambdaRequest]: decimal(input.prices.lambdaRequest),
        [env.priceDynamoDbReadUnit]: decimal(input.prices.dynamoDbReadUnit),
        [env.priceDynamoDbWriteUnit]: decimal(input.prices.dynamoDbWriteUnit),
        [env.priceApiGatewayRequest]: decimal(input.prices.apiGatewayRequest),
        [env.metadataDenylist]: input.privacy.metadataDenylist.join(","),
        [env.tombstoneDays]: String(input.privacy.tombstoneDays),
        [env.auditRetentionDays]: String(input.privacy.auditRetentionDays),
        [env.auditIdKey]: pulumi.secret(input.auditIdKey),
    };
}

/** Plain decimal notation (never 1.25e-7), which every parser reads the same way. */
export function decimal(n: number): string {
    return n.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
}
