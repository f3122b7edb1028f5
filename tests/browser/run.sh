#!/usr/bin/env bash
# The browser journeys (journeys.mjs) against a real echoppe on a freshly
# seeded catalogue, in Debian's Chromium. Screenshots go to
# target/browser-shots/ (or $SHOTS).
#
# Needs node and npm, and /usr/bin/chromium (apt-get install chromium);
# with ECHOPPE_REQUIRE_CHROMIUM unset, a missing one skips with a reason.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null || ! [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ -n "${ECHOPPE_REQUIRE_CHROMIUM:-}" ]; then
    echo "browser journeys: node, npm and Chromium are required here" >&2
    exit 1
  fi
  echo "skipping the browser journeys: node, npm or Chromium is missing (apt-get install chromium nodejs npm)"
  exit 0
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/echoppe-target}"
# The build of this checkout (up to date in a moment if it already is),
# unless BIN names another.
if [ -z "${BIN:-}" ]; then
  cargo build --quiet --locked
  BIN="$CARGO_TARGET_DIR/debug/echoppe"
fi
export SHOTS="${SHOTS:-$PWD/target/browser-shots}"
rm -rf "$SHOTS"

(cd tests/browser && npm ci --no-audit --no-fund --silent)

WORK=$(mktemp -d)
SERVER=""
trap 'if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; fi; rm -rf "$WORK"' EXIT
"$BIN" seed --data "$WORK/data" --shops 12 --listings 400 --log warn
PORT="${PORT:-18093}"
"$BIN" serve --data "$WORK/data" --bind "127.0.0.1:$PORT" --log warn --payment-latency-ms 50 --payment-failure-rate 0 &
SERVER=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done

PHOTO=$(find "$WORK/data/media/originals" -type f -print -quit)
BASE="http://127.0.0.1:$PORT" ECHOPPE="$BIN" DATA="$WORK/data" PHOTO="$PHOTO" \
  node tests/browser/journeys.mjs
