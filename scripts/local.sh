#!/usr/bin/env bash
# The whole local stack on this machine: installs prerequisites, builds both functions as Native AOT (linux-x64),
# starts dynalite, creates the table from src/Contracts/Definitions/table.json, and serves the API on
# http://127.0.0.1:4000 through a local API Gateway that runs the real function executables over the Lambda
# Runtime API, and a local SQS endpoint on http://127.0.0.1:9324 with the retry queue and its DLQ, whose event source
# mapping emulator feeds the retry consumer. Prints the URLs and the demo keys. Ctrl-C stops everything it started.
#
#   bash scripts/local.sh [local stack options, e.g. --port 4100 --dynamodb-port 8100]   (see tools/LocalStack/README.md)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash scripts/install-prereqs.sh
bash scripts/build-lambdas.sh --rid linux-x64
bash scripts/openapi.sh   # lint + the HTML reference served at /docs
dotnet build tools/LocalStack -c Release -nologo -v quiet
exec dotnet run --project tools/LocalStack -c Release --no-build -- "$@"
