#!/usr/bin/env bash
# Reproduces the "storefront pages" figures of BENCHMARKS.md:
#   1. seeds 2,000 shops and 200,000 listings (timed);
#   2. serves them and measures throughput and latency of the home page, a
#      category page and a listing page with wrk, with the page cache (the
#      shield) on, then off (every request renders from the database);
#   3. serves the very same bytes as static files with nginx and measures them
#      the same way: the cached pages' goal is 80% of nginx.
# Load stays on loopback and is bounded in time. Needs root to install wrk and
# nginx from Debian's packages if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/out}
SHOPS=${SHOPS:-2000}
LISTINGS=${LISTINGS:-200000}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
ECHOPPE_PORT=18080
NGINX_PORT=18081
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/echoppe-target}
BIN=$CARGO_TARGET_DIR/release/echoppe

install_if_missing() { # command package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
  command -v "$1" >/dev/null || { echo "skipping: $1 is not installed and cannot be installed here" >&2; exit 0; }
}
install_if_missing wrk wrk
install_if_missing nginx nginx

cargo build --release --quiet
mkdir -p "$OUT"

echo "== seed: $SHOPS shops, $LISTINGS listings"
rm -rf "$OUT/data"
/usr/bin/time -f "%e %M" -o "$OUT/seed.time" \
  "$BIN" seed --data "$OUT/data" --shops "$SHOPS" --listings "$LISTINGS" --log warn
read -r SEED_SECONDS SEED_KB < "$OUT/seed.time"
DB_MB=$(du -sm "$OUT/data/echoppe.db" | cut -f1)
MEDIA_MB=$(du -sm "$OUT/data/media" | cut -f1)
echo "seeded in ${SEED_SECONDS}s (peak RSS $((SEED_KB / 1024)) MB); database ${DB_MB} MB, photos ${MEDIA_MB} MB"

cleanup() {
  [ -n "${ECHOPPE_PID:-}" ] && kill "$ECHOPPE_PID" 2>/dev/null || true
  [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

"$BIN" serve --data "$OUT/data" --bind "127.0.0.1:$ECHOPPE_PORT" --log warn &
ECHOPPE_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$ECHOPPE_PORT/readyz" >/dev/null && break; sleep 0.1; done

LISTING=$(curl -sf "http://127.0.0.1:$ECHOPPE_PORT/api/v1/listings?limit=1&sort=popular" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["listings"][0]["url"])')
declare -A PAGES=([home]="/" [category]="/c/bijoux" [listing]="$LISTING")

# The static twin: the same bytes, served by nginx.
rm -rf "$OUT/www" && mkdir -p "$OUT/www"
for name in home category listing; do
  curl -sf "http://127.0.0.1:$ECHOPPE_PORT${PAGES[$name]}" -o "$OUT/www/$name.html"
done
cat > "$OUT/nginx.conf" <<NGINX
worker_processes auto;
pid $PWD/$OUT/nginx.pid;
error_log /dev/null;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { text/html html; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $PWD/$OUT/www;
  }
}
NGINX
nginx -c "$PWD/$OUT/nginx.conf"

measure() { # url -> "req/s p50 p99"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" > "$OUT/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
       END {printf "%s %s %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad)}' "$OUT/wrk.txt"
}

restart_echoppe() { # extra serve flags
  kill "$ECHOPPE_PID" 2>/dev/null || true
  wait "$ECHOPPE_PID" 2>/dev/null || true
  "$BIN" serve --data "$OUT/data" --bind "127.0.0.1:$ECHOPPE_PORT" --log warn "$@" &
  ECHOPPE_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$ECHOPPE_PORT/readyz" >/dev/null && break; sleep 0.1; done
}

declare -A NGINX_RPS
echo
echo "| page | bytes | echoppe cached req/s | p50 | p99 | nginx req/s | p50 | p99 | cached / nginx |"
echo "|---|---|---|---|---|---|---|---|---|"
for name in home category listing; do
  curl -sf "http://127.0.0.1:$ECHOPPE_PORT${PAGES[$name]}" >/dev/null # fill the cache, warm the pools
  read -r e_rps e_p50 e_p99 e_bad < <(measure "http://127.0.0.1:$ECHOPPE_PORT${PAGES[$name]}")
  read -r n_rps n_p50 n_p99 _ < <(measure "http://127.0.0.1:$NGINX_PORT/$name.html")
  [ "$e_bad" = 0 ] || echo "warning: $e_bad non-2xx answers from echoppe on $name" >&2
  NGINX_RPS[$name]=$n_rps
  ratio=$(python3 -c "print(f'{$e_rps / $n_rps:.1%}')")
  echo "| $name (\`${PAGES[$name]}\`) | $(stat -c %s "$OUT/www/$name.html") | $e_rps | $e_p50 | $e_p99 | $n_rps | $n_p50 | $n_p99 | $ratio |"
done

# What the statistics' census costs a cache hit: the listing again, census off.
restart_echoppe --statistics false
curl -sf "http://127.0.0.1:$ECHOPPE_PORT${PAGES[listing]}" >/dev/null
read -r e_rps e_p50 e_p99 _ < <(measure "http://127.0.0.1:$ECHOPPE_PORT${PAGES[listing]}")
ratio=$(python3 -c "print(f'{$e_rps / ${NGINX_RPS[listing]}:.1%}')")
echo "| listing, statistics off | | $e_rps | $e_p50 | $e_p99 | ${NGINX_RPS[listing]} | | | $ratio |"

restart_echoppe --page-cache false
echo
echo "| page, page cache off | echoppe req/s | p50 | p99 | / nginx |"
echo "|---|---|---|---|---|"
for name in home category listing; do
  curl -sf "http://127.0.0.1:$ECHOPPE_PORT${PAGES[$name]}" >/dev/null
  read -r e_rps e_p50 e_p99 e_bad < <(measure "http://127.0.0.1:$ECHOPPE_PORT${PAGES[$name]}")
  ratio=$(python3 -c "print(f'{$e_rps / ${NGINX_RPS[$name]}:.1%}')")
  echo "| $name | $e_rps | $e_p50 | $e_p99 | $ratio |"
done
