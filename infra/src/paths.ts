import * as fs from "fs";
import * as path from "path";

/** The infra/ folder, found by walking up to Pulumi.yaml so the answer is the same from index.ts or compiled bin/. */
export function infraDir(start: string = __dirname): string {
    let dir = start;
    for (;;) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`Pulumi.yaml not found above ${start}`);
        dir = parent;
    }
}

/** The repository root: repo-relative paths in config and definitions resolve from here. */
export function repoRoot(): string {
    return path.dirname(infraDir());
}

export function fromRepo(relativePath: string): string {
    return path.resolve(repoRoot(), relativePath);
}
