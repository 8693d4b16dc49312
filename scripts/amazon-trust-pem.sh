#!/usr/bin/env bash
# Writes the PEM the deployed functions trust (SSL_CERT_FILE): exactly the Amazon Trust Services roots listed in
# scripts/trust/amazon-trust-services.sha256, copied from this machine's ca-certificates bundle and matched by the
# SHA-256 of each certificate. A root that is missing or differs (a changed bundle) fails: nothing is written.
# Why a small PEM at all: OpenSSL loads every certificate of the default store on the first TLS handshake
# (~0.29 ms of CPU each); see docs/design.md, "Trimmed trust store".
#
#   scripts/amazon-trust-pem.sh --out <file> [--bundle <ca bundle>] [--fingerprints <file>]
# Default bundle: Debian/Ubuntu /etc/ssl/certs/ca-certificates.crt, Amazon Linux 2023/Fedora
# /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem (Dockerfile.build), whichever exists.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

out=""
bundle=""
fingerprints="$REPO_ROOT/scripts/trust/amazon-trust-services.sha256"
while (($#)); do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --bundle) bundle="${2:?--bundle needs a file}"; shift 2 ;;
    --fingerprints) fingerprints="${2:?--fingerprints needs a file}"; shift 2 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (usage: amazon-trust-pem.sh --out <file> [--bundle <file>] [--fingerprints <file>])" ;;
  esac
done
[[ -n "$out" ]] || die "--out is required"
require_cmd awk base64 sha256sum
if [[ -z "$bundle" ]]; then
  for candidate in /etc/ssl/certs/ca-certificates.crt /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem /etc/pki/tls/certs/ca-bundle.crt; do
    if [[ -s "$candidate" ]]; then bundle="$candidate"; break; fi
  done
  [[ -n "$bundle" ]] || die "no CA bundle found (install ca-certificates, or pass --bundle)"
fi
[[ -s "$bundle" ]] || die "CA bundle $bundle is missing or empty"
[[ -s "$fingerprints" ]] || die "fingerprint list $fingerprints is missing or empty"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# One file per certificate; CRs dropped (a bundle written on Windows still parses).
tr -d '\r' <"$bundle" | awk -v dir="$work" '
  /^-----BEGIN CERTIFICATE-----$/ { n++; file = sprintf("%s/%05d.pem", dir, n); inside = 1 }
  inside { print > file }
  /^-----END CERTIFICATE-----$/ { inside = 0; close(file) }'

declare -A by_fingerprint=()
for pem in "$work"/*.pem; do
  [[ -e "$pem" ]] || break
  fp="$(sed '1d;$d' "$pem" | base64 -d 2>/dev/null | sha256sum | cut -d' ' -f1)" || continue
  by_fingerprint[$fp]="$pem"
done
((${#by_fingerprint[@]})) || die "$bundle holds no PEM certificate"

missing=()
count=0
{
  while read -r fp name; do
    [[ -z "$fp" || "$fp" == \#* ]] && continue
    [[ "$fp" =~ ^[0-9a-f]{64}$ ]] || die "$fingerprints: '$fp' is not a lower-case SHA-256 in hex"
    if [[ -z "${by_fingerprint[$fp]:-}" ]]; then missing+=("$name ($fp)"); continue; fi
    echo "# $name"
    echo "# SHA-256 $fp"
    cat "${by_fingerprint[$fp]}"
    count=$((count + 1))
  done <"$fingerprints"
} >"$work/result"

if ((${#missing[@]})); then
  printf '  missing or changed: %s\n' "${missing[@]}" >&2
  die "$bundle does not hold every root in ${fingerprints#"$REPO_ROOT"/}: the bundle changed or is not ca-certificates; check the roots before changing the list"
fi
mkdir -p "$(dirname "$out")"
cp "$work/result" "$out"
log "$count Amazon Trust Services roots from $bundle -> $out"
