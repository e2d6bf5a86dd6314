# Shared set-up steps for start.sh, test.sh and build.sh. Each step checks first and does nothing
# when its work is already done, so a second `npm start` needs no network.

CONFAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf 'confab: %s\n' "$*" >&2; }

# ensure_debian_packages CMD:PACKAGE ... — installs the Debian package of each missing command.
ensure_debian_packages() {
  local missing=() pair cmd pkg
  for pair in "$@"; do
    cmd=${pair%%:*}
    pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      say "missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})"
      return 1
    fi
  fi
  say "installing Debian packages: ${missing[*]}"
  # Update the package lists only when they were never fetched or the first install attempt fails.
  if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}" >/dev/null; then
    "${sudo[@]}" apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}

# ensure_npm_dependencies — runs `npm ci` when node_modules is missing or older than the lock file.
ensure_npm_dependencies() {
  local stamp="$CONFAB_ROOT/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$CONFAB_ROOT/package-lock.json" ] \
     && [ -e "$CONFAB_ROOT/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ]; then
    return 0
  fi
  say "installing npm dependencies"
  (cd "$CONFAB_ROOT" && JOBS=2 npm ci --no-audit --no-fund --loglevel=error)
}

# ensure_build — rebuilds when any source or config is newer than the last build.
ensure_build() {
  local stamp="$CONFAB_ROOT/packages/server/dist/.build-stamp"
  if [ -f "$stamp" ] && [ -f "$CONFAB_ROOT/packages/web/dist/index.html" ] && [ -z "$(find \
      "$CONFAB_ROOT/packages"/*/src "$CONFAB_ROOT/packages"/*/package.json \
      "$CONFAB_ROOT/packages"/*/tsconfig*.json "$CONFAB_ROOT/packages/web/index.html" \
      "$CONFAB_ROOT/packages/web/vite.config.ts" \
      -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  say "building"
  bash "$CONFAB_ROOT/scripts/build.sh"
}

# ensure_test_fixtures [DIR] — makes the tone files the browser tests feed to Chromium's fake
# microphone (48 kHz mono 16-bit WAV; sox writes WAV without any extra format library). Chromium
# loops a fake-capture file, so 20 s is enough for a test of any length.
ensure_test_fixtures() {
  local dir=${1:-${CONFAB_FIXTURES:-$CONFAB_ROOT/.cache/fixtures}} spec name
  mkdir -p "$dir"
  for spec in tone-440:'synth 20 sine 440 vol 0.5' tone-660:'synth 20 sine 660 vol 0.5' \
              silence:'trim 0 20'; do
    name=${spec%%:*}
    [ -s "$dir/$name.wav" ] && continue
    # Write beside the target and rename, so a run that stops half-way leaves no truncated file.
    # shellcheck disable=SC2086
    sox -n -r 48000 -c 1 -b 16 "$dir/.$name.tmp.wav" ${spec#*:}
    mv "$dir/.$name.tmp.wav" "$dir/$name.wav"
  done
}
