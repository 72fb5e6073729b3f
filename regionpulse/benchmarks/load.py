"""The cockpit and the API served by a production server under load from a second process.

A gunicorn server (BENCH_SERVER_WORKERS 2 workers × BENCH_SERVER_THREADS 4 threads, the setting
``docs/operations.md`` gives for two cores) serves the deployment's WSGI app on a free loopback
port, against the database Django is connected to (the demo is loaded first when it is missing),
with ``regionpulse.benchmarks.settings``: the real settings plus a trivial view at ``/bench/trivial/``
and no API rate limit. The demo user ``leader`` signs in once through the login form (or, should the
form refuse, gets a session written to the database directly), and every request carries that
session. The load comes from ``regionpulse.benchmarks.loadgen``, a separate process of client
threads with keep-alive connections, bounded in time and in count:

- throughput: the cockpit page (where ``/`` sends the leader) against the trivial view, each with
  BENCH_RATE_CLIENTS (8) clients for BENCH_RATE_SECONDS (10) seconds, twice in turn; the cockpit
  should be served at no less than a quarter of the trivial view's rate; then, on a server whose
  cache keeps nothing, the cockpit computed at every view (as the first view after a change is);
- load: BENCH_LOAD_CLIENTS (50) clients for BENCH_LOAD_SECONDS (60) seconds on the cockpit page, the
  figures API and the project list API: the errors (any answer but 200; there must be none) and the
  latency percentiles.

The server is stopped in every case (its whole process group, which this module started).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from regionpulse.benchmarks import Row, main, row

HOST = "127.0.0.1"
SETTINGS = "regionpulse.benchmarks.settings"
DEMO_USER = "leader"
DEMO_PASSWORD = "Kdl-demo-2022"  # noqa: S105 - the demo's published password
TRIVIAL = "/bench/trivial/"
API_PATHS = ("/api/figures/{region}/{period}/", "/api/projects/")
READY_SECONDS = 60
STOP_SECONDS = 20


def _setting(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None
) -> tuple[int, dict[str, list[str]], str]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        received: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            received.setdefault(name.lower(), []).append(value)
        return response.status, received, text
    finally:
        connection.close()


def _cookies(headers: dict[str, list[str]]) -> dict[str, str]:
    found = {}
    for line in headers.get("set-cookie", []):
        name, _, rest = line.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


# ---------------------------------------------------------------------------------------------------
# The server


def _server_command(port: int) -> list[str]:
    workers, threads = _setting("BENCH_SERVER_WORKERS", 2), _setting("BENCH_SERVER_THREADS", 4)
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "regionpulse.wsgi:application",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"{HOST}:{port}",
        "--timeout",
        "120",
        "--graceful-timeout",
        "10",
    ]


@contextmanager
def server(port: int, log: Path, cached: bool = True) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn on ``port`` until the block ends; its process group is stopped however it ends.
    ``cached=False``: a cache that keeps nothing, so every cockpit page is computed afresh."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DEBUG": "0",
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
        "BENCH_CACHE": "1" if cached else "0",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            _server_command(port),
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_ready(process, port, log)
        yield process
    finally:
        _stop(process)


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit {process.returncode}):\n{_tail(log)}")
        try:
            status, _, _ = _request(port, "GET", "/accounts/login/")
        except OSError:
            time.sleep(0.25)
            continue
        if status == 200:
            return
        raise RuntimeError(f"the server answered the login page with {status}:\n{_tail(log)}")
    raise RuntimeError(f"the server was not ready after {READY_SECONDS} s:\n{_tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group (master and workers), SIGKILL if it has not gone."""
    group = process.pid
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(group, sent)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < deadline:
            process.poll()
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
    process.wait(timeout=STOP_SECONDS)


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# ---------------------------------------------------------------------------------------------------
# The session


