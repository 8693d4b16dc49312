#!/usr/bin/env bash
# The API contract's own checks and artifacts, from src/Contracts/Definitions/openapi.json:
#   1. Redocly lint under the committed rule set (redocly.yaml: recommended-strict plus partner-facing rules);
#   2. the static HTML reference (Redoc, bundled inline: nothing is fetched from a CDN when it is viewed)
#      written to artifacts/docs/api.html, which the local stack serves at /docs.
#
#   bash scripts/openapi.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

document=src/Contracts/Definitions/openapi.json
redocly=(node node_modules/@redocly/cli/bin/cli.js)
[[ -f node_modules/@redocly/cli/bin/cli.js ]] || die "Redocly CLI missing: run bash scripts/install-prereqs.sh"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

log "lint $document (redocly.yaml)"
"${redocly[@]}" lint --format=stylish "$document"

mkdir -p artifacts/docs
log "build the HTML reference -> artifacts/docs/api.html"
"${redocly[@]}" build-docs "$document" --inlineBundle --title "Package Tracking API v1 reference" -o artifacts/docs/api.html
# Redoc 3 shows a "docs by" badge whose image comes from its CDN and has no option to turn it off: the image
# becomes an empty data: URL (Redoc hides an image that fails), so viewing the page fetches nothing from outside.
sed -i 's#https://cdn\.redoc\.ly/redoc/logo-mini\(-full\)\{0,1\}\.svg#data:,#g' artifacts/docs/api.html
if grep -qE '<(script|link)[^>]+(src|href)="https?://|cdn\.redoc\.ly' artifacts/docs/api.html; then
  die "artifacts/docs/api.html loads a script or stylesheet from the network"
fi
log "ok: lint clean, reference built ($(du -k artifacts/docs/api.html | cut -f1) KB)"
