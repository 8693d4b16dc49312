// Least-privilege policy documents, kept pure so tests can check them without a cloud.

export interface PolicyStatement {
    Sid: string;
    Effect: "Allow";
    Action: string[];
    Resource: string[];
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export interface FunctionPolicyInput {
    tableArn: string;
    indexArns: string[];
    tableActions: string[];
    indexActions: string[];
    logGroupArn: string;
    /** Present only when the stack uses a customer-managed key. */
    kms?: { keyArn: string; actions: string[] };
    /** X-Ray active tracing: Lambda sends the function's segments with the execution role. */
    tracing?: boolean;
}

/** What X-Ray active tracing needs. X-Ray has no resource-level permissions, so these are the only "*" resources. */
export const xrayWriteActions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

export function tracingStatement(): PolicyStatement {
    return { Sid: "Tracing", Effect: "Allow", Action: [...xrayWriteActions], Resource: ["*"] };
}

/** KMS actions a function needs on the stack key: every function decrypts its environment and reads; writers also encrypt. */
export function kmsActionsFor(tableActions: string[]): string[] {
    const writes = tableActions.some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(a));
    return writes ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"];
}

export function functionPolicy(input: FunctionPolicyInput): PolicyDocument {
    for (const action of [...input.tableActions, ...input.indexActions]) {
        if (!/^dynamodb:[A-Za-z]+$/.test(action)) throw new Error(`refusing DynamoDB action "${action}": only exact dynamodb:<Action> names are allowed`);
    }
    const statements: PolicyStatement[] = [
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [`${input.logGroupArn}:log-stream:*`],
        },
    ];
    if (input.tableActions.length > 0) {
        statements.push({ Sid: "Table", Effect: "Allow", Action: [...input.tableActions], Resource: [input.tableArn] });
    }
    if (input.indexActions.length > 0) {
        statements.push({ Sid: "Indexes", Effect: "Allow", Action: [...input.indexActions], Resource: [...input.indexArns] });
    }
    if (input.kms) {
        statements.push({ Sid: "StackKey", Effect: "Allow", Action: [...input.kms.actions], Resource: [input.kms.keyArn] });
    }
    if (input.tracing) statements.push(tracingStatement());
    return { Version: "2012-10-17", Statement: statements };
}

export function assumeRolePolicy(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}
