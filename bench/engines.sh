#!/usr/bin/env bash
# Reproduces the "database engines" figures of BENCHMARKS.md, side by side in
# one run, each engine on loopback with its default durability (SQLite WAL
# with synchronous = FULL, PostgreSQL synchronous_commit = on, InnoDB
# innodb_flush_log_at_trx_commit = 1):
#   1. durable orders/s through the order desk (group commit, then one
#      commit per order) on each engine;
#   2. uncached home, category and listing pages (page cache off: every
#      request renders from the database), req/s with wrk, on a catalogue
#      seeded once in SQLite and moved to the others with `echoppe copy`.
# Starts its own PostgreSQL and MariaDB (deploy/test-databases.sh, ports
# 56432 and 54306) and stops them. Load stays on loopback, bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/out/engines}
SHOPS=${SHOPS:-1000}
LISTINGS=${LISTINGS:-50000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
CLIENTS=${CLIENTS:-64}
ORDER_SECONDS=${ORDER_SECONDS:-10}
PORT=18085
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/echoppe-target}
BIN=$CARGO_TARGET_DIR/release/echoppe
command -v wrk >/dev/null || { echo "skipping: wrk is not installed (apt-get install wrk)" >&2; exit 0; }

cargo build --release --quiet -p echoppe
cargo build --release --quiet -p echoppe-storage --example order_bench
mkdir -p "$OUT"
DBS=$(mktemp -d)
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  PG_PORT=56432 MYSQL_PORT=54306 deploy/test-databases.sh down "$DBS" || true
  rm -rf "$DBS"
}
trap cleanup EXIT
eval "$(PG_PORT=56432 MYSQL_PORT=54306 deploy/test-databases.sh up "$DBS")"
declare -A SERVERS=([sqlite]="" [postgres]="$ECHOPPE_TEST_POSTGRES_URL" [mariadb]="$ECHOPPE_TEST_MYSQL_URL")

echo "== durable orders/s through the order desk ($CLIENTS clients, ${ORDER_SECONDS}s)"
for engine in ${ORDER_ENGINES-sqlite postgres mariadb}; do
  echo "-- $engine"
  (cd "$OUT" && "$CARGO_TARGET_DIR/release/examples/order_bench" "$CLIENTS" "$ORDER_SECONDS" ${SERVERS[$engine]})
done

echo "== a catalogue of $SHOPS shops and $LISTINGS listings, on each engine"
rm -rf "$OUT/data"
"$BIN" seed --data "$OUT/data" --shops "$SHOPS" --listings "$LISTINGS" --log warn
psql "$ECHOPPE_TEST_POSTGRES_URL" -qc "CREATE DATABASE pages"
mariadb --no-defaults -h127.0.0.1 -P54306 -uechoppe -pechoppe -e "CREATE DATABASE pages"
declare -A URLS=(
  [sqlite]="sqlite://$PWD/$OUT/data/echoppe.db"
  [postgres]="${ECHOPPE_TEST_POSTGRES_URL%/*}/pages"
  [mariadb]="${ECHOPPE_TEST_MYSQL_URL%/*}/pages"
)
for engine in postgres mariadb; do
  /usr/bin/time -f "copied to $engine in %e s" "$BIN" copy --from "${URLS[sqlite]}" --to "${URLS[$engine]}" --log warn
done

echo "== uncached pages (wrk -t1 -c$CONNECTIONS -d$DURATION; page cache, door and modes off)"
for engine in sqlite postgres mariadb; do
  # The door and the modes off too: a page turned away would count as a
  # fast answer. Every answer must be a 200.
  "$BIN" serve --data "$OUT/data" --database-url "${URLS[$engine]}" --bind "127.0.0.1:$PORT" --page-cache false \
    --statistics false --admission false --mode normal --log warn &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
  LISTING=$(curl -sf "http://127.0.0.1:$PORT/api/v1/listings?limit=1&sort=popular" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["listings"][0]["url"])')
  for page in / /c/bijoux "$LISTING"; do
    rate=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$page" \
      | awk '/Requests\/sec/ {print $2, "req/s"} /^ +50%/ {print "p50", $2} /^ +99%/ {print "p99", $2} /Non-2xx/ {print "NON-2XX", $NF}' | paste -sd' ')
    echo "$engine $page: $rate"
  done
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
done
