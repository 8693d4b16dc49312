import * as fs from "fs";
import { fromRepo } from "./paths";

// The table and API definitions live with the code (src/Contracts/Definitions) so the functions,
// the local stack and this program cannot drift apart.
export const tableDefinitionPath = "src/Contracts/Definitions/table.json";
export const apiDefinitionPath = "src/Contracts/Definitions/openapi.json";

export type AttributeType = "S" | "N" | "B";

export interface Projection {
    type: "ALL" | "KEYS_ONLY" | "INCLUDE";
    nonKeyAttributes?: string[];
}

export interface TableDefinition {
    billingMode: "PAY_PER_REQUEST" | "PROVISIONED";
    attributes: { name: string; type: AttributeType }[];
    partitionKey: string;
    sortKey?: string;
    localSecondaryIndexes: { name: string; sortKey: string; projection: Projection }[];
    globalSecondaryIndexes: { name: string; partitionKey: string; sortKey?: string; projection: Projection }[];
    ttlAttribute?: string;
}

export interface FunctionDefinition {
    artifact: string;
    description: string;
    dynamodb: { tableActions: string[]; indexActions: string[] };
}

export interface RouteDefinition {
    resource: string;
    methods: Record<string, string>;
    fallbackFunction: string;
}

export interface ApiDefinition {
    functions: Record<string, FunctionDefinition>;
    routes: RouteDefinition[];
    catchAll: { resource: string; function: string };
    roles: Record<string, string[]>;
    /** The whole OpenAPI 3.1 document: API Gateway's body is built from it (apiDocument.ts). */
    document: OpenApiDocument;
}

/** The parts of openapi.json this program reads; the document is the contract, these are its routing facts. */
export interface OpenApiDocument {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<string, Record<string, any>>;
    components: { securitySchemes: Record<string, unknown>; parameters?: Record<string, any>; schemas: Record<string, unknown> };
    "x-tracking-functions": Record<string, FunctionDefinition>;
    "x-tracking-roles": Record<string, string[]>;
    "x-tracking-catch-all": { resource: string; function: string };
    "x-tracking-edge-models": Record<string, unknown>;
    [extension: `x-amazon-apigateway-${string}`]: unknown;
}

export const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function readJson(relativePath: string): unknown {
    const file = fromRepo(relativePath);
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`cannot read ${relativePath} (${file}): ${(e as Error).message}`);
    }
}

export function loadTableDefinition(): TableDefinition {
    const table = readJson(tableDefinitionPath) as TableDefinition;
    const declared = new Set(table.attributes.map((a) => a.name));
    const keys = [
        table.partitionKey,
        table.sortKey,
        ...table.localSecondaryIndexes.map((i) => i.sortKey),
        ...table.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ].filter((k): k is string => k !== undefined);
    const undeclared = keys.filter((k) => !declared.has(k));
    if (undeclared.length > 0) {
        throw new Error(`${tableDefinitionPath}: key attributes ${undeclared.join(", ")} are not declared in "attributes"`);
    }
    return table;
}

/** The routing facts of the OpenAPI document: x-tracking-function per operation, fallback per path, catch-all, roles. */
export function apiDefinitionOf(document: OpenApiDocument): ApiDefinition {
    const routes = Object.entries(document.paths).map(([resource, item]) => ({
        resource,
        methods: Object.fromEntries(Object.entries(item).filter(([k]) => httpMethods.includes(k)).map(([verb, op]) => [verb.toUpperCase(), op["x-tracking-function"] as string])),
        fallbackFunction: item["x-tracking-fallback-function"] as string,
    }));
    return {
        functions: document["x-tracking-functions"],
        routes,
        catchAll: document["x-tracking-catch-all"],
        roles: document["x-tracking-roles"],
        document,
    };
}

export function loadApiDefinition(): ApiDefinition {
    const api = apiDefinitionOf(readJson(apiDefinitionPath) as OpenApiDocument);
    const functionNames = new Set(Object.keys(api.functions));
    const referenced = [
        ...api.routes.flatMap((r) => [...Object.values(r.methods), r.fallbackFunction]),
        api.catchAll.function,
    ];
    const unknown = referenced.filter((f) => !functionNames.has(f));
    if (unknown.length > 0) {
        throw new Error(`${apiDefinitionPath}: routes refer to undefined functions ${[...new Set(unknown)].join(", ")}`);
    }
    return api;
}
