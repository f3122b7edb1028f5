#!/usr/bin/env python3
"""Watches a running echoppe server during a benchmark: every few seconds it
reads the server's CPU time (from /proc) and its /metrics, and when stopped
(SIGTERM or SIGINT) prints what happened per interval — CPU in cores, page
cache hits and misses, renders, search cache misses, handler requests and
the time spent in them per class, the door's limit and what it shed — so a
rehearsal's figures can be read against where the server's time went; and
per route, the handler requests and their time over the whole watch
(next to out.tsv, as out-routes.tsv).

    bench/server-watch.py PID http://127.0.0.1:18080 out.tsv [every_seconds]
"""

import os
import re
import signal
import sys
import time
import urllib.request

# Labels may hold braces themselves (`route="/listing/{id}"`): the value is
# what follows the last space.
SAMPLE = re.compile(r"^(echoppe_[a-z_]+)(?:\{(.*)\})? ([0-9.eE+-]+)$")


def metrics(url):
    """The server's counters and gauges, keyed by name and labels."""
    with urllib.request.urlopen(url + "/metrics", timeout=2) as response:
        text = response.read().decode()
    values = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match:
            name, labels, value = match.groups()
            values[(name, labels or "")] = float(value)
    return values


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def total(sample, name, **labels):
    """The sum of a metric over the series whose labels match."""
    wanted = [f'{key}="{value}"' for key, value in labels.items()]
    return sum(value for (metric, series), value in sample["metrics"].items()
               if metric == name and all(label in series for label in wanted))


COLUMNS = [
    ("cpu", lambda s: s["cpu"]),
    ("hits", lambda s: total(s, "echoppe_page_cache_total", outcome="hit")
        + total(s, "echoppe_page_cache_total", outcome="not_modified")),
    ("stale", lambda s: total(s, "echoppe_page_cache_total", outcome="stale")
        + total(s, "echoppe_page_cache_total", outcome="grace")),
    ("misses", lambda s: total(s, "echoppe_page_cache_total", outcome="miss")),
    ("renders", lambda s: total(s, "echoppe_page_cache_renders_total")),
    ("not_kept", lambda s: total(s, "echoppe_page_cache_renders_total", kept="false")),
    ("search_misses", lambda s: total(s, "echoppe_search_cache_total", outcome="miss")),
    ("handled_page", lambda s: total(s, "echoppe_http_requests_total", **{"class": "page"})),
    ("handled_other", lambda s: total(s, "echoppe_http_requests_total")
        - total(s, "echoppe_http_requests_total", **{"class": "page"})),
    ("handler_s_page", lambda s: total(s, "echoppe_http_request_duration_seconds_sum", **{"class": "page"})),
    ("handler_s_all", lambda s: total(s, "echoppe_http_request_duration_seconds_sum")),
    ("shed", lambda s: sum(total(s, "echoppe_admission_total", outcome=o) for o in ("full", "surge", "client_limit"))),
]
GAUGES = [("limit", "echoppe_admission_limit"), ("in_flight", "echoppe_admission_in_flight")]


def main():
    pid, url, out = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
    every = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, lambda *_: stop.append(True))
    samples = []
    started = time.monotonic()
    while not stop:
        try:
            samples.append({"metrics": metrics(url), "cpu": cpu_seconds(pid), "t": time.monotonic() - started})
        except (OSError, ValueError):
            pass  # the server is busy or gone; the next sample says more
        deadline = time.monotonic() + every
        while not stop and time.monotonic() < deadline:
            time.sleep(0.2)
    with open(out, "w") as file:
        names = [name for name, _ in COLUMNS] + [name for name, _ in GAUGES]
        file.write("t\t" + "\t".join(names) + "\n")
        for before, after in zip(samples, samples[1:]):
            span = after["t"] - before["t"]
            rates = [(read(after) - read(before)) / span for _, read in COLUMNS]
            gauges = [after["metrics"].get((metric, ""), 0.0) for _, metric in GAUGES]
            file.write(f"{after['t']:.0f}\t" + "\t".join(f"{v:.2f}" for v in rates + gauges) + "\n")
    if len(samples) > 1:
        write_routes(samples[0], samples[-1], out.removesuffix(".tsv") + "-routes.tsv")


ROUTE = re.compile(r'route="([^"]*)"')


def write_routes(first, last, out):
    """Per route over the whole watch: handler requests and the seconds
    spent in them (waiting for the database or the CPU included), most
    time first."""
    by_route = {}
    for sample, sign in ((last, 1), (first, -1)):
        for (metric, labels), value in sample["metrics"].items():
            route = ROUTE.search(labels)
            if not route:
                continue
            column = {"echoppe_http_requests_total": 0, "echoppe_http_request_duration_seconds_sum": 1}.get(metric)
            if column is not None:
                by_route.setdefault(route.group(1), [0.0, 0.0])[column] += sign * value
    with open(out, "w") as file:
        file.write("route\trequests\tseconds\tms_each\n")
        for route, (requests, seconds) in sorted(by_route.items(), key=lambda item: -item[1][1]):
            if requests > 0:
                file.write(f"{route}\t{requests:.0f}\t{seconds:.1f}\t{1000 * seconds / requests:.2f}\n")


if __name__ == "__main__":
    main()
