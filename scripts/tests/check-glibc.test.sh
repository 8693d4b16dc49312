#!/usr/bin/env bash
# Proves scripts/check-glibc.sh can fail: saved objdump -T output, plus a real executable that
# needs GLIBC_2.36 (arc4random) when this machine has a C compiler and glibc >= 2.36.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

check="$REPO_ROOT/scripts/check-glibc.sh"
fixtures="$REPO_ROOT/scripts/tests/fixtures"
failures=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# expect <passes|fails> <text the output must contain> <check-glibc.sh args...>
expect() {
  local want="$1" needle="$2" output rc=0
  shift 2
  output="$("$check" "$@" 2>&1)" || rc=$?
  if [[ "$want" == passes && $rc -ne 0 ]] || [[ "$want" == fails && $rc -eq 0 ]]; then
    echo "FAIL: check-glibc.sh $* expected: $want (exit $rc):"; echo "$output"; failures=$((failures + 1)); return
  fi
  if [[ "$output" != *"$needle"* ]]; then
    echo "FAIL: check-glibc.sh $*: output lacks '$needle':"; echo "$output"; failures=$((failures + 1)); return
  fi
  echo "ok: check-glibc.sh $* ${want} ('$needle')"
}

expect passes "max GLIBC_2.34" --dumps "$fixtures/objdump-glibc-2.34.txt"
expect fails "GLIBC_2.36: arc4random" --dumps "$fixtures/objdump-glibc-2.36.txt"
expect fails "GLIBC_2.35: _dl_find_object" --dumps "$fixtures/objdump-glibc-2.36.txt"
expect passes "max GLIBC_2.36" --max 2.36 --dumps "$fixtures/objdump-glibc-2.36.txt"
# 2.17 is newer than 2.4: a text comparison would get this wrong.
expect passes "max GLIBC_2.17" --dumps "$fixtures/objdump-glibc-2.17.txt"
expect fails "max GLIBC_2.17 found" --max 2.16 --dumps "$fixtures/objdump-glibc-2.17.txt"
expect fails "GLIBC_PRIVATE: __libc_dlopen_mode" --dumps "$fixtures/objdump-glibc-private.txt"
expect fails "no GLIBC symbol versions found" --dumps "$fixtures/objdump-no-glibc.txt"
# One bad file among good ones fails the whole run.
expect fails "GLIBC_2.36: arc4random" --dumps "$fixtures/objdump-glibc-2.34.txt" "$fixtures/objdump-glibc-2.36.txt"
expect fails "not an ELF executable" "$fixtures/objdump-glibc-2.34.txt"

cc="$(command -v cc || command -v clang || command -v gcc || true)"
glibc="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')"
if [[ -n "$cc" && -n "$glibc" && "$(printf '%s\n2.36\n' "$glibc" | sort -V | head -n1)" == 2.36 ]]; then
  printf '#include <stdlib.h>\n#include <stdio.h>\nint main(void) { printf("%%u\\n", arc4random()); return 0; }\n' >"$work/new.c"
  printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' >"$work/old.c"
  "$cc" -O1 -o "$work/new" "$work/new.c"
  "$cc" -O1 -o "$work/old" "$work/old.c"
  expect fails "GLIBC_2.36: arc4random" "$work/new"
  expect passes "OK   $work/old" "$work/old"
else
  echo "skip: real-binary case needs a C compiler and glibc >= 2.36 (have '${cc:-none}', glibc ${glibc:-?})"
fi

if ((failures)); then die "$failures check-glibc case(s) failed"; fi
log "all check-glibc cases passed"
