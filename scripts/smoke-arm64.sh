#!/usr/bin/env bash
# Smoke test of the linux-arm64 bootstraps: the local stack (tools/LocalStack) runs them under
# qemu-aarch64 against dynalite and feeds them real API Gateway events through the Runtime API;
# one tracking update goes in (201) and comes back out (200, status in_transit).
#
#   scripts/smoke-arm64.sh      # after scripts/build-lambdas.sh --rid linux-arm64 (or all)
#
# Env: SMOKE_READY_TIMEOUT (seconds to wait for the stack, default 180).
# The stack's full output is kept in artifacts/logs/smoke-arm64-localstack.log.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

readonly RID=linux-arm64
readonly API_KEY=local-partner-key
readonly TRACKING_ID=SMOKE-1
ready_timeout="${SMOKE_READY_TIMEOUT:-180}"

require_cmd dotnet node curl od
cd "$REPO_ROOT"

launcher=()
if [[ "$(host_rid)" != "$RID" ]]; then
  require_cmd qemu-aarch64
  launcher=(--launcher "qemu-aarch64 -L /")
fi
for fn in ingest query; do
  bin="artifacts/lambda/$RID/$fn/bootstrap"
  [[ -x "$bin" ]] || die "$bin missing or not executable; run scripts/build-lambdas.sh --rid $RID first"
  [[ "$(elf_rid "$bin")" == "$RID" ]] || die "$bin is not an arm64 executable ($(elf_rid "$bin"))"
done

work="$(mktemp -d)"
mkdir -p artifacts/logs
stack_log="artifacts/logs/smoke-arm64-localstack.log"
stack_pid=""

# Process ids still in process group $1, zombies excluded (read from /proc: procps may be absent).
group_members() {
  local stat_file stat rest state pgrp
  for stat_file in /proc/[0-9]*/stat; do
    { read -r stat <"$stat_file"; } 2>/dev/null || continue
    rest="${stat##*) }" # after "pid (comm) "; comm may contain spaces
    read -r state _ pgrp _ <<<"$rest"
    if [[ "$pgrp" == "$1" && "$state" != Z ]]; then
      stat_file="${stat_file#/proc/}"
      echo "${stat_file%/stat}"
    fi
  done
}

# Wait up to $2 seconds for process group $1 to be gone.
group_gone_within() {
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    [[ -z "$(group_members "$1")" ]] && return 0
    sleep 0.2
  done
  [[ -z "$(group_members "$1")" ]]
}

