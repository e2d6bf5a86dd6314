#!/usr/bin/env bash
# `npm start`: installs what is missing (Debian's janus, npm dependencies, the build), then serves.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_debian_packages janus:janus
ensure_npm_dependencies
ensure_build
exec node "$CONFAB_ROOT/packages/server/dist/main.js" serve "$@"
