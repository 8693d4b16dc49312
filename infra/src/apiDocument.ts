import { ApiPlan, PlannedMethod } from "./apiPlan";
import { ApiDefinition, OpenApiDocument } from "./definitions";

// The REST API's `body`: the repository's OpenAPI document as API Gateway imports it. API Gateway reads OpenAPI
// 3.0 (not 3.1) and draft-4 models, and uses schemas only to validate requests, so the body keeps every path,
// operation, parameter, security requirement, request validator and gateway response of the document, gives each
// method its Lambda proxy integration, and carries as models only the edge models (x-tracking-edge-models) that the
// validators check. Response schemas and examples stay in the document (docs, contract tests); API Gateway
// passes Lambda proxy answers through untouched.

export const apiKeyScheme = "api_key";

type Json = Record<string, any>;

function integration(invokeArn: string): Json {
    return { type: "aws_proxy", httpMethod: "POST", uri: invokeArn, passthroughBehavior: "when_no_match" };
}

/** Parameters as API Gateway's validator needs them: name, location, required (the document's $refs resolved). */
function parameters(document: OpenApiDocument, declared: Json[]): Json[] {
    return declared.map((p) => {
        const parameter = p.$ref ? document.components.parameters![p.$ref.split("/").pop()] : p;
        return { name: parameter.name, in: parameter.in, required: parameter.required === true, schema: { type: "string" } };
    });
}

function anyMethod(method: PlannedMethod, invokeArn: string): Json {
    return {
        security: [{ [apiKeyScheme]: [] }],
        parameters: method.pathParameters.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
        responses: { default: { description: "The function's answer (405 or 404 problem+json)" } },
        "x-amazon-apigateway-integration": integration(invokeArn),
    };
}

function operation(document: OpenApiDocument, path: string, verb: string, invokeArn: string): Json {
    const item = document.paths[path];
    const op = item[verb];
    const body: Json = {
        operationId: op.operationId,
        summary: op.summary,
        security: [{ [apiKeyScheme]: [] }],
        parameters: parameters(document, [...(item.parameters ?? []), ...(op.parameters ?? [])]),
        responses: Object.fromEntries(Object.entries(op.responses as Json).map(([status, r]) => [status, { description: r.description ?? r.$ref.split("/").pop() }])),
        "x-amazon-apigateway-integration": integration(invokeArn),
    };
    if (op["x-amazon-apigateway-request-validator"]) body["x-amazon-apigateway-request-validator"] = op["x-amazon-apigateway-request-validator"];
    const content = op.requestBody?.content as Json | undefined;
    if (content) {
        body.requestBody = {
            required: op.requestBody.required === true,
            content: Object.fromEntries(Object.entries(content).filter(([, m]) => m["x-tracking-edge-model"])
                .map(([type, m]) => [type, { schema: { $ref: `#/components/schemas/${m["x-tracking-edge-model"]}` } }])),
        };
    }
    return body;
}

/** The body for one stack: `invokeArns` maps each function of the document to its (alias's) invoke ARN. */
export function gatewayDocument(api: ApiDefinition, plan: ApiPlan, invokeArns: Record<string, string>): Json {
    const document = api.document;
    const paths: Record<string, Json> = {};
    for (const method of plan.methods) {
        const invokeArn = invokeArns[method.functionName];
        if (!invokeArn) throw new Error(`no invoke ARN for function "${method.functionName}" (${method.httpMethod} ${method.path})`);
        const item = (paths[method.path] ??= {});
        if (method.httpMethod === "ANY") item["x-amazon-apigateway-any-method"] = anyMethod(method, invokeArn);
        else item[method.httpMethod.toLowerCase()] = operation(document, method.path, method.httpMethod.toLowerCase(), invokeArn);
    }
    const extensions = Object.fromEntries(Object.entries(document).filter(([k]) => k.startsWith("x-amazon-apigateway-")));
    return {
        openapi: "3.0.1",
        info: { title: document.info.title, version: document.info.version },
        ...extensions,
        paths,
        components: {
            securitySchemes: { [apiKeyScheme]: document.components.securitySchemes[apiKeyScheme] },
            schemas: document["x-tracking-edge-models"],
        },
    };
}
