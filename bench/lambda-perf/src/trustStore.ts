import type { MetricSummary } from "./stats.js";

/**
 * The trimmed trust store as infra/ deploys it (infra/src/components/trackingFunction.ts, `trustStore`): OpenSSL in the
 * function loads only the Amazon roots the build packs beside `bootstrap`. Every zip holds the PEM whatever the stack's
 * toggle says, so both settings can be measured on the same deployed code by changing only these two variables.
 */
export const TRUST_STORE = {
  fileVariable: "SSL_CERT_FILE",
  dirVariable: "SSL_CERT_DIR",
  file: "/var/task/amazon-trust-services.pem",
  missingDir: "/var/task/no-certificate-directory",
} as const;

export interface Variant {
  name: string;
  /** The function's full environment for this variant, from the one it had before the measurement. */
  variables: (original: Readonly<Record<string, string>>) => Record<string, string>;
}

/** As deployed: the environment is left as it was. */
export const AS_DEPLOYED: Variant = { name: "as deployed", variables: (original) => ({ ...original }) };

/** The toggle on and off, each with every other variable kept. */
export const TRUST_STORE_VARIANTS: readonly Variant[] = [
  {
    name: "trimmed store (Amazon roots only)",
    variables: (original) => ({ ...original, [TRUST_STORE.fileVariable]: TRUST_STORE.file, [TRUST_STORE.dirVariable]: TRUST_STORE.missingDir }),
  },
  {
    name: "default store (the OS bundle)",
    variables: (original) => {
      const { [TRUST_STORE.fileVariable]: _file, [TRUST_STORE.dirVariable]: _dir, ...rest } = original;
      return rest;
    },
  },
];

/** p50/p90 side by side, and what the first variant saves at p50 (positive: it is faster). */
export function comparisonTable(first: { name: string; rows: readonly MetricSummary[] }, second: { name: string; rows: readonly MetricSummary[] }): string {
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  const lines = [
    `| metric | ${first.name} p50 / p90 | ${second.name} p50 / p90 | saved at p50 |`,
    "|---|---:|---:|---:|",
  ];
  for (const a of first.rows) {
    const b = second.rows.find((r) => r.metric === a.metric);
    if (!b) continue;
    lines.push(`| ${a.metric} | ${fmt(a.p50)} / ${fmt(a.p90)} (n=${a.count}) | ${fmt(b.p50)} / ${fmt(b.p90)} (n=${b.count}) | ${fmt(b.p50 - a.p50)} |`);
  }
  return lines.join("\n");
}
