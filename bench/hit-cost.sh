#!/usr/bin/env bash
# What a cached listing page costs, in requests/s and in server CPU time per
# request, for echoppe with its statistics on and off and for nginx serving
# the same bytes — in alternating rounds, so the machine's drift touches
# every contender alike — and, with BASELINE=path/to/echoppe, for another
# build as well (before/after a change). Prints each round, then medians.
#
#   bench/pages.sh first (it seeds bench/out/data and writes the nginx config)
#   ROUNDS=6 DURATION=5s bench/hit-cost.sh
#   BASELINE=/tmp/echoppe-before bench/hit-cost.sh
#
# A browser's user agent is sent (AGENT= to change it; wrk sends none of its
# own), since what the server does per request depends on it.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/out}
ROUNDS=${ROUNDS:-6}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
AGENT=${AGENT:-Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/echoppe-target}
BIN=$CARGO_TARGET_DIR/release/echoppe
if [ ! -d "$OUT/data" ] || [ ! -f "$OUT/nginx.conf" ]; then
  echo "run bench/pages.sh first: it seeds $OUT/data" >&2
  exit 1
fi
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  echo "skipping: wrk and nginx are needed (bench/pages.sh installs them)" >&2
  exit 0
fi
cargo build --release --quiet
# Built once, so the copies carry it and no server builds it while measured.
if [ ! -d "$OUT/data/search" ]; then
  "$BIN" reindex --data "$OUT/data" --log warn
fi

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait
  rm -rf "$OUT/hit-cost"
  if [ -f "$OUT/nginx.pid" ]; then kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT

start() { # name binary port flags... (each on its own copy of the data: one search index writer each)
  rm -rf "$OUT/hit-cost/$1" && mkdir -p "$OUT/hit-cost" && cp -a "$OUT/data" "$OUT/hit-cost/$1"
  "$2" serve --data "$OUT/hit-cost/$1" --bind "127.0.0.1:$3" --log warn "${@:4}" &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$3/readyz" >/dev/null && break; sleep 0.1; done
}
declare -A PORT=([statistics-on]=18090 [statistics-off]=18091 [baseline]=18092 [nginx]=18081)
NAMES=(statistics-on statistics-off)
start on "$BIN" "${PORT[statistics-on]}"
start off "$BIN" "${PORT[statistics-off]}" --statistics false
if [ -n "${BASELINE:-}" ]; then
  start baseline "$BASELINE" "${PORT[baseline]}"
  NAMES+=(baseline)
fi
NAMES+=(nginx)

LISTING=$(curl -sf "http://127.0.0.1:${PORT[statistics-on]}/api/v1/listings?limit=1&sort=popular" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["listings"][0]["url"])')
curl -sf "http://127.0.0.1:${PORT[statistics-on]}$LISTING" -o "$OUT/www/listing.html"
[ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null && sleep 0.3
nginx -c "$PWD/$OUT/nginx.conf"
sleep 0.3

pids_of() { # name
  if [ "$1" = nginx ]; then pgrep -f "nginx: worker"; else pgrep -f "bind 127.0.0.1:${PORT[$1]}"; fi
}
cpu_ticks() { # name -> user+system clock ticks of its processes
  local total=0 pid user system
  for pid in $(pids_of "$1"); do
    read -r user system < <(awk '{print $14, $15}' "/proc/$pid/stat")
    total=$((total + user + system))
  done
  echo "$total"
}
url_of() { if [ "$1" = nginx ]; then echo "http://127.0.0.1:${PORT[nginx]}/listing.html"; else echo "http://127.0.0.1:${PORT[$1]}$LISTING"; fi; }

for name in "${NAMES[@]}"; do curl -sf "$(url_of "$name")" >/dev/null; done # fill the caches
TICK=$(getconf CLK_TCK)
: > "$OUT/hit-cost.log"
for round in $(seq "$ROUNDS"); do
  for name in "${NAMES[@]}"; do
    before=$(cpu_ticks "$name")
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -H "User-Agent: $AGENT" "$(url_of "$name")" > "$OUT/wrk.txt"
    after=$(cpu_ticks "$name")
    awk -v name="$name" -v round="$round" -v ticks=$((after - before)) -v tick="$TICK" \
      '/requests in/ {n=$1} /Requests\/sec/ {rps=$2}
       END {printf "%s %s %.0f %.2f\n", round, name, rps, ticks / tick * 1e6 / n}' "$OUT/wrk.txt" >> "$OUT/hit-cost.log"
  done
  tail -n "${#NAMES[@]}" "$OUT/hit-cost.log" | awk '{printf "%s: %s/s %s µs   ", $2, $3, $4} END {print ""}'
done

python3 - "$OUT/hit-cost.log" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
names = list(dict.fromkeys(row[1] for row in rows))
median = {name: (statistics.median(float(r[2]) for r in rows if r[1] == name),
                 statistics.median(float(r[3]) for r in rows if r[1] == name)) for name in names}
print("\n| server | requests/s (median) | CPU µs per request (median) | requests/s / nginx |")
print("|---|---|---|---|")
for name in names:
    rps, cpu = median[name]
    print(f"| {name} | {rps:,.0f} | {cpu:.2f} | {rps / median['nginx'][0]:.1%} |")
PY
