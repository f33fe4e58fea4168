#!/usr/bin/env bash
# Refreshes the README's screenshots (docs/screenshots/*.png) from the end-to-end flow test. Plain `dotnet test` writes
# its screenshots to the git-ignored artifacts/screenshots/ instead, so the tracked files only change when this is run.
set -euo pipefail
cd "$(dirname "$0")/.."
STUDIO_REFRESH_SCREENSHOTS=1 dotnet test tests/SkinCancer.Studio.EndToEnd -c Release --filter "FullyQualifiedName~StudioFlowTests"
git status --short docs/screenshots
