#!/usr/bin/env bash
# Reproduces the "statistics" figures of BENCHMARKS.md: wrk posts batches of
# 100 beacon events (impressions and views of existing listings, each
# checked against the catalogue) to POST /api/v1/events for DURATION, with
# the node pinned to normal mode so nothing is sampled; then the server is
# stopped (its last flush) and the events found in the roll-ups are compared
# with the events acknowledged. Load stays on loopback and is bounded in
# time. Needs root to install wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/out}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=18097
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/echoppe-target}
BIN=$CARGO_TARGET_DIR/release/echoppe

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
mkdir -p "$OUT"
data=$OUT/statistics
rm -rf "$data"
"$BIN" seed --data "$data" --shops 200 --listings 20000 --photos-per-listing 1 --log warn >/dev/null
# Two different batches (listing ids known to exist), alternated.
python3 - "$data/echoppe.db" "$OUT/statistics-batches.lua" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in db.execute("SELECT id FROM listings ORDER BY id LIMIT 200")]
batches = []
for half in (ids[:100], ids[100:]):
    events = [{"type": "impression" if i % 4 else "view", "listing": l} for i, l in enumerate(half)]
    batches.append(json.dumps({"events": events}))
with open(sys.argv[2], "w") as out:
    out.write("batches = {" + ",".join("[[" + b + "]]" for b in batches) + "}\n")
PY
"$BIN" serve --data "$data" --bind "127.0.0.1:$PORT" --log warn --mode normal --stats-flush-seconds 5 &
pid=$!
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
cat > "$OUT/statistics.lua" <<LUA
dofile("$OUT/statistics-batches.lua")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  return wrk.format(nil, "/api/v1/events", nil, batches[n % 2 + 1])
end
LUA
echo "== POST /api/v1/events, 100 events a batch, $CONNECTIONS connections, $DURATION"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/statistics.lua" "http://127.0.0.1:$PORT" \
  | tee "$OUT/statistics-wrk.txt" | grep -E "Requests/sec|Non-2xx|50%|99%|requests in"
kill "$pid"; wait "$pid" 2>/dev/null || true
python3 - "$data/echoppe.db" "$OUT/statistics-wrk.txt" <<'PY'
import re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
views, impressions = db.execute("SELECT COALESCE(SUM(views), 0), COALESCE(SUM(impressions), 0) FROM listing_stats_daily").fetchone()
text = open(sys.argv[2]).read()
batches = int(re.search(r"(\d+) requests in", text).group(1))
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
refused = int(non2xx.group(1)) if non2xx else 0
print(f"events/s acknowledged: {rate * 100:,.0f}; events found in the roll-ups: {views + impressions:,} "
      f"(views {views:,}, impressions {impressions:,}) for {(batches - refused) * 100:,} acknowledged")
PY

# The seller's dashboard over a year of figures: a seller signs up and opens
# a shop; a year of roll-ups is written for it (every day: 2,000 distinct
# visitors as a real HyperLogLog sketch made with Apache DataSketches'
# Python package, 50 listings, 20 search terms); then wrk asks for
# /sell/stats?period=365 (and the API's figures) as that seller.
echo "== the dashboard over a year"
python3 -c "import datasketches" 2>/dev/null || pip install -q datasketches 2>/dev/null \
  || { echo "skipping the dashboard: the datasketches Python package is not installable here"; exit 0; }
"$BIN" serve --data "$data" --bind "127.0.0.1:$PORT" --log warn --mode normal &
pid=$!
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
jar=$OUT/statistics-jar.txt
rm -f "$jar"
csrf=$(curl -s -c "$jar" "http://127.0.0.1:$PORT/signup" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -b "$jar" -c "$jar" -o /dev/null "http://127.0.0.1:$PORT/signup" \
  --data-urlencode "csrf=$csrf" --data-urlencode "next=/" --data-urlencode "email=banc@example.fr" \
  --data-urlencode "display_name=Banc Essai" --data-urlencode "password=un mot de passe solide"
token=$(curl -s "http://127.0.0.1:$PORT/api/v1/tokens" -H 'Content-Type: application/json' \
  -d '{"email":"banc@example.fr","password":"un mot de passe solide"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
slug=$(curl -s "http://127.0.0.1:$PORT/api/v1/shop" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"Atelier du Banc"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["slug"])')
python3 - "$data/echoppe.db" "$slug" <<'PY'
import random, sqlite3, sys, time
import datasketches as ds
db = sqlite3.connect(sys.argv[1], timeout=30)
shop = db.execute("SELECT id FROM shops WHERE slug = ?", (sys.argv[2],)).fetchone()[0]
listings = [r[0] for r in db.execute("SELECT id FROM listings ORDER BY id LIMIT 50")]
today = int(time.time()) // 86400
rng = random.Random(7)
for day in range(today - 364, today + 1):
    sketch = ds.hll_sketch(12, ds.tgt_hll_type.HLL_6)
    for _ in range(2000):
        sketch.update(rng.getrandbits(64))
    views = rng.randrange(2000, 6000)
    db.execute(
        "INSERT OR REPLACE INTO shop_stats_daily (shop_id, day, views, impressions, favourites, cart_adds, checkouts, "
        "orders, units, revenue_cents, bot_views, visits, visitor_sketch, visitors, sampled) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        (shop, day, views, views * 5, views // 50, views // 40, views // 80, views // 100, views // 90,
         views * 35, views // 10, 2400, sketch.serialize_compact(), 2000))
    for listing in listings:
        v = rng.randrange(10, 200)
        db.execute(
            "INSERT OR REPLACE INTO listing_stats_daily (listing_id, shop_id, day, views, impressions, favourites, "
            "cart_adds, checkouts, orders, units, revenue_cents, bot_views) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0)",
            (listing, shop, day, v, v * 4, v // 20, v // 15, v // 60, v // 60, (v // 60) * 3500))
    for term in range(20):
        db.execute("INSERT OR REPLACE INTO shop_search_terms_daily (shop_id, day, term, views) VALUES (?, ?, ?, ?)",
                   (shop, day, f"recherche {term}", rng.randrange(1, 50)))
db.commit()
PY
cookie=$(awk '$6 == "echoppe_session" { print "echoppe_session=" $7 }' "$jar")
curl -s -H "Cookie: $cookie" "http://127.0.0.1:$PORT/sell/stats?period=365" | grep -o '<strong>[^<]*</strong>Visiteurs' || echo "(no visitors figure on the page)"
for target in "/sell/stats?period=365" "/api/v1/shops/$slug/stats?period=365"; do
  echo "-- $target, one connection"
  wrk -t1 -c1 -d"${DURATION}" --latency -H "Cookie: $cookie" -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$PORT$target" | grep -E "Requests/sec|Non-2xx|50%|99%"
done
kill "$pid"; wait "$pid" 2>/dev/null || true
