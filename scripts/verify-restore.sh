#!/usr/bin/env bash
# Verifies a table restored from PITR or AWS Backup against the live table, before anyone switches to it
# (docs/runbook.md, "Restore drill"). Read-only: describe, scan (COUNT and a small sample), get-item, list-tags.
#
#   scripts/verify-restore.sh --source package-tracking-prod --restored package-tracking-prod-r202612021900 \
#     [--region us-west-2] [--restore-time 2026-12-02T18:55:00Z] [--sample 20] [--dry-run]
#
# Exit 0 and "VERIFIED" when the restored table is usable; exit 1 and "FAILED: <n> check(s)" otherwise.
# Settings a restore never copies (TTL, PITR, deletion protection, tags) are listed as TO RE-APPLY, not failures:
# the switch (pulumi up) sets them. --dry-run prints the aws commands instead of running them.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

SOURCE="" RESTORED="" REGION="${AWS_REGION:-}" RESTORE_TIME="" SAMPLE=20 DRY_RUN=0
while (($#)); do
  case "$1" in
    --source) SOURCE="${2:?--source needs a table name}"; shift 2 ;;
    --restored) RESTORED="${2:?--restored needs a table name}"; shift 2 ;;
    --region) REGION="${2:?--region needs a region}"; shift 2 ;;
    --restore-time) RESTORE_TIME="${2:?--restore-time needs an ISO-8601 UTC time}"; shift 2 ;;
    --sample) SAMPLE="${2:?--sample needs a number}"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage 0 ;;
    *) printf 'unknown option %s\n' "$1" >&2; usage 2 ;;
  esac
done
[[ -n "$SOURCE" && -n "$RESTORED" ]] || { printf 'both --source and --restored are required\n' >&2; usage 2; }
[[ "$SOURCE" != "$RESTORED" ]] || die "--source and --restored name the same table"
[[ "$SAMPLE" =~ ^[0-9]+$ ]] || die "--sample must be a number (got $SAMPLE)"
((DRY_RUN)) || require_cmd aws

REGION_ARGS=()
[[ -z "$REGION" ]] || REGION_ARGS=(--region "$REGION")
FAILURES=0
STARTED=$SECONDS

# One aws call, text output. In a dry run: print it and answer with a placeholder.
q() {
  if ((DRY_RUN)); then
    { printf 'aws'; printf ' %q' "$@" "${REGION_ARGS[@]}" --output text; printf '\n'; } >&2
    echo "DRY-RUN"
    return
  fi
  aws "$@" "${REGION_ARGS[@]}" --output text
}
pass() { printf '  ok    %s\n' "$*"; }
fail() { printf '  FAIL  %s\n' "$*"; FAILURES=$((FAILURES + 1)); }
todo() { printf '  TO RE-APPLY  %s\n' "$*"; }
same() { [[ "$1" == "$2" ]] || ((DRY_RUN)); }

describe() { q dynamodb describe-table --table-name "$1" --query "$2"; }

log "verifying $RESTORED against $SOURCE${REGION:+ in $REGION}"

echo "1. The restored table is usable"
status="$(describe "$RESTORED" Table.TableStatus)"
if same "$status" ACTIVE; then pass "status $status"; else fail "status is $status, not ACTIVE (wait, then run again)"; fi

echo "2. Same keys, indexes and encryption as the live table"
for part in KeySchema "LocalSecondaryIndexes[].IndexName" "GlobalSecondaryIndexes[].IndexName" "SSEDescription.SSEType"; do
  want="$(describe "$SOURCE" "Table.$part")"
  got="$(describe "$RESTORED" "Table.$part")"
  if same "$got" "$want"; then pass "$part: $(echo "$got" | tr '\t\n' '  ')"; else fail "$part differs: live '$want', restored '$got'"; fi
done

echo "3. Items are there"
live_count="$(q dynamodb scan --table-name "$SOURCE" --select COUNT --query Count)"
restored_count="$(q dynamodb scan --table-name "$RESTORED" --select COUNT --query Count)"
if ((DRY_RUN)) || [[ "$restored_count" =~ ^[0-9]+$ && ("$restored_count" -gt 0 || "$live_count" == 0) ]]; then
  pass "restored $restored_count items (live table now: $live_count; the difference is what was written after the restore point, or damage)"
else
  fail "restored table has '$restored_count' items while the live one has '$live_count'"
fi

echo "4. A sample of packages: state present, and from before the restore point"
ids="$(q dynamodb scan --table-name "$RESTORED" --filter-expression "sk = :s" --expression-attribute-values '{":s":{"S":"STATE"}}' \
  --projection-expression pk --max-items "$SAMPLE" --query "Items[].pk.S")"
sampled=0 unchanged=0
for pk in $ids; do
  [[ "$pk" != "None" && "$pk" != "DRY-RUN" ]] || continue
  sampled=$((sampled + 1))
  key="{\"pk\":{\"S\":\"$pk\"},\"sk\":{\"S\":\"STATE\"}}"
  restored_at="$(q dynamodb get-item --table-name "$RESTORED" --key "$key" --query Item.updatedAt.S)"
  live_at="$(q dynamodb get-item --table-name "$SOURCE" --key "$key" --query Item.updatedAt.S)"
  [[ "$restored_at" != "$live_at" ]] || unchanged=$((unchanged + 1))
  if [[ -n "$RESTORE_TIME" && "$restored_at" != "None" && "$restored_at" > "$RESTORE_TIME" ]]; then
    fail "$pk: restored state updated at $restored_at, after the restore point $RESTORE_TIME"
  fi
done
if ((DRY_RUN)) || ((sampled > 0)); then
  pass "$sampled packages sampled, $unchanged unchanged since (the others got events after the restore point)"
elif [[ "$restored_count" != 0 ]]; then
  fail "no package state found in the restored table"
fi

echo "5. What a restore does not copy (the switch re-applies it with pulumi up)"
ttl="$(q dynamodb describe-time-to-live --table-name "$RESTORED" --query TimeToLiveDescription.TimeToLiveStatus)"
same "$ttl" ENABLED || todo "TTL is $ttl (items would never expire)"
pitr="$(q dynamodb describe-continuous-backups --table-name "$RESTORED" --query ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus)"
same "$pitr" ENABLED || todo "point-in-time recovery is $pitr"
protection="$(describe "$RESTORED" Table.DeletionProtectionEnabled)"
same "$protection" True || todo "deletion protection is $protection"
arn="$(describe "$RESTORED" Table.TableArn)"
tags="$(q dynamodb list-tags-of-resource --resource-arn "$arn" --query "Tags[?Key=='stack'].Value")"
[[ -n "$tags" && "$tags" != "None" ]] || todo "the stack cost-allocation tag is missing"

elapsed=$((SECONDS - STARTED))
if ((FAILURES)); then
  printf 'FAILED: %d check(s), in %d s\n' "$FAILURES" "$elapsed"
  exit 1
fi
printf 'VERIFIED%s in %d s\n' "$( ((DRY_RUN)) && echo ' (dry run: nothing was called)')" "$elapsed"
