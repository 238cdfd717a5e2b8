"""``make bench``: generate nationwide data, serve it with gunicorn and a real Celery worker on
PostgreSQL, and measure it over HTTP from this (second) process (bench/README.md).

Every figure is given beside a bare view on the same server in the same run (``/zones/suggest/``
without a query: session, user, an empty JSON answer) and as a ratio to it, at 1 and 10 clients.
Results go to ``bench/results/<timestamp>.json`` and a table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
# the server and this process share the key: the sessions made here log the clients in there
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
BARE = "/zones/suggest/"
ZONE_CODE = re.compile(r"z\d{5}")
USERS = ["bench_province_admin", "bench_city", "bench_zone"]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session_cookie(username: str) -> str:
    """A logged-in session for ``username``, made in the database the server reads."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def fetch(base: str, path: str, cookie: str, gzip: bool = True) -> tuple[float, int, int]:
    headers = {"Cookie": cookie, "Accept-Encoding": "gzip" if gzip else ""}
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 (our own server)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (our own server)
        body = response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status, len(body)


def load(base: str, path: str, cookie: str, clients: int, per_client: int) -> dict[str, Any]:
    timings: list[float] = []
    sizes: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(per_client):
            try:
                ms, status, size = fetch(base, path, cookie)
            except (urllib.error.URLError, TimeoutError) as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                timings.append(ms)
                sizes.append(size)
                if status != 200:
                    errors.append(str(status))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not timings:
        return {"errors": errors[:3]}
    return {
        "p50": round(pct(timings, 50), 1),
        "p95": round(pct(timings, 95), 1),
        "p99": round(pct(timings, 99), 1),
        "bytes": int(statistics.median(sizes)),
        "n": len(timings),
        "errors": errors[:3],
    }


