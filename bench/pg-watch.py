#!/usr/bin/env python3
"""Samples PostgreSQL's own counters every 5 s during a rehearsal.

    bench/pg-watch.py OUT.tsv PRIMARY_URL [REPLICA_URL ...]

For each server, per second over the last 5 s: transactions committed
(every read echoppe makes outside a transaction is one), rows read
(tup_returned + tup_fetched) and rows written (inserted + updated +
deleted), from pg_stat_database for the URL's database, through psql.
Stops when killed; prints the peak of each column at the end.
"""
import signal
import subprocess
import sys
import time

out_path, urls = sys.argv[1], sys.argv[2:]
QUERY = (
    "SELECT xact_commit, tup_returned + tup_fetched, tup_inserted + tup_updated + tup_deleted "
    "FROM pg_stat_database WHERE datname = current_database()"
)


def sample(url):
    text = subprocess.run(["psql", url, "-Atc", QUERY], capture_output=True, text=True, timeout=5).stdout
    return [int(v) for v in text.strip().split("|")] if text.strip() else None


names = ["primary"] + [f"replica{i}" for i in range(1, len(urls))]
peaks = {}
stop = False


def finish(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, finish)
with open(out_path, "w") as out:
    out.write("seconds\tserver\ttransactions_per_s\trows_read_per_s\trows_written_per_s\n")
    started = time.time()
    before = {url: sample(url) for url in urls}
    while not stop:
        time.sleep(5)
        for name, url in zip(names, urls):
            now = sample(url)
            if now and before.get(url):
                rates = [(a - b) / 5 for a, b in zip(now, before[url])]
                out.write(f"{time.time() - started:.0f}\t{name}\t" + "\t".join(f"{r:.0f}" for r in rates) + "\n")
                out.flush()
                peaks[name] = [max(p, r) for p, r in zip(peaks.get(name, [0, 0, 0]), rates)]
            before[url] = now
for name, (tx, read, written) in peaks.items():
    print(f"{name}: peak {tx:.0f} transactions/s, {read:.0f} rows read/s, {written:.0f} rows written/s")
