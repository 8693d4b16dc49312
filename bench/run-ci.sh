#!/usr/bin/env bash
# The benchmarks as CI runs them, after scripts/build-lambdas.sh --rid linux-x64:
#   1. BenchmarkDotNet short job (in-process) over every route's handler pipeline + the allocation check
#      against bench/baseline/allocations.json (growth fails);
#   2. the JIT (framework-dependent) builds of both functions;
#   3. the cold-start/warm harness in --quick mode against dynalite (AOT vs JIT; over plain HTTP, and over TLS through
#      a local terminating proxy with the default and with the trimmed trust store, interleaved);
#   4. bench/lambda-perf's unit tests (its REPORT-line parser; the script itself needs an AWS account);
#   5. with --full only: the load run (bench/load/run-load.sh: wrk, 1 and 4 instances, zero 5xx, invariants).
# Results: artifacts/bench/{bdn/,coldstart.json,coldstart.md,summary.md}. Slow timings never fail the run:
# only allocation growth or a harness failure does.
#
#   bench/run-ci.sh [--update-baseline] [--full]     --full: the harness's default (30/10 cold runs, 2000 warm)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
out="$root/artifacts/bench"
update=()
quick=(--quick)
for arg in "$@"; do
  case "$arg" in
    --update-baseline) update=(--update-baseline) ;;
    --full) quick=() ;;
    *) echo "usage: bench/run-ci.sh [--update-baseline] [--full]" >&2; exit 64 ;;
  esac
done
started=$SECONDS
mkdir -p "$out"
log() { echo "[bench] $*"; }

for fn in ingest query; do
  [[ -x "artifacts/lambda/linux-x64/$fn/bootstrap" ]] || { echo "artifacts/lambda/linux-x64/$fn/bootstrap missing: run scripts/build-lambdas.sh --rid linux-x64 first" >&2; exit 1; }
done
[[ -f node_modules/dynalite/cli.js ]] || { log "npm ci (dynalite)"; npm ci --no-audit --no-fund; }

log "building bench/ (Release)"
dotnet build bench/Handlers.Benchmarks/Handlers.Benchmarks.csproj -c Release -nologo -v q
dotnet build bench/ColdStart/ColdStart.csproj -c Release -nologo -v q

log "BenchmarkDotNet short job + allocation check"
bdn_status=0
dotnet bench/Handlers.Benchmarks/bin/Release/net10.0/Tracking.Bench.Handlers.dll --ci "${update[@]}" --artifacts "$out/bdn" | tee "$out/bdn.log" || bdn_status=$?

log "publishing the JIT builds (framework-dependent, same projects)"
for entry in ingest:src/Ingest.Aot query:src/Query.Aot; do
  fn="${entry%%:*}"; project="${entry#*:}"
  dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:PublishAot=false -nologo -v q -o "$out/jit/$fn" >/dev/null
done

log "cold-start harness ${quick[*]:-(full)}"
harness_status=0
dotnet bench/ColdStart/bin/Release/net10.0/Tracking.Bench.ColdStart.dll "${quick[@]}" --jit-dir "$out/jit" \
  --json "$out/coldstart.json" --markdown "$out/coldstart.md" || harness_status=$?

load_status=0
if ((${#quick[@]} == 0)); then
  log "load: wrk against the local stack at 1 and 4 instances (bench/load/run-load.sh)"
  bash bench/load/run-load.sh --out "$out/load" || load_status=$?
fi

log "bench/lambda-perf: npm ci + npm test"
perf_status=0
(cd bench/lambda-perf && npm ci --no-audit --no-fund --loglevel=error && npm test --silent) >"$out/lambda-perf-test.log" 2>&1 || perf_status=$?
grep -E '^# (pass|fail)' "$out/lambda-perf-test.log" || true

{
  echo "## Handler pipeline (BenchmarkDotNet short job, in-process)"
  echo
  sed -n '/^| benchmark |/,/^$/p' "$out/bdn.log"
  echo "## Cold start and warm latency (x64, dynalite on loopback: HTTP, and TLS with the default / trimmed trust store)"
  echo
  cat "$out/coldstart.md" 2>/dev/null || echo "(harness failed)"
  if [[ -f "$out/load/load.md" ]]; then
    echo
    echo "## Load (wrk on loopback, local stack, dynalite)"
    echo
    cat "$out/load/load.md"
  fi
} >"$out/summary.md"

log "done in $((SECONDS - started)) s; results in artifacts/bench/ (summary.md)"
if ((bdn_status != 0)); then echo "[bench] FAILED: benchmarks or allocation check (exit $bdn_status)" >&2; exit 1; fi
if ((perf_status != 0)); then echo "[bench] FAILED: bench/lambda-perf tests (see artifacts/bench/lambda-perf-test.log)" >&2; exit 1; fi
if ((harness_status != 0)); then echo "[bench] FAILED: cold-start harness (exit $harness_status)" >&2; exit 1; fi
if ((load_status != 0)); then echo "[bench] FAILED: load run (a 5xx or a broken invariant; see artifacts/bench/load/)" >&2; exit 1; fi
