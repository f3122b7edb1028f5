#!/usr/bin/env bash
# Reproduces the "broadcast rehearsal" figures of BENCHMARKS.md: the server
# and `echoppe surge` side by side on this machine, against the 200,000-
# listing catalogue of bench/pages.sh (seeded here if missing), warmed with
# `echoppe warm` as an operator would before the programme.
#   SCALES="1 3" (default): the broadcast (2,000 → 36,000 sessions), then
#   three times it. Each run: 60 s baseline, 180 s ramp, 300 s hold, 120 s
#   decline; reports in $OUT/surge-x<scale>/report.{json,html}, and the
#   server's side every 5 s in $OUT/surge-x<scale>/server.tsv.
#   DATABASE_URL=postgres://… (an empty database) [REPLICA_URL=postgres://…
#   its standby]: the catalogue is moved there with `echoppe copy` for each
#   run, served from it, and PostgreSQL's own counts of transactions and
#   rows read and written, on the primary and the replica, are sampled every
#   5 s into $OUT/surge-x<scale>/database.tsv (bench/pg-watch.py).
# A fresh server per run (its caches warmed again) on a fresh copy of the
# catalogue, so runs do not inherit each other's state. Load stays on loopback and is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/out}
SCALES=${SCALES:-"1 3"}
PORT=18080
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/echoppe-target}
EXTRA=${EXTRA:-}
# BIN=/path/to/echoppe rehearses another build (an A/B), as it is.
if [ -z "${BIN:-}" ]; then
  BIN=$CARGO_TARGET_DIR/release/echoppe
  cargo build --release --quiet
fi
if [ ! -f "$OUT/data/echoppe.db" ]; then
  "$BIN" seed --data "$OUT/data" --shops 2000 --listings 200000 --log warn
fi
# A catalogue seeded by an older build gets this build's schema first
# (`echoppe copy` copies only between databases at the same version).
"$BIN" migrate --data "$OUT/data" --log warn
# The search index is built once here, so the copies below carry it and
# no server builds it while it is measured.
if [ ! -d "$OUT/data/search" ]; then
  "$BIN" reindex --data "$OUT/data" --log warn
fi

for scale in $SCALES; do
  # Each run on a fresh copy of the catalogue: a run's orders sell stock
  # out, and the next run on the same data would see more sold-out
  # listings (more visitors sent back to their cart, a different mix).
  rm -rf "$OUT/surge-data" && cp -a "$OUT/data" "$OUT/surge-data"
  SERVE_DB=()
  if [ -n "${DATABASE_URL:-}" ]; then
    # A fresh database each run, filled from the seeded SQLite copy.
    server=${DATABASE_URL%/*}; name=${DATABASE_URL##*/}
    psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
    /usr/bin/time -f "catalogue copied to PostgreSQL in %e s" \
      "$BIN" copy --from "sqlite://$PWD/$OUT/surge-data/echoppe.db" --to "$DATABASE_URL" --log warn
    SERVE_DB=(--database-url "$DATABASE_URL")
    [ -n "${REPLICA_URL:-}" ] && SERVE_DB+=(--database-replica-url "$REPLICA_URL")
  fi
  "$BIN" serve --data "$OUT/surge-data" --bind "127.0.0.1:$PORT" --log warn "${SERVE_DB[@]}" &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.2; done
  "$BIN" warm --target "http://127.0.0.1:$PORT"
  echo "== the broadcast × $scale"
  # Where the server's time goes, every 5 s (CPU, cache, handlers, door).
  mkdir -p "$OUT/surge-x$scale"
  bench/server-watch.py "$SERVER" "http://127.0.0.1:$PORT" "$OUT/surge-x$scale/server.tsv" &
  WATCH=$!
  DBWATCH=""
  if [ -n "${DATABASE_URL:-}" ]; then
    bench/pg-watch.py "$OUT/surge-x$scale/database.tsv" "$DATABASE_URL" ${REPLICA_URL:-} &
    DBWATCH=$!
  fi
  # shellcheck disable=SC2086
  "$BIN" surge --target "http://127.0.0.1:$PORT" --scale "$scale" \
    --max-page-p99-ms 300 --max-shed-percent 5 --out "$OUT/surge-x$scale" $EXTRA \
    2>&1 | tee "$OUT/surge-x$scale.log" || true
  kill "$WATCH"; wait "$WATCH" || true
  [ -n "$DBWATCH" ] && { kill "$DBWATCH"; wait "$DBWATCH" || true; }
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
done
