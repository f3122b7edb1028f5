#!/usr/bin/env bash
# Reproduces the "search" figures of BENCHMARKS.md on a 1,000,000-listing
# catalogue:
#   1. seeds it (reused if bench/out/search-data already holds one);
#   2. times `echoppe reindex` (goal: under 3 minutes) and measures the index;
#   3. runs 1,000 realistic searches drawn from the catalogue without any
#      cache, one at a time (latency; goal p99 under 20 ms) and from several
#      tasks at once (throughput; goal 1,000/s), in process;
#   4. serves the catalogue and measures /search over HTTP with wrk: the same
#      search repeated (cached), and the 1,000 searches in turn.
# Load stays on loopback and is bounded in time. Needs root to install wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/out}
LISTINGS=${LISTINGS:-1000000}
SHOPS=${SHOPS:-10000}
DURATION=${DURATION:-20s}
PORT=18095
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/echoppe-target}
BIN=$CARGO_TARGET_DIR/release/echoppe
DATA=$OUT/search-data

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
cargo build --release --quiet -p echoppe-search --example search_bench
mkdir -p "$OUT"

if [ ! -f "$DATA/echoppe.db" ]; then
  echo "== seed: $SHOPS shops, $LISTINGS listings"
  /usr/bin/time -f "%e s, peak RSS %M KB" "$BIN" seed --data "$DATA" --shops "$SHOPS" --listings "$LISTINGS" --log warn
fi

echo "== reindex"
/usr/bin/time -f "%e s, peak RSS %M KB" "$BIN" reindex --data "$DATA" --log warn
echo "index size: $(du -sm "$DATA/search/$(cat "$DATA/search/CURRENT")" | cut -f1) MB"

echo "== uncached, in process"
"$CARGO_TARGET_DIR/release/examples/search_bench" "$DATA" "$OUT/search-queries.txt"

echo "== over HTTP"
"$BIN" serve --data "$DATA" --bind "127.0.0.1:$PORT" --log warn &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
cat > "$OUT/rotate.lua" <<LUA
local paths, i = {}, 0
for line in io.lines("$OUT/search-queries.txt") do paths[#paths + 1] = line end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
echo "-- one search repeated (cached)"
wrk -t1 -c32 -d"$DURATION" --latency "http://127.0.0.1:$PORT/search?q=collier" | grep -E "Requests/sec|50%|99%"
echo "-- 1,000 searches in turn (a search repeats about once a second; the cache keeps results 0.5 s)"
wrk -t1 -c32 -d"$DURATION" --latency -s "$OUT/rotate.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|50%|99%"
echo "-- the same through the API"
sed 's|^/search|/api/v1/search|' "$OUT/search-queries.txt" > "$OUT/search-queries-api.txt"
sed -i "s|search-queries.txt|search-queries-api.txt|" "$OUT/rotate.lua"
wrk -t1 -c32 -d"$DURATION" --latency -s "$OUT/rotate.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|50%|99%"
