#!/usr/bin/env bash
# Fails when an executable needs a GLIBC symbol version newer than the Lambda runtime has
# (provided.al2023 ships glibc 2.34): such a bootstrap would die at start on Lambda.
#
#   scripts/check-glibc.sh [--max 2.34] FILE...          # ELF executables (objdump -T)
#   scripts/check-glibc.sh [--max 2.34] --dumps FILE...  # saved `objdump -T` text (tests)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

max_allowed="${GLIBC_MAX:-2.34}"
dumps=false
files=()
while (($#)); do
  case "$1" in
    --max) max_allowed="${2:?--max needs a version}"; shift 2 ;;
    --dumps) dumps=true; shift ;;
    -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) files+=("$1"); shift ;;
  esac
done
((${#files[@]})) || die "no files given (usage: check-glibc.sh [--max 2.34] [--dumps] FILE...)"
[[ "$max_allowed" =~ ^[0-9]+(\.[0-9]+)+$ ]] || die "--max must look like 2.34, got '$max_allowed'"

# True when version $1 is strictly newer than $2 (numeric per component: 2.4 < 2.17 < 2.34).
version_newer() {
  [[ "$1" != "$2" && "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1)" == "$1" ]]
}

# objdump that understands the file's architecture (host objdump cannot read a cross-compiled one).
dump_symbols() {
  local file="$1" tool=objdump
  case "$(elf_rid "$file")" in
    unknown) die "$file is not an ELF executable this check understands" ;;
    "$(host_rid)") ;;
    linux-arm64) tool=aarch64-linux-gnu-objdump ;;
    linux-x64) tool=x86_64-linux-gnu-objdump ;;
  esac
  require_cmd "$tool"
  "$tool" -T "$file" || die "$tool -T failed on $file"
}

failed=0
for file in "${files[@]}"; do
  [[ -f "$file" ]] || die "no such file: $file"
  if $dumps; then dump="$(cat "$file")"; else dump="$(dump_symbols "$file")"; fi

  mapfile -t versions < <(grep -oE '\bGLIBC_([0-9]+(\.[0-9]+)+|PRIVATE)\b' <<<"$dump" | sed 's/^GLIBC_//' | sort -uV)
  if ((${#versions[@]} == 0)); then
    # A dynamically linked glibc program always has some; none means we are not looking at what we think.
    echo "FAIL $file: no GLIBC symbol versions found (objdump -T shows no glibc imports)"
    failed=1
    continue
  fi

  too_new=()
  highest=""
  for v in "${versions[@]}"; do
    if [[ "$v" == PRIVATE ]]; then too_new+=("$v"); continue; fi
    highest="$v"
    if version_newer "$v" "$max_allowed"; then too_new+=("$v"); fi
  done

  if ((${#too_new[@]})); then
    echo "FAIL $file: max GLIBC_${highest:-?} found, newer than allowed GLIBC_$max_allowed"
    for v in "${too_new[@]}"; do
      symbols="$(grep -E "\bGLIBC_${v//./\\.}\b" <<<"$dump" | awk '{print $NF}' | sort -u | tr '\n' ' ')"
      echo "     GLIBC_$v: $symbols"
    done
    failed=1
  else
    echo "OK   $file: max GLIBC_$highest (allowed up to GLIBC_$max_allowed)"
  fi
done
exit "$failed"
