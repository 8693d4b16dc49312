import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClientConfig } from "../config";

export interface ApiClientKeysArgs {
    namePrefix: string;
    clients: ClientConfig[];
    tags: Record<string, string>;
}

export interface IssuedKey {
    client: ClientConfig;
    keyId: pulumi.Output<string>;
    /** The key's value (a Pulumi secret): only for our own callers (the canary), never a stack output. */
    value: pulumi.Output<string>;
}

/**
 * One API key per configured client. Declared before the functions because their API_CLIENTS map is built
 * from these key ids; the usage plans come later, with the stage.
 */
export class ApiClientKeys extends pulumi.ComponentResource {
    readonly keys: IssuedKey[];
    /** API_CLIENTS: {"<apiKeyId>": {"name": "acme", "role": "partner"}}. */
    readonly clientsJson: pulumi.Output<string>;

    constructor(name: string, args: ApiClientKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tracking:api:ApiClientKeys", name, {}, opts);
        this.keys = args.clients.map((client) => {
            const key = new aws.apigateway.ApiKey(`${name}-${client.name}`, {
                name: `${args.namePrefix}-${client.name}`,
                description: `${client.name} (${client.role})`,
                enabled: true,
                tags: { ...args.tags, client: client.name, role: client.role },
            }, { parent: this });
            return { client, keyId: key.id, value: pulumi.secret(key.value) };
        });
        this.clientsJson = pulumi.all(this.keys.map((k) => k.keyId)).apply((ids) =>
            JSON.stringify(Object.fromEntries(ids.map((id, i) => [id, { name: this.keys[i].client.name, role: this.keys[i].client.role }]))),
        );
        this.registerOutputs({ clientsJson: this.clientsJson });
    }
}
