#!/usr/bin/env bash
# Compiles the protocol and server packages and bundles the web application.
set -euo pipefail
cd "$(dirname "$0")/.."

npx tsc -b packages/protocol packages/server
npx tsc -p packages/web --noEmit
(cd packages/web && npx vite build --logLevel warn)
touch packages/server/dist/.build-stamp
