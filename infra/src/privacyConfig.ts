import type { Reader } from "./config";

// Data-protection settings of a stack (issue 11): what the functions refuse as personal data, and how long the
// erasure tombstones and the audit records live. Every one has a default, so a stack may leave the block out.

export interface PrivacyConfig {
    /** Metadata keys the functions refuse (case-insensitive): METADATA_DENYLIST. */
    metadataDenylist: string[];
    /** Days an erased package's tombstone refuses late updates with 410: TOMBSTONE_DAYS. */
    tombstoneDays: number;
    /** Days an export/erasure audit record is kept: AUDIT_RETENTION_DAYS. */
    auditRetentionDays: number;
}

export const defaultPrivacy: PrivacyConfig = {
    metadataDenylist: ["name", "email", "phone", "address"],
    tombstoneDays: 90,
    auditRetentionDays: 1096,
};

export function readPrivacy(r: Reader): PrivacyConfig {
    const p = r.object("privacy", r.structured("privacy", false), false);
    r.unknownKeys("privacy", p, ["metadataDenylist", "tombstoneDays", "auditRetentionDays"]);
    const listed = p?.metadataDenylist === undefined ? defaultPrivacy.metadataDenylist : r.list("privacy.metadataDenylist", p.metadataDenylist, true);
    const metadataDenylist = listed.map((k, i) =>
        // The functions split the variable on commas, so a key may not hold one; 64 is the metadata key limit.
        r.string(`privacy.metadataDenylist[${i}]`, k, { required: true, pattern: /^[^,\u0000-\u001f]{1,64}$/, describe: "a metadata key (1-64 characters, no comma)" }) ?? "",
    );
    if (p?.metadataDenylist !== undefined && metadataDenylist.length === 0) {
        r.fail("privacy.metadataDenylist", "must list at least one key (leave it out for the default name, email, phone, address)");
    }
    return {
        metadataDenylist,
        // Never 0: a tombstone and an audit record must always expire (storage limitation, GDPR Art. 5(1)(e)).
        tombstoneDays: r.number("privacy.tombstoneDays", p?.tombstoneDays, { min: 1, max: 36500, integer: true, default: defaultPrivacy.tombstoneDays }),
        auditRetentionDays: r.number("privacy.auditRetentionDays", p?.auditRetentionDays, { min: 1, max: 36500, integer: true, default: defaultPrivacy.auditRetentionDays }),
    };
}