describe_group() {
  local pid
  for pid in $(group_members "$1"); do
    echo "    $pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160)"
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stops everything the stack started: Ctrl-C to its process group (as in a terminal), then harder.
stop_stack() {
  [[ -n "$stack_pid" ]] || return 0
  local pgid="$stack_pid" leftovers
  stack_pid=""
  if [[ -n "$(group_members "$pgid")" ]]; then
    log "stopping the local stack (process group $pgid) ..."
    kill -INT -- "-$pgid" 2>/dev/null || true
    if ! group_gone_within "$pgid" 15; then
      log "still running 15s after SIGINT (should stop on Ctrl-C): SIGTERM to"
      describe_group "$pgid"
      kill -TERM -- "-$pgid" 2>/dev/null || true
      if ! group_gone_within "$pgid" 5; then
        log "still running after SIGTERM: SIGKILL"
        kill -KILL -- "-$pgid" 2>/dev/null || true
        group_gone_within "$pgid" 5 || true
      fi
    fi
  fi
  wait "$pgid" 2>/dev/null || true
  leftovers="$(group_members "$pgid")"
  if [[ -n "$leftovers" ]]; then
    describe_group "$pgid" >&2
    return 1
  fi
  return 0
}

result=1
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_stack || { echo "[smoke-arm64] FAIL: processes of the local stack survived the stop" >&2; rc=1; }
  rm -rf "$work"
  if ((rc == 0 && result == 0)); then
    echo "[smoke-arm64] PASS: arm64 ingest + query answered through the Runtime API under qemu"
  else
    echo "[smoke-arm64] FAIL (stack log: $stack_log)" >&2
    ((rc != 0)) || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_stack_log() { echo "--- last lines of $stack_log ---" >&2; tail -n 60 "$stack_log" >&2 || true; }

# Two free loopback ports (asked from the kernel; released just before the stack binds them).
read -r api_port dynamodb_port < <(node -e '
  const net = require("net");
  const a = net.createServer().listen(0, "127.0.0.1", () => {
    const b = net.createServer().listen(0, "127.0.0.1", () => {
      console.log(a.address().port, b.address().port); a.close(); b.close();
    });
  });')
[[ -n "$api_port" && -n "$dynamodb_port" ]] || die "could not find free ports"

log "building tools/LocalStack ..."
if ! dotnet build tools/LocalStack -c Release --disable-build-servers -nodeReuse:false -tl:off -clp:NoSummary >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  die "building tools/LocalStack failed"
fi

ready_file="$work/ready.json"
log "starting the local stack: api :$api_port, dynalite :$dynamodb_port, bootstraps under ${launcher[1]:-no launcher} ..."
# Job control for this one launch: the stack and everything it spawns get their own process group
# (id = its pid) that stop_stack can signal. (setsid would fork when already a group leader, and $!
# would then name the wrong process.)
set -m
dotnet run --project tools/LocalStack -c Release --no-build -- \
  --port "$api_port" --dynamodb-port "$dynamodb_port" \
  --ingest "artifacts/lambda/$RID/ingest/bootstrap" --query "artifacts/lambda/$RID/query/bootstrap" \
  "${launcher[@]}" --ready-file "$ready_file" >"$stack_log" 2>&1 </dev/null &
stack_pid=$!
set +m

url=""
deadline=$((SECONDS + ready_timeout))
while [[ -z "$url" ]]; do
  if [[ -z "$(group_members "$stack_pid")" ]]; then
    show_stack_log
    die "the local stack exited before it was ready"
  fi
  if ((SECONDS >= deadline)); then
    show_stack_log
    die "the local stack was not ready within ${ready_timeout}s (no url in $ready_file)"
  fi
  if [[ -s "$ready_file" ]]; then
    url="$(node -e '
      try { const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
            if (typeof j.url === "string" && j.url) console.log(j.url.replace(/\/+$/, "")); } catch { }' "$ready_file")"
  fi
  [[ -n "$url" ]] || sleep 0.25
done
log "stack ready at $url"

# request <method> <path> [body]: prints the HTTP status code; the body goes to $work/response.
request() {
  local args=(-sS --connect-timeout 5 --max-time 60 -o "$work/response" -w '%{http_code}'
    -X "$1" -H "x-api-key: $API_KEY")
  [[ $# -ge 3 ]] && args+=(-H 'content-type: application/json' --data-binary "$3")
  curl "${args[@]}" "$url$2" || true
}

failures=0
check() { # check <description> <ok: true|false>
  if $2; then echo "  ok   $1"; else echo "  FAIL $1"; echo "       response: $(head -c 2000 "$work/response" 2>/dev/null)"; failures=$((failures + 1)); fi
}

now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
body="{\"status\":\"in_transit\",\"timestamp\":\"$now\",\"location\":{\"lat\":47.6,\"lon\":-122.3}}"
code="$(request POST "/v1/tracking/$TRACKING_ID/events" "$body")"
check "POST /v1/tracking/$TRACKING_ID/events -> $code (want 201)" "$([[ "$code" == 201 ]] && echo true || echo false)"

code="$(request GET "/v1/tracking/$TRACKING_ID")"
check "GET /v1/tracking/$TRACKING_ID -> $code (want 200)" "$([[ "$code" == 200 ]] && echo true || echo false)"
check "GET /v1/tracking/$TRACKING_ID body has \"status\":\"in_transit\"" \
  "$(grep -Eq '"status"[[:space:]]*:[[:space:]]*"in_transit"' "$work/response" && echo true || echo false)"

((failures == 0)) || show_stack_log
stop_stack || die "processes of the local stack survived the stop"
for port in "$api_port" "$dynamodb_port"; do
  if port_open "$port"; then die "port $port still answers after the stack stopped"; fi
done
echo "  ok   stack stopped, no process left in its group, ports $api_port and $dynamodb_port closed"
((failures == 0)) && result=0
