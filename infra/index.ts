import { createStack } from "./src/program";

// Stack outputs: URL, names and key ids. Never API key values or the cursor signing key.
const stack = createStack();
export const apiUrl = stack.apiUrl;
export const tableName = stack.tableName;
export const functionNames = stack.functionNames;
export const clientKeyIds = stack.clientKeyIds;
export const dashboardName = stack.dashboardName;
export const alarmTopicArn = stack.alarmTopicArn;
export const ticketTopicArn = stack.ticketTopicArn;
export const customDomainTarget = stack.customDomainTarget;
export const retryQueueUrl = stack.retryQueueUrl;
export const deadLetterQueueUrl = stack.deadLetterQueueUrl;
export const retryFunctionName = stack.retryFunctionName;