def _login_by_form(port: int) -> str | None:
    """The session cookie from signing in through the login page, or None if it did not succeed."""
    from django.conf import settings

    status, headers, page = _request(port, "GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    cookies = _cookies(headers)
    if status != 200 or token is None or settings.CSRF_COOKIE_NAME not in cookies:
        return None
    body = urllib.parse.urlencode(
        {"username": DEMO_USER, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    status, headers, _ = _request(
        port,
        "POST",
        "/accounts/login/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.CSRF_COOKIE_NAME}={cookies[settings.CSRF_COOKIE_NAME]}",
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
        body,
    )
    session = _cookies(headers).get(settings.SESSION_COOKIE_NAME)
    if status != 302 or not session:
        return None
    return f"{settings.SESSION_COOKIE_NAME}={session}"


def _session_in_database() -> str:
    """A signed-in session for the demo leader, written straight to the session store."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.backends import ModelBackend
    from django.utils.module_loading import import_string

    user = get_user_model().objects.get(username=DEMO_USER)
    backends = list(settings.AUTHENTICATION_BACKENDS)
    # The session names the backend that loads its user: the model backend (or one built on it).
    backend = next(
        (path for path in backends if issubclass(import_string(path), ModelBackend)),
        backends[-1],
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save(must_create=True)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _signed_in(port: int) -> tuple[str, str]:
    cookie = _login_by_form(port)
    if cookie is not None:
        return cookie, "login form"
    return _session_in_database(), "session written to the database"


def _cockpit_path(port: int, cookie: str) -> str:
    """Where ``/`` sends the leader: the cockpit of the home district and its latest period."""
    status, headers, _ = _request(port, "GET", "/", {"Cookie": cookie})
    location = headers.get("location", [""])[0]
    if status != 302 or not location.startswith("/cockpit/"):
        raise RuntimeError(f"/ answered {status} {location!r}, not a redirect to the cockpit: is the leader signed in?")
    return location


# ---------------------------------------------------------------------------------------------------
# The load


def _drive(port: int, cookie: str, paths: list[str], clients: int, seconds: int) -> dict[str, Any]:
    """The load generator, as its own process; it stops by itself, and is killed if it does not."""
    command = [
        sys.executable,
        "-m",
        "regionpulse.benchmarks.loadgen",
        "--port",
        str(port),
        "--clients",
        str(clients),
        "--seconds",
        str(seconds),
        "--max-requests",
        str(max(1000, seconds * 500)),
        "--cookie",
        cookie,
        *paths,
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    finished = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished.returncode != 0:
        raise RuntimeError(f"the load generator failed ({finished.returncode}):\n{finished.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(finished.stdout)
    # The clients share the machine's cores with the server: how much of them they took.
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    answered = sum(entry["count"] for entry in result["paths"].values())
    print(
        f"{clients} clients on {', '.join(paths)}: {answered} answers in {result['seconds']:.1f} s; "
        f"the load generator used {used:.1f} s of CPU",
        file=sys.stderr,
        flush=True,
    )
    return result


def _percentile(ordered: list[float], percent: float) -> float:
    """Nearest rank: the smallest value with at least ``percent`` % of the values at or below it."""
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[int(rank) - 1]


def _errors(entry: dict[str, Any]) -> int:
    return sum(entry["errors"].values())


def _rate(result: dict[str, Any], path: str) -> tuple[int, float]:
    entry = result["paths"][path]
    return entry["count"] - _errors(entry), result["seconds"]


def _rate_clients() -> tuple[int, int]:
    return _setting("BENCH_RATE_CLIENTS", 8), _setting("BENCH_RATE_SECONDS", 10)


def _pages_per_second(port: int, cookie: str, paths: list[str]) -> dict[str, float]:
    """Each path on its own, twice in turn, by BENCH_RATE_CLIENTS clients: answers per second."""
    clients, seconds = _rate_clients()
    served = dict.fromkeys(paths, 0)
    spent = dict.fromkeys(paths, 0.0)
    errors = 0
    for _ in range(2):
        for path in paths:
            result = _drive(port, cookie, [path], clients, seconds)
            answered, elapsed = _rate(result, path)
            served[path] += answered
            spent[path] += elapsed
            errors += _errors(result["paths"][path])
    if errors:
        print(f"WARNING: {errors} errors while measuring pages per second", file=sys.stderr)
    return {path: served[path] / spent[path] for path in paths}


def _rate_row(label: str, rate: float, trivial_rate: float) -> Row:
    clients, _ = _rate_clients()
    name = f"{label} vs trivial view, pages/s ({clients} clients)"
    return row(name, round(rate, 1), "pages/s", round(trivial_rate, 1), round(rate / trivial_rate, 3))


def _under_load(port: int, cookie: str, paths: list[str]) -> list[Row]:
    clients, seconds = _setting("BENCH_LOAD_CLIENTS", 50), _setting("BENCH_LOAD_SECONDS", 60)
    result = _drive(port, cookie, paths, clients, seconds)
    entries = result["paths"]
    everything = sorted(value for entry in entries.values() for value in entry["latencies_ms"])
    total = sum(entry["count"] for entry in entries.values())
    errors = sum(_errors(entry) for entry in entries.values())
    if errors:
        kinds = {path: entry["errors"] for path, entry in entries.items() if entry["errors"]}
        print(f"WARNING: {errors} errors under load: {kinds}", file=sys.stderr)
    if result["unfinished_clients"]:
        print(f"WARNING: {result['unfinished_clients']} clients did not finish in time", file=sys.stderr)
    label = f"load, {clients} clients × {seconds} s (cockpit + API)"
    rows = [
        row(f"{label}: requests", total, "requests"),
        row(f"{label}: throughput", round(total / result["seconds"], 1), "requests/s"),
        row(f"{label}: errors", errors + result["unfinished_clients"], "errors"),
    ]
    for percent in (50, 95, 99):
        rows.append(row(f"{label}: latency p{percent}", round(_percentile(everything, percent), 1), "ms"))
    for path, entry in entries.items():
        ordered = sorted(entry["latencies_ms"])
        rows.append(row(f"{label}: {path} p95 ({entry['count']} requests)", round(_percentile(ordered, 95), 1), "ms"))
    return rows


def _prepare_database() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    if not get_user_model().objects.filter(username=DEMO_USER).exists():
        from regionpulse.demo.load import load_all

        print("loading the demo data", file=sys.stderr, flush=True)
        load_all()
    call_command("collectstatic", interactive=False, verbosity=0)
    # The server's processes open their own connections; this one is not needed while they run.
    connection.close()


def run() -> list[Row]:
    _prepare_database()
    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="rp-bench-load-"))
    try:
        return _measure(port, folder / "server.log")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(port: int, log: Path) -> list[Row]:
    from regionpulse.core.periods import Period

    with server(port, log):
        cookie, how = _signed_in(port)
        cockpit = _cockpit_path(port, cookie)
        region, period = cockpit.strip("/").split("/")[1:3]
        paths = [cockpit, *(path.format(region=region, period=Period.parse(period).iso) for path in API_PATHS)]
        print(f"server on {HOST}:{port}, signed in by the {how}; paths: {', '.join(paths)}", file=sys.stderr)
        for path in [TRIVIAL, *paths]:
            status, _, _ = _request(port, "GET", path, {"Cookie": cookie})
            if status != 200:
                raise RuntimeError(f"{path} answered {status} before the load started")
        rates = _pages_per_second(port, cookie, [TRIVIAL, cockpit])
        rows = [_rate_row(f"cockpit page {cockpit}", rates[cockpit], rates[TRIVIAL])]
        rows += _under_load(port, cookie, paths)
    # The same page computed at every view, as the first view after a record changes is.
    with server(port, log, cached=False):
        uncached = _pages_per_second(port, cookie, [cockpit])[cockpit]
    rows.insert(1, _rate_row(f"cockpit page {cockpit}, computed every time", uncached, rates[TRIVIAL]))
    return rows


if __name__ == "__main__":
    main(run)
