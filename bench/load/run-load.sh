#!/usr/bin/env bash
# Bounded load against the local stack: the real AOT executables behind the API Gateway and Runtime API emulators,
# dynalite underneath, everything on loopback. For 1 and 4 function instances (--instances): GET state and POST
# event with wrk; req/s, p50, p99, 5xx count; then the invariants of every package written (no event twice,
# eventCount = stored events, state = newest). Fails on any 5xx or broken invariant; slow figures never fail.
# Part of the full benchmark mode (bench/run-ci.sh --full), not CI's quick path.
#
#   bench/load/run-load.sh [--duration 10s] [--connections 16] [--threads 2] [--instances "1 4"] [--out DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$PWD"
duration=10s connections=16 threads=2 instance_counts="1 4" out="$root/artifacts/bench/load"
while (($#)); do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --instances) instance_counts="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: bench/load/run-load.sh [--duration 10s] [--connections 16] [--threads 2] [--instances \"1 4\"] [--out DIR]" >&2; exit 64 ;;
  esac
done
log() { echo "[load] $*"; }
command -v wrk >/dev/null || { echo "wrk missing: run scripts/install-prereqs.sh" >&2; exit 1; }
for fn in ingest query; do
  [[ -x "artifacts/lambda/linux-x64/$fn/bootstrap" ]] || { echo "artifacts/lambda/linux-x64/$fn/bootstrap missing: run scripts/build-lambdas.sh --rid linux-x64" >&2; exit 1; }
done
dotnet build tools/LocalStack -c Release -nologo -v q >/dev/null
mkdir -p "$out"
rows=() failed=0 stack_pid=""
stop_stack() { if [[ -n "$stack_pid" ]]; then kill -TERM "$stack_pid" 2>/dev/null || true; wait "$stack_pid" 2>/dev/null || true; stack_pid=""; fi; }
trap stop_stack EXIT

# "Requests/sec", 50% and 99% latency, and the STATUS lines our Lua scripts print.
summarise() {
  local file="$1" name="$2" instances="$3"
  local rps p50 p99 s5 s2
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
  p50=$(awk '$1 == "50%" {print $2}' "$file")
  p99=$(awk '$1 == "99%" {print $2}' "$file")
  s2=$(awk '$1 == "STATUS" && $2 == "2xx" {print $3}' "$file"); s2=${s2:-0}
  s5=$(awk '$1 == "STATUS" && $2 == "5xx" {print $3}' "$file"); s5=${s5:-0}
  rows+=("| $name | $instances | $rps | $p50 | $p99 | $s2 | $s5 |")
  if ((s5 > 0)); then log "FAILED: $s5 answers were 5xx ($name, $instances instances)"; failed=1; fi
}

for instances in $instance_counts; do
  ready="$out/ready-$instances.json"
  rm -f "$ready"
  port=$((20000 + RANDOM % 12000)) dport=$((20000 + RANDOM % 12000))
  log "local stack with $instances instance(s) per function (API :$port, dynalite :$dport)"
  dotnet tools/LocalStack/bin/Release/net10.0/Tracking.LocalStack.dll --port "$port" --dynamodb-port "$dport" --instances "$instances" \
    --table "tracking-load" --ready-file "$ready" --quiet --repo-root "$root" >"$out/stack-$instances.log" 2>&1 &
  stack_pid=$!
  for _ in $(seq 1 120); do [[ -f "$ready" ]] && break; sleep 0.5; done
  [[ -f "$ready" ]] || { cat "$out/stack-$instances.log" >&2; echo "local stack not ready" >&2; exit 1; }
  base="http://127.0.0.1:$port"
  prefix="LOAD$instances"

  curl -fsS -o /dev/null -X POST "$base/v1/tracking/$prefix-SEED/events" -H 'x-api-key: local-partner-key' -H 'content-type: application/json' \
    -d '{"status":"in_transit","timestamp":"2026-11-24T08:00:00Z","location":{"lat":47.6,"lon":-122.3}}'
  log "warm-up, then GET state for $duration"
  wrk -t"$threads" -c"$connections" -d2s -s bench/load/get-state.lua "$base" -- "$prefix-SEED" >/dev/null
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/load/get-state.lua "$base" -- "$prefix-SEED" | tee "$out/get-$instances.txt"
  summarise "$out/get-$instances.txt" "GET state" "$instances"

  log "POST event for $duration (new events over 50 packages, some late and older)"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/load/post-event.lua "$base" -- "$prefix" | tee "$out/post-$instances.txt"
  summarise "$out/post-$instances.txt" "POST event" "$instances"

  log "invariants of every package written"
  if ! node bench/load/check-invariants.mjs "$base" "$prefix" 50 | tee "$out/invariants-$instances.txt"; then failed=1; fi
  stop_stack
done

{
  echo "| route | instances | req/s | p50 | p99 | 2xx | 5xx |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$out/load.md"
exit "$failed"
