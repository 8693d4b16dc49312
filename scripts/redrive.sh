#!/usr/bin/env bash
# Moves dead letters of the retry queue back to it once their cause is fixed (docs/runbook.md, RetryDeadLetters).
#
#   bash scripts/redrive.sh --local --dry-run                       # list the local stack's dead letters
#   bash scripts/redrive.sh --local                                 # move them back
#   bash scripts/redrive.sh --dlq-url "$(pulumi stack output deadLetterQueueUrl)" \
#                           --target-url "$(pulumi stack output retryQueueUrl)" --dry-run   # on AWS
#
# All options: bash scripts/redrive.sh --help
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project "$REPO_ROOT/tools/Redrive" -c Release -v quiet -- "$@"
