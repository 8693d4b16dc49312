import { ApiDefinition } from "./definitions";

// The routes of openapi.json turned into API Gateway shapes: the resource tree and one method per (resource, verb),
// including the ANY methods that send unlisted verbs and unknown paths to the function that answers 405/404.

export interface PlannedResource {
    path: string;
    parentPath: string;
    pathPart: string;
}

export interface PlannedMethod {
    path: string;
    httpMethod: string;
    functionName: string;
    /** Path parameters API Gateway must see, e.g. ["trackingId"]. */
    pathParameters: string[];
}

export interface ApiPlan {
    resources: PlannedResource[];
    methods: PlannedMethod[];
}

export const rootPath = "/";

function parentOf(path: string): string {
    const cut = path.lastIndexOf("/");
    return cut <= 0 ? rootPath : path.slice(0, cut);
}

function pathParameters(path: string): string[] {
    return [...path.matchAll(/\{([A-Za-z0-9_]+)\+?\}/g)].map((m) => m[1]);
}

export function planApi(api: ApiDefinition): ApiPlan {
    const routePaths = new Set(api.routes.map((r) => r.resource));
    const paths = new Set<string>();
    for (const p of [...routePaths, api.catchAll.resource]) {
        if (!p.startsWith("/") || p.endsWith("/")) throw new Error(`openapi.json: path "${p}" must start with / and not end with /`);
        for (let q = p; q !== rootPath; q = parentOf(q)) paths.add(q);
    }
    // Parents before children, so each resource can point at an already-declared parent.
    const ordered = [...paths].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
    const resources = ordered.map((path) => ({ path, parentPath: parentOf(path), pathPart: path.slice(path.lastIndexOf("/") + 1) }));

    const methods: PlannedMethod[] = [];
    const add = (path: string, httpMethod: string, functionName: string) =>
        methods.push({ path, httpMethod, functionName, pathParameters: pathParameters(path) });
    for (const route of api.routes) {
        for (const [verb, fn] of Object.entries(route.methods)) add(route.resource, verb.toUpperCase(), fn);
        // Any other verb reaches the owning function, which answers 405 in problem+json.
        add(route.resource, "ANY", route.fallbackFunction);
    }
    add(api.catchAll.resource, "ANY", api.catchAll.function);
    // Intermediate resources (/v1, /v1/tracking) and the root would otherwise answer API Gateway's own 403;
    // sending them to the catch-all function gives the same problem+json 404 as any unknown path.
    for (const path of [rootPath, ...ordered]) {
        if (!routePaths.has(path) && path !== api.catchAll.resource) add(path, "ANY", api.catchAll.function);
    }
    return { resources, methods };
}

/** A Pulumi-safe name for a resource path: "/v1/tracking/{trackingId}" -> "v1-tracking-trackingId". */
export function pathSlug(path: string): string {
    if (path === rootPath) return "root";
    return path.replace(/[{}+]/g, "").replace(/^\//, "").replace(/\//g, "-") + (path.includes("+}") ? "-greedy" : "");
}
