#!/usr/bin/env bash
# Everything a fresh Debian 12 machine (root, .NET SDK 10 and node 20 preinstalled) needs to build,
# test and smoke the functions: Native AOT toolchain, arm64 cross-linking via multiarch, qemu,
# packaging tools, and the npm packages of each Node project. Idempotent: a second run takes seconds.
#
#   scripts/install-prereqs.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
trap 'echo "[install-prereqs] FAILED (line $LINENO)" >&2' ERR

APT_PACKAGES=(
  clang lld zlib1g-dev                       # Native AOT: ILC links with clang (+lld for cross-linking)
  libc6-dev:arm64 zlib1g-dev:arm64           # linux-arm64 sysroot through Debian multiarch
  libgcc-12-dev:arm64 libstdc++-12-dev:arm64
  binutils binutils-aarch64-linux-gnu        # objcopy/objdump, host and arm64 (symbol strip, GLIBC check)
  qemu-user                                  # runs the arm64 bootstrap in the smoke test
  zip unzip                                  # package and verify the Lambda zips
  curl ca-certificates                       # smoke test requests; the Amazon roots packed into each zip
  openssl                                    # the trust-PEM self-test checks subjects and fingerprints with it
  shellcheck                                 # lint these scripts in CI
  wrk                                        # bench/load: HTTP load against the local stack (full benchmark mode)
  chromium                                   # headless browser test of the API reference (tests/Docs)
)
NPM_PROJECTS=(. infra bench/lambda-perf)

start=$SECONDS
if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  die "needs Debian/Ubuntu (apt); Amazon Linux builds go through Dockerfile.build"
fi
if ((EUID != 0)); then
  command -v sudo >/dev/null 2>&1 || die "run as root (apt-get install needs it)"
  SUDO=(sudo -n)
else
  SUDO=()
fi

# --- apt ------------------------------------------------------------------------------------------
arch_added=false
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  log "dpkg --add-architecture arm64"
  "${SUDO[@]}" dpkg --add-architecture arm64
  arch_added=true
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == ii* ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)) && ! $arch_added; then
  log "apt: all ${#APT_PACKAGES[@]} packages already installed"
else
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-q -o Dpkg::Progress-Fancy=0 -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
  log "apt-get update (can take a minute) ..."
  t=$SECONDS
  "${SUDO[@]}" apt-get "${apt_opts[@]}" update </dev/null
  log "apt-get update took $((SECONDS - t))s"
  log "apt-get install ${missing[*]} ..."
  t=$SECONDS
  "${SUDO[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" </dev/null
  log "apt-get install took $((SECONDS - t))s"
fi

# --- toolchains that must already be there ------------------------------------------------------
require_cmd dotnet node npm
log "dotnet $(dotnet --version), node $(node --version), npm $(npm --version), clang $(clang -dumpversion)"
command -v qemu-aarch64 >/dev/null 2>&1 || die "qemu-aarch64 missing after installing qemu-user"

# --- npm ------------------------------------------------------------------------------------------
for dir in "${NPM_PROJECTS[@]}"; do
  project="$REPO_ROOT/$dir"
  [[ -f "$project/package-lock.json" ]] || continue
  # node_modules is in sync when it was installed from this exact lockfile with this node.
  want="$(cat "$project/package-lock.json" <(node --version) | sha256sum | cut -d' ' -f1)"
  stamp="$project/node_modules/.install-prereqs.stamp"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    log "npm: $dir/node_modules up to date"
    continue
  fi
  log "npm ci in $dir ..."
  t=$SECONDS
  (cd "$project" && npm ci --no-audit --no-fund --prefer-offline </dev/null)
  mkdir -p "$project/node_modules" && echo "$want" >"$stamp"
  log "npm ci in $dir took $((SECONDS - t))s"
done

log "prerequisites ready in $((SECONDS - start))s"
