# shellcheck shell=bash
# Shared by the scripts in scripts/: repo root, messages, rids and the function list.
# Sourced, never executed; callers have already set -euo pipefail.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[%s] %s\n' "${0##*/}" "$*"; }
die() { printf '[%s] ERROR: %s\n' "${0##*/}" "$*" >&2; exit 1; }
require_cmd() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' not found; on Debian run scripts/install-prereqs.sh (Amazon Linux: see Dockerfile.build)"
  done
}

# The rid of this machine, for --rid native.
host_rid() {
  case "$(uname -m)" in
    x86_64 | amd64) echo linux-x64 ;;
    aarch64 | arm64) echo linux-arm64 ;;
    *) die "unsupported host architecture $(uname -m)" ;;
  esac
}

# ELF e_machine of a file as a rid (linux-x64, linux-arm64) or "unknown": proves what a build produced.
elf_rid() {
  local magic machine
  magic="$(od -An -N4 -tx1 "$1" 2>/dev/null | tr -d ' \n')"
  [[ "$magic" == 7f454c46 ]] || { echo unknown; return; }
  machine="$(od -An -j18 -N2 -tx1 "$1" | tr -d ' \n')"
  case "$machine" in
    3e00) echo linux-x64 ;;
    b700) echo linux-arm64 ;;
    *) echo unknown ;;
  esac
}

# One line per function, "<name> <project dir>", from the single list in the OpenAPI document (x-tracking-functions).
# node on Debian, python3 on Amazon Linux (Dockerfile.build): whichever exists.
list_functions() {
  local api="$REPO_ROOT/src/Contracts/Definitions/openapi.json"
  [[ -f "$api" ]] || die "missing $api"
  if command -v node >/dev/null 2>&1; then
    # shellcheck disable=SC2016 # JavaScript template literal, not shell
    node -e '
      const fns = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))["x-tracking-functions"];
      for (const [name, f] of Object.entries(fns)) console.log(`${f.artifact || name} ${f.project}`);
    ' "$api"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c '
import json, sys
for name, f in json.load(open(sys.argv[1]))["x-tracking-functions"].items():
    print(f.get("artifact") or name, f["project"])
' "$api"
  else
    die "need node or python3 to read $api"
  fi
}
