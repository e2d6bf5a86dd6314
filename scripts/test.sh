#!/usr/bin/env bash
# `npm test`: installs what the tests need (Debian's janus, chromium, sox and iproute2, the npm
# dependencies, the build, the tone fixtures), then runs every test file in one run of Node's test
# runner, so its closing summary is the last thing printed and its exit code is ours.
# `npm test -- FILE...` runs only the given files.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_debian_packages janus:janus chromium:chromium sox:sox ip:iproute2 openssl:openssl
ensure_npm_dependencies
ensure_build
export CONFAB_FIXTURES=${CONFAB_FIXTURES:-$CONFAB_ROOT/.cache/fixtures}
ensure_test_fixtures "$CONFAB_FIXTURES"

cd "$CONFAB_ROOT"
if [ $# -gt 0 ]; then
  files=("$@")
else
  # The whole suite starts with the static checks: tsx runs the tests without type-checking them.
  say "type-checking and linting"
  npm run --silent typecheck
  npm run --silent lint -- --max-warnings=0

  # Node 20 does not expand globs given to --test; bash does, and an empty group expands to nothing.
  shopt -s globstar nullglob
  files=(packages/*/test/**/*.test.ts test/e2e/**/*.test.ts)
fi
if [ ${#files[@]} -eq 0 ]; then
  say "no test files found"
  exit 1
fi

# One file at a time: the end-to-end files each run a Janus and several Chromiums, which is all
# that two cores can take.
exec node --import tsx --test --test-concurrency=1 "${files[@]}"
