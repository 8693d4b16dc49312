#!/usr/bin/env bash
# Publishes every function in src/Contracts/Definitions/openapi.json (x-tracking-functions) as Native AOT and packages it for
# the provided.al2023 custom runtime. Used by CI, the README and Dockerfile.build.
#
#   scripts/build-lambdas.sh [--rid linux-x64|linux-arm64|native|all] [--config Release]
#
# Output (other code depends on this layout):
#   artifacts/lambda/<rid>/<fn>/bootstrap   the native executable, mode 755 (tools/LocalStack runs it)
#   artifacts/lambda/<rid>/<fn>.zip         only `bootstrap`, unix mode 0755, fixed mtime (deterministic)
#   artifacts/lambda/sizes.json             bytes of each bootstrap and zip, per rid
#   artifacts/publish/<rid>/<fn>/           raw publish output, incl. the .dbg symbols
#   artifacts/logs/publish-<rid>-<fn>.log   full publish output
# Fails on any build warning, on a GLIBC symbol newer than 2.34, on a zip that is not exactly bootstrap/0755.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
trap 'echo "[build-lambdas] FAILED (line $LINENO)" >&2' ERR

rid_arg=all
config=Release
while (($#)); do
  case "$1" in
    --rid) rid_arg="${2:?--rid needs a value}"; shift 2 ;;
    --rid=*) rid_arg="${1#*=}"; shift ;;
    --config | -c) config="${2:?--config needs a value}"; shift 2 ;;
    --config=*) config="${1#*=}"; shift ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (usage: build-lambdas.sh [--rid linux-x64|linux-arm64|native|all] [--config Release])" ;;
  esac
done

case "$rid_arg" in
  all) rids=(linux-x64 linux-arm64) ;;
  native) rids=("$(host_rid)") ;;
  linux-x64 | linux-arm64) rids=("$rid_arg") ;;
  *) die "--rid must be linux-x64, linux-arm64, native or all (got '$rid_arg')" ;;
esac

# A fixed zip timestamp: the same bootstrap always gives the same zip bytes.
readonly ZIP_EPOCH=946684800 # 2000-01-01T00:00:00Z
# Warnings-as-errors is on repo-wide; this also catches anything that slips past it (ILC, NuGet, SDK).
readonly WARNING_PATTERN='(^|[^A-Za-z0-9_])warning([^A-Za-z0-9_]|$)'

require_cmd dotnet clang zip unzip od sort
host="$(host_rid)"

# Extra publish properties for one target rid: cross-linking arm64 on x64 through Debian multiarch.
cross_args() {
  local rid="$1"
  [[ "$rid" == "$host" ]] && return 0
  if [[ "$rid" == linux-arm64 && "$host" == linux-x64 ]]; then
    require_cmd aarch64-linux-gnu-objcopy ld.lld
    [[ -e /usr/lib/aarch64-linux-gnu/crt1.o ]] || die "arm64 libc (libc6-dev:arm64) missing; run scripts/install-prereqs.sh"
    echo "-p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy"
    return 0
  fi
  die "cross-compiling $rid on a $host host is not supported; build it on a $rid machine (or Dockerfile.build there)"
}

