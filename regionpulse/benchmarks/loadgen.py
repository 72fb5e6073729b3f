"""A small HTTP load generator for the load benchmark, run as its own process (no Django in it).

``python -m regionpulse.benchmarks.loadgen --port P --clients N --seconds S [--cookie C] PATH...``
starts N client threads, each with its own keep-alive connection to 127.0.0.1:P, each requesting
the paths in turn (client i starts at path i mod len(paths)) until S seconds have passed or it has
sent --max-requests requests, whichever comes first. It prints one JSON object: for each path the
count of answers, the errors (any answer but 200, a time-out or a dropped connection, by kind) and
every latency in milliseconds, and the seconds the run took. Only loopback addresses are allowed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def _client(
    host: str,
    port: int,
    paths: list[str],
    first: int,
    headers: dict[str, str],
    deadline: float,
    limit: int,
    timeout: float,
) -> dict[str, Tally]:
    tallies = {path: Tally() for path in paths}
    connection: http.client.HTTPConnection | None = None
    for number in range(limit):
        if time.monotonic() >= deadline:
            break
        path = paths[(first + number) % len(paths)]
        tally = tallies[path]
        if connection is None:
            connection = http.client.HTTPConnection(host, port, timeout=timeout)
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            tally.latencies_ms.append((time.perf_counter() - start) * 1000)
            tally.error(type(error).__name__)
            connection.close()
            connection = None
            continue
        tally.latencies_ms.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            tally.error(f"HTTP {response.status}")
        if response.will_close:
            connection.close()
            connection = None
    if connection is not None:
        connection.close()
    return tallies


def drive(
    port: int,
    paths: list[str],
    clients: int,
    seconds: float,
    cookie: str = "",
    max_requests: int = 100_000,
    host: str = "127.0.0.1",
    timeout: float = 30.0,
) -> dict[str, Any]:
    """Run the clients against ``host:port`` and merge what they saw."""
    if host not in LOOPBACK:
        raise ValueError(f"the load generator only targets this machine's loopback, not {host}")
    headers = {"Accept-Language": "zh-hans", "Connection": "keep-alive"}
    if cookie:
        headers["Cookie"] = cookie
    results: list[dict[str, Tally]] = []
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + seconds

    def work(index: int) -> None:
        tallies = _client(host, port, paths, index, headers, deadline, max_requests, timeout)
        with lock:
            results.append(tallies)

    threads = [threading.Thread(target=work, args=(index,), daemon=True) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        # A client ends by the deadline plus at most one request's time-out.
        thread.join(timeout=seconds + timeout + 5)
    elapsed = time.monotonic() - start
    merged: dict[str, dict[str, Any]] = {path: {"count": 0, "errors": {}, "latencies_ms": []} for path in paths}
    with lock:
        finished = list(results)
    for tallies in finished:
        for path, tally in tallies.items():
            entry = merged[path]
            entry["count"] += len(tally.latencies_ms)
            entry["latencies_ms"].extend(round(value, 3) for value in tally.latencies_ms)
            for kind, count in tally.errors.items():
                entry["errors"][kind] = entry["errors"].get(kind, 0) + count
    unfinished = clients - len(finished)
    return {"seconds": elapsed, "clients": clients, "unfinished_clients": unfinished, "paths": merged}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1", choices=LOOPBACK)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per client")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds one request may take")
    parser.add_argument("--cookie", default="")
    parser.add_argument("paths", nargs="+")
    options = parser.parse_args(argv)
    result = drive(
        options.port,
        options.paths,
        options.clients,
        options.seconds,
        cookie=options.cookie,
        max_requests=options.max_requests,
        host=options.host,
        timeout=options.timeout,
    )
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
