#!/usr/bin/env bash
# Reproduces the "photo uploads under abuse" figures of BENCHMARKS.md: a
# seller sends many upload requests at once, each carrying ten photos of
# 40 megapixels (the most accepted) that compress to a few KB but decode to
# 120 MB each. The figure is the server's peak memory (VmHWM), against its
# memory at rest: it must stay bounded by the upload slots and decode permits,
# not grow with the number of requests.
# Load stays on loopback and is bounded: REQUESTS requests, once.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench/out}
REQUESTS=${REQUESTS:-16}
PORT=18090
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/echoppe-target}
BIN=$CARGO_TARGET_DIR/release/echoppe

cargo build --release --quiet
rm -rf "$OUT/uploads" && mkdir -p "$OUT/uploads"
"$BIN" serve --data "$OUT/uploads/data" --bind "127.0.0.1:$PORT" --log warn &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
REST_KB=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)

python3 - "$PORT" "$REQUESTS" <<'PY'
import http.cookiejar, re, struct, sys, threading, time, urllib.request, uuid, zlib

port, requests = int(sys.argv[1]), int(sys.argv[2])
base = f"http://127.0.0.1:{port}"

def png(side, rgb):
    """A valid PNG of side x side pixels of one colour: a few KB on the wire."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    row = b"\0" + bytes(rgb) * side
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

def get(path):
    return opener.open(base + path).read().decode()

def csrf(path):
    return re.search(r'name="csrf" value="([^"]+)"', get(path)).group(1)

def post(path, fields):
    data = urllib.parse.urlencode(fields).encode()
    try:
        opener.open(urllib.request.Request(base + path, data=data))
    except urllib.error.HTTPError as answer:
        if answer.code != 303:
            raise
        return answer.headers["location"]

import urllib.parse, urllib.error
post("/signup", {"csrf": csrf("/signup"), "email": "bench@example.fr", "display_name": "Bench", "password": "bench password"})
post("/sell/shop/new", {"csrf": csrf("/sell/shop/new"), "name": "Banc d'essai"})
listing = post("/sell/listings", {"csrf": csrf("/sell/listings/new"), "title": "Essai", "category": "colliers",
                                  "price": "10", "quantity": "1"})
token = csrf(listing)
side = 6324  # 39.99 megapixels
photos = [png(side, (n * 20 % 256, 90, 160)) for n in range(10)]
print(f"each photo: {side}x{side} px, {len(photos[0]) // 1024} KB on the wire, "
      f"{side * side * 3 // 2**20} MB decoded")

def upload(results, i):
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'.encode()]
    for n, photo in enumerate(photos):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="{n}.png"\r\n'
                     f"Content-Type: image/png\r\n\r\n".encode() + photo + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    request = urllib.request.Request(base + listing + "/photos", data=b"".join(parts),
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        opener.open(request, timeout=600)
        results[i] = "200"
    except urllib.error.HTTPError as answer:
        results[i] = str(answer.code)

results = [None] * requests
started = time.time()
threads = [threading.Thread(target=upload, args=(results, i)) for i in range(requests)]
for t in threads: t.start()
for t in threads: t.join()
print(f"{requests} requests x 10 photos answered in {time.time() - started:.1f}s: {sorted(set(results))}")
PY

PEAK_KB=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
echo "server memory: $((REST_KB / 1024)) MB at rest, peak $((PEAK_KB / 1024)) MB during the uploads"
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && echo "still serving"
