#!/usr/bin/env bash
# Proves scripts/amazon-trust-pem.sh takes exactly the five Amazon Trust Services roots, and fails (writing
# nothing) when the bundle lacks one, holds a changed one, or the fingerprint list is malformed.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

script="$REPO_ROOT/scripts/amazon-trust-pem.sh"
failures=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
require_cmd openssl

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The real bundle of this machine: five certificates, the expected subjects, in the list's order.
"$script" --out "$work/roots.pem" >/dev/null
subjects="$(openssl crl2pkcs7 -nocrl -certfile "$work/roots.pem" | openssl pkcs7 -print_certs -noout | sed -n 's/^subject=.*CN = //p')"
expected=$'Amazon Root CA 1\nAmazon Root CA 2\nAmazon Root CA 3\nAmazon Root CA 4\nStarfield Services Root Certificate Authority - G2'
if [[ "$subjects" == "$expected" ]]; then echo "ok: the PEM holds exactly the Amazon Trust Services roots"; else fail "subjects were: $subjects"; fi

# Every certificate in it has the fingerprint the list commits to.
actual="$(openssl crl2pkcs7 -nocrl -certfile "$work/roots.pem" | openssl pkcs7 -print_certs | awk '/BEGIN/{n++} n {print > "'"$work"'/c" n ".pem"}'
  for f in "$work"/c*.pem; do openssl x509 -in "$f" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'; done)"
listed="$(grep -v '^#' "$REPO_ROOT/scripts/trust/amazon-trust-services.sha256" | cut -d' ' -f1)"
if [[ "$actual" == "$listed" ]]; then echo "ok: openssl's fingerprints equal the committed ones"; else fail "fingerprints differ: $actual"; fi

# expect_failure <what the error must say> <args...>: exits non-zero and writes no output file.
expect_failure() {
  local needle="$1" output rc=0
  shift
  rm -f "$work/out.pem"
  output="$("$script" --out "$work/out.pem" "$@" 2>&1)" || rc=$?
  if ((rc == 0)); then fail "amazon-trust-pem.sh $* passed"; return; fi
  if [[ -e "$work/out.pem" ]]; then fail "amazon-trust-pem.sh $* wrote a PEM although it failed"; return; fi
  if [[ "$output" != *"$needle"* ]]; then fail "amazon-trust-pem.sh $*: output lacks '$needle': $output"; return; fi
  echo "ok: fails on $needle"
}

# A bundle without Amazon Root CA 3 (as if a distribution dropped it).
awk 'BEGIN{RS="-----END CERTIFICATE-----\n"} NR!=3 {printf "%s-----END CERTIFICATE-----\n", $0}' "$work/roots.pem" >"$work/without-3.pem"
expect_failure "Amazon Root CA 3" --bundle "$work/without-3.pem"

# A changed certificate: one base64 character of Amazon Root CA 2's body altered.
awk '/Amazon Root CA 2/{mark=1} mark && /^MII/{sub(/^MII/, "MIJ"); mark=0} {print}' "$work/roots.pem" >"$work/changed.pem"
expect_failure "Amazon Root CA 2" --bundle "$work/changed.pem"

printf 'not-a-fingerprint  Nobody\n' >"$work/bad.sha256"
expect_failure "not a lower-case SHA-256" --fingerprints "$work/bad.sha256"
echo "no certificates here" >"$work/text.pem"
expect_failure "no PEM certificate" --bundle "$work/text.pem"
: >"$work/empty.pem"
expect_failure "missing or empty" --bundle "$work/empty.pem"

if ((failures)); then echo "amazon-trust-pem tests: $failures failed"; exit 1; fi
echo "amazon-trust-pem tests: all passed"
