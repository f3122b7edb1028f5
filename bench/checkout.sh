#!/usr/bin/env bash
# Reproduces the "checkout over HTTP" figures of BENCHMARKS.md: wrk posts
# one-line checkouts to POST /api/v1/orders (each committed and fsynced before
# its 201, then paid or deferred) for three payment services:
#   instant   — a provider that answers at once with room for everyone;
#   saturated — 300 ms per charge, 32 at once (the default simulated one):
#               the load is far beyond it, so most checkouts fall to
#               "order now, pay later";
#   later     — the operator's switch: no payment attempted at checkout.
# After each run the orders in the database are counted by status: every
# 201 must be there. Load stays on loopback and is bounded in time. Needs
# root to install wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/out}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=18096
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/echoppe-target}
BIN=$CARGO_TARGET_DIR/release/echoppe

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
mkdir -p "$OUT"

run() {
  local name=$1; shift
  local data=$OUT/checkout-$name
  rm -rf "$data"
  "$BIN" seed --data "$data" --shops 100 --listings 2000 --photos-per-listing 1 --log warn >/dev/null
  # Plenty of stock on the first 200 active listings, and their prices for the script.
  python3 - "$data/echoppe.db" "$OUT/checkout-items.lua" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT id, price_cents FROM listings WHERE state = 'active' AND shop_listed = 1 ORDER BY id LIMIT 200").fetchall()
db.executemany("UPDATE listings SET quantity = 1000000 WHERE id = ?", [(r[0],) for r in rows])
db.commit()
with open(sys.argv[2], "w") as out:
    out.write("items = {" + ",".join("{%d,%d}" % r for r in rows) + "}\n")
PY
  "$BIN" serve --data "$data" --bind "127.0.0.1:$PORT" --log warn "$@" &
  local pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
  cat > "$OUT/checkout.lua" <<LUA
dofile("$OUT/checkout-items.lua")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local item = items[n % #items + 1]
  local body = string.format('{"email":"bench@example.fr","address":{"name":"Banc Essai","line1":"1 rue du Test","postcode":"44000","city":"Nantes","country":"FR"},"items":[{"listing_id":%d,"quantity":1,"unit_price_cents":%d}]}', item[1], item[2])
  return wrk.format(nil, "/api/v1/orders", nil, body)
end
LUA
  echo "== $name ($*)"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/checkout.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|Non-2xx|50%|99%|requests in"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$data/echoppe.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("orders by status:", dict(db.execute("SELECT status, count(*) FROM orders GROUP BY status").fetchall()))
PY
}

run instant --payment-latency-ms 0 --payment-failure-rate 0 --payment-capacity 10000
run saturated --payment-latency-ms 300 --payment-failure-rate 0 --payment-capacity 32
run later --pay-later always
