#!/usr/bin/env bash
# CI's build checks for the Lambda artifacts (issue 3, "Build"): lint, GLIBC checker and trust-PEM self-tests,
# Native AOT publish of both functions for linux-x64 and linux-arm64 (zero warnings, GLIBC <= 2.34,
# zip layout: bootstrap + the Amazon roots PEM, sizes table), then the arm64 smoke test under qemu against dynalite.
# Expects scripts/install-prereqs.sh to have run.
#
#   scripts/ci-build-checks.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

timings=()
step() { # step <name> <command...>
  local name="$1" t=$SECONDS
  shift
  echo
  log "=== $name ==="
  "$@" || die "step failed: $name"
  timings+=("| $name | $((SECONDS - t)) |")
}

mapfile -t scripts < <(find scripts -name '*.sh' -type f | sort)
step "shellcheck scripts/" shellcheck -x "${scripts[@]}"
step "check-glibc self-test" scripts/tests/check-glibc.test.sh
step "amazon-trust-pem self-test" scripts/tests/amazon-trust-pem.test.sh
step "build lambdas (linux-x64, linux-arm64)" scripts/build-lambdas.sh --rid all
step "smoke arm64 under qemu" scripts/smoke-arm64.sh

echo
echo "| build check | seconds |"
echo "|---|---:|"
printf '%s\n' "${timings[@]}"
log "all build checks passed"