def query_counts(paths: list[str], users: list[str]) -> dict[str, dict[str, int]]:
    """Queries per request, in this process, for each user (warm), to compare scopes of 10 and many zones."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, dict[str, int]] = {}
    # this process runs with the production defaults (DEBUG off): without these every answer was
    # the HTTPS redirect or a bad host, 0 queries for both scopes, and "equal" meant nothing
    with override_settings(SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["testserver"]):
        for username in users:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            counts[username] = {}
            for path in paths:
                client.get(path)
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(path)
                assert response.status_code == 200, (username, path, response.status_code)
                counts[username][path] = len(ctx.captured_queries)
    return counts


def freshness(base: str, cookie: str, repeat: int) -> list[float]:
    """Seconds from a boundary change (PATCH through the API) to its figures recomputed by the worker."""
    from zones.models import ZoneArea

    area = ZoneArea.objects.filter(zone__city__parent__code="110000", slug="catalogue").select_related("zone").first()
    assert area is not None
    csrf = "benchcsrftoken0123456789abcdefgh"
    seconds = []
    for k in range(repeat):
        geometry = json.loads(json.dumps(area.geometry))
        ring = geometry["coordinates"][0]
        ring[1][0] += 0.0001 * (k + 1)
        body = json.dumps({"geometry": geometry}).encode()
        request = urllib.request.Request(  # noqa: S310 (our own server)
            f"{base}/api/v1/zones/{area.zone.code}/areas/catalogue/",
            data=body,
            method="PATCH",
            headers={
                "Cookie": f"{cookie}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Content-Type": "application/json",
                "Referer": base + "/",
            },
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            assert response.status == 200, response.status
        while True:
            row = ZoneArea.objects.values("geometry_version", "computed_version").get(pk=area.pk)
            if row["computed_version"] >= row["geometry_version"]:
                break
            if time.perf_counter() - started > 60:
                break
            time.sleep(0.02)
        seconds.append(round(time.perf_counter() - started, 3))
    return seconds


def analyze() -> float:
    """``ANALYZE`` the project's tables once the data is in (seconds taken).

    The generator bulk-inserts millions of rows; until the planner has statistics it guesses a
    handful of rows per table and picks nested loops that cost 20–50 × (the region totals of a
    recompute run: 0.45 s of SQL instead of 0.02 s). A production server's autovacuum analyzes
    after bulk loads; this machine's PostgreSQL runs with ``autovacuum = off``, so the benchmark
    does it itself rather than measure plans no deployment would have.
    """
    from django.db import connection

    started = time.perf_counter()
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return round(time.perf_counter() - started, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=2543)
    parser.add_argument("--no-generate", action="store_true")
    parser.add_argument("--requests", type=int, default=10, help="requests per client")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--skip-jobs", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    import bench
    from bench.generate import generate

    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), "make bench runs on PostgreSQL"
    result: dict[str, Any] = {"machine": machine(), "started": datetime.now(UTC).isoformat(), "zones": args.zones}
    call_command("migrate", verbosity=0)
    if not args.no_generate:
        started = time.perf_counter()
        info = generate(args.zones)
        for app in bench.apps():
            info[app.__name__] = app.generate(args.zones)
        result["generate"] = {"seconds": round(time.perf_counter() - started, 1), **info}
        print(f"generated in {result['generate']['seconds']}s: {info}", flush=True)
    result["analyze_seconds"] = analyze()
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback (TLS ends at the proxy in production)
    }
    env.setdefault("RECOMPUTE_DEBOUNCE_SECONDS", "1")
    logs = ROOT / "bench" / "results"
    logs.mkdir(exist_ok=True)
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "devzone.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(logs / "gunicorn.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "devzone",
            "worker",
            "-Q",
            "default,reports",
            "-c",
            "1",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(logs / "worker.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/health/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        result["load_before"] = os.getloadavg()
        rows = []
        for username in USERS:
            user = get_user_model().objects.get(username=username)
            cookie = session_cookie(username)
            paths = [p for app in bench.apps() for p in app.urls(user)]
            for clients in (1, 10):
                bare = load(base, BARE, cookie, clients, args.requests)
                for path in paths:
                    figure = load(base, path, cookie, clients, args.requests)
                    ratio = round(figure["p50"] / bare["p50"], 1) if "p50" in figure and bare.get("p50") else None
                    rows.append(
                        {
                            "user": username,
                            "path": path,
                            "clients": clients,
                            **figure,
                            "bare_p50": bare.get("p50"),
                            "ratio_p50": ratio,
                        }
                    )
                    print(
                        f"{username:<22}{path:<46}{clients:>3}  p50 {figure.get('p50')} p95 {figure.get('p95')}"
                        f" p99 {figure.get('p99')}  bare {bare.get('p50')}  ×{ratio}  {figure.get('bytes')} B",
                        flush=True,
                    )
        result["http"] = rows
        admin_cookie = session_cookie("bench_province_admin")
        result["freshness_seconds"] = freshness(base, admin_cookie, 5)
        print(f"freshness (s): {result['freshness_seconds']}", flush=True)
        result["load_after"] = os.getloadavg()
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    small = get_user_model().objects.get(username="bench_small_admin")
    big = get_user_model().objects.get(username="bench_province_admin")
    # the lists, not one zone's pages (a zone of the small scope is not in the big one)
    paths = [p for app in bench.apps() for p in app.urls(small) if "?region=" not in p and not ZONE_CODE.search(p)]
    counts = query_counts(paths, [small.username, big.username])
    result["query_counts"] = counts
    result["query_counts_equal"] = counts[small.username] == counts[big.username]
    print(
        f"query counts equal for 10 and {args.zones} zones' scopes: {result['query_counts_equal']} {counts}", flush=True
    )
    if not args.skip_jobs:
        result["jobs"] = []
        for app in bench.apps():
            for name in getattr(app, "jobs", dict)():
                out = subprocess.run(  # noqa: S603
                    [sys.executable, str(ROOT / "bench" / "jobs.py"), f"{app.__name__.split('.')[-1]}.{name}"],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                line = (
                    out.stdout.strip().splitlines()[-1]
                    if out.stdout.strip()
                    else json.dumps({"job": name, "error": out.stderr[-500:]})
                )
                result["jobs"].append(json.loads(line))
                print(line, flush=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (logs / f"{stamp}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    print(f"results: bench/results/{stamp}.json")
    if not result["query_counts_equal"]:
        sys.exit("query counts differ between a scope of 10 zones and the big province")


def machine() -> dict[str, Any]:
    import platform

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load": os.getloadavg(),
    }


if __name__ == "__main__":
    main()
