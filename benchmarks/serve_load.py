"""Load on the team's site: ``python -m benchmarks.serve_load [--requests 200] [--data F]``.

Starts ``kggraph serve`` on a free loopback port (bundled data unless ``--data``), warms every
structure page once, then sends ``--requests`` requests to structure pages, all at once from
as many threads, and prints the status counts and the median, 95th and 99th percentile
latency, each measured from the request's send to its last byte.
The client is asyncio on raw sockets, so that it takes little of the CPU the server needs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main", "start_server"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(*args: str, wait: float = 120) -> tuple[subprocess.Popen, str]:
    """``kggraph serve ARGS`` on a free loopback port; the process and its base URL, once it
    answers. The caller stops it (``terminate``)."""
    port = _free_port()
    command = [str(Path(sys.executable).parent / "kggraph"), "serve", "--port", str(port), *args]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kggraph serve exited: {proc.stderr.read()}")
        try:
            urllib.request.urlopen(base + "/site.css", timeout=2).close()
            return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"kggraph serve did not answer within {wait:.0f} s")


def _fetch(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as err:
        status = err.code
    return status, time.perf_counter() - start


async def _fetch_async(url: str) -> tuple[int, float]:
    """One GET over its own connection, timed from the first byte sent to the last received.

    A raw HTTP/1.1 request on asyncio: the client costs little CPU, so the two cores it shares
    with the server go to the server."""
    parts = urllib.parse.urlsplit(url)
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    writer.write(
        f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode()
    )
    answer = await reader.read()
    writer.close()
    return int(answer.split(b" ", 2)[1]), time.perf_counter() - start


def _structure_urls(base: str, at: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/?format=json&at={at}", timeout=60) as r:
        rows = json.loads(r.read())
    names = [urllib.parse.quote(row["structure"], safe="") for row in rows]
    return [f"{base}/structure/{n}?at={at}" for n in names]


def run(base: str, requests: int, at: str) -> tuple[Counter, list[float]]:
    """Warm every structure page, then send ``requests`` at once; statuses and latencies."""
    urls = _structure_urls(base, at)
    for url in urls:
        _fetch(url)

    async def all_at_once() -> list[tuple[int, float]]:
        return await asyncio.gather(*(_fetch_async(urls[i % len(urls)]) for i in range(requests)))

    results = asyncio.run(all_at_once())
    return Counter(s for s, _ in results), sorted(t for _, t in results)


def _percentile(sorted_values: list[float], p: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve_load", description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="concurrent requests (200)")
    parser.add_argument("--at", default="2024-06-30", help="the date asked (2024-06-30)")
    parser.add_argument("--data", action="append", default=[], help="a --data file for serve")
    args = parser.parse_args(argv)
    serve_args = [a for path in args.data for a in ("--data", path)]
    proc, base = start_server(*serve_args)
    try:
        statuses, times = run(base, args.requests, args.at)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"Machine: {platform.machine()}, {platform.python_version()}, cores: {os.cpu_count()}")
    print(f"{args.requests} concurrent requests to structure pages, server warm: {dict(statuses)}")
    ms = [t * 1000 for t in times]
    print(
        f"latency ms: median {statistics.median(ms):.1f}, p95 {_percentile(ms, 95):.1f}, "
        f"p99 {_percentile(ms, 99):.1f}, max {ms[-1]:.1f}"
    )
    return 0 if set(statuses) == {200} else 1


if __name__ == "__main__":
    raise SystemExit(main())