mapfile -t functions < <(list_functions)
((${#functions[@]})) || die "no functions listed in openapi.json (x-tracking-functions)"

mkdir -p "$REPO_ROOT/artifacts/logs"
rows=()        # Markdown table rows
json_rids=()   # sizes.json entries
bootstraps=()

for rid in "${rids[@]}"; do
  read -r -a extra <<<"$(cross_args "$rid")"
  json_fns=()
  for entry in "${functions[@]}"; do
    read -r fn project <<<"$entry"
    project_dir="$REPO_ROOT/$project"
    name="$(basename "$project_dir")"   # assembly name = project name = executable name
    csproj="$project_dir/$name.csproj"
    [[ -f "$csproj" ]] || die "function '$fn': $csproj not found"

    publish_dir="$REPO_ROOT/artifacts/publish/$rid/$fn"
    out_dir="$REPO_ROOT/artifacts/lambda/$rid/$fn"
    zip_file="$REPO_ROOT/artifacts/lambda/$rid/$fn.zip"
    log_file="$REPO_ROOT/artifacts/logs/publish-$rid-$fn.log"
    rm -rf "$publish_dir" "$out_dir" "$zip_file"
    mkdir -p "$publish_dir" "$out_dir"

    log "publishing $fn ($project) for $rid, $config ..."
    start=$SECONDS
    # One publish at a time: ILC already uses both cores, and parallel restores for different rids
    # would race on the shared obj/project.assets.json. No build servers left running afterwards.
    if ! dotnet publish "$csproj" -c "$config" -r "$rid" -o "$publish_dir" \
      --disable-build-servers -nodeReuse:false -tl:off -clp:NoSummary \
      "${extra[@]}" >"$log_file" 2>&1; then
      cat "$log_file" >&2
      die "dotnet publish failed for $fn/$rid (log: ${log_file#"$REPO_ROOT"/})"
    fi
    seconds=$((SECONDS - start))
    warnings="$(grep -Ei "$WARNING_PATTERN" "$log_file" | grep -Eiv '^[[:space:]]*0 warning\(s\)' || true)"
    if [[ -n "$warnings" ]]; then
      echo "$warnings" >&2
      die "build warnings in $fn/$rid (AOT/trim warnings must be zero; log: ${log_file#"$REPO_ROOT"/})"
    fi

    exe="$publish_dir/$name"
    [[ -f "$exe" ]] || die "expected native executable $exe after publish; is '$name' the assembly name?"
    actual_rid="$(elf_rid "$exe")"
    [[ "$actual_rid" == "$rid" ]] || die "$exe is a $actual_rid executable, expected $rid"

    cp "$exe" "$out_dir/bootstrap"
    chmod 755 "$out_dir/bootstrap"
    touch -d "@$ZIP_EPOCH" "$out_dir/bootstrap"
    # -X: no uid/gid or extra timestamps; TZ=UTC: zip stores local DOS time; -D: no directory entries.
    (cd "$out_dir" && TZ=UTC zip -q -X -D -9 "$zip_file" bootstrap)

    # The zip must hold exactly `bootstrap`, executable, or Lambda cannot start it.
    entries="$(unzip -Z1 "$zip_file")"
    [[ "$entries" == bootstrap ]] || die "$zip_file must contain only 'bootstrap', has: $entries"
    mode="$(unzip -Z "$zip_file" bootstrap | awk '{print $1}')"
    [[ "$mode" == -rwxr-xr-x ]] || die "$zip_file: bootstrap stored with mode $mode, expected -rwxr-xr-x"

    bootstrap_bytes="$(wc -c <"$out_dir/bootstrap" | tr -d ' ')"
    zip_bytes="$(wc -c <"$zip_file" | tr -d ' ')"
    zip_sha="$(sha256sum "$zip_file" | cut -d' ' -f1)"
    log "$fn/$rid: ${seconds}s, bootstrap $bootstrap_bytes bytes, zip $zip_bytes bytes"
    bootstraps+=("${out_dir#"$REPO_ROOT"/}/bootstrap")
    rows+=("$(awk -v r="$rid" -v f="$fn" -v b="$bootstrap_bytes" -v z="$zip_bytes" -v s="$seconds" \
      'BEGIN { printf "| %s | %s | %d | %.2f | %d | %.2f | %d |", r, f, b, b / 1048576, z, z / 1048576, s }')")
    json_fns+=("$(printf '    "%s": { "bootstrapBytes": %d, "zipBytes": %d, "zipSha256": "%s" }' \
      "$fn" "$bootstrap_bytes" "$zip_bytes" "$zip_sha")")
  done
  json_rids+=("$(printf '  "%s": {\n%s\n  }' "$rid" "$(IFS=$'\n'; printf '%s' "${json_fns[*]/%/,}" | sed '$ s/,$//')")")
done

log "checking GLIBC symbol versions (Lambda provided.al2023 has glibc 2.34) ..."
(cd "$REPO_ROOT" && scripts/check-glibc.sh --max 2.34 "${bootstraps[@]}") || die "a bootstrap needs a newer glibc than provided.al2023 has"

sizes="$REPO_ROOT/artifacts/lambda/sizes.json"
{
  echo "{"
  (IFS=$'\n'; printf '%s' "${json_rids[*]/%/,}" | sed '$ s/,$//')
  printf '\n}\n'
} >"$sizes"

echo
echo "| rid | function | bootstrap bytes | bootstrap MiB | zip bytes | zip MiB | publish s |"
echo "|---|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
log "done: artifacts/lambda/ (sizes in ${sizes#"$REPO_ROOT"/})"
