#!/usr/bin/env bash
# Every test of the project, exactly as CI runs it (.ci/run calls this script):
#   prerequisites → OpenAPI lint (Redocly, redocly.yaml) and HTML reference → solution build (warnings are errors)
#   → Native AOT build checks (x64 + arm64, GLIBC, sizes, arm64 smoke under qemu) → .NET tests (unit, integration
#   against dynalite, end-to-end against the local stack running the AOT executables; every answer checked against
#   openapi.json) → the reference at /docs in headless Chromium → infra (tsc --strict + Pulumi mock tests) →
#   benchmarks (BenchmarkDotNet short job with the allocation baseline, cold-start harness in quick mode,
#   lambda-perf parser tests).
# Every step runs even when an earlier one failed, so one CI run reports everything; the exit code is non-zero
# when any step failed. Logs: artifacts/logs/test-*.log.
#
#   bash scripts/test.sh
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT" || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

logs="$REPO_ROOT/artifacts/logs"
mkdir -p "$logs"
failed_steps=()
timings=()
passed=0
failed=0

step() { # step <name> <command...>: runs, tees a log, records time and result
  local name="$1" t=$SECONDS log_file
  shift
  log_file="$logs/test-$(tr -c 'a-zA-Z0-9\n' '-' <<<"$name" | tr -s '-').log"
  echo
  log "=== $name ==="
  if "$@" 2>&1 | tee "$log_file"; then
    timings+=("| $name | ok | $((SECONDS - t)) |")
  else
    timings+=("| $name | FAILED | $((SECONDS - t)) |")
    failed_steps+=("$name")
  fi
  count_tests "$log_file"
}

# Adds up the runners' own summaries: dotnet test ("Passed!/Failed!  - Failed: N, Passed: N") and node --test ("# pass N" / "# fail N").
count_tests() {
  local file="$1" p f
  p=$(grep -aE '(Passed|Failed)! +- Failed: ' "$file" | sed -E 's/.*Passed: +([0-9]+).*/\1/' | awk '{s+=$1} END {print s+0}')
  f=$(grep -aE '(Passed|Failed)! +- Failed: ' "$file" | sed -E 's/.*Failed: +([0-9]+),.*/\1/' | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p))
  failed=$((failed + f))
  p=$(grep -aE '^# pass [0-9]+' "$file" | awk '{s+=$3} END {print s+0}')
  f=$(grep -aE '^# fail [0-9]+' "$file" | awk '{s+=$3} END {print s+0}')
  passed=$((passed + p))
  failed=$((failed + f))
}

step "prerequisites" bash scripts/install-prereqs.sh
step "OpenAPI lint + reference" bash scripts/openapi.sh
step "build solution" dotnet build PackageTracking.slnx -c Release -nologo
step "AOT build checks" bash scripts/ci-build-checks.sh
step ".NET tests" dotnet test PackageTracking.slnx -c Release --no-build -nologo
step "API reference in Chromium" node --test tests/Docs/
step "infra tests" bash -c 'cd infra && npm test'
step "benchmarks + lambda-perf tests" bash bench/run-ci.sh

echo
echo "| step | result | seconds |"
echo "|---|---|---:|"
printf '%s\n' "${timings[@]}"
echo
if ((${#failed_steps[@]})); then
  log "FAILED steps: ${failed_steps[*]}"
fi
echo "Summary: $passed passed, $failed failed"
((${#failed_steps[@]} == 0 && failed == 0))
