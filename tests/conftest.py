"""Root fixtures: demo data, API clients per demo role, service checks, a real Celery worker."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
DEMO_USERS = [
    "province_admin",
    "province_staff",
    "city_yingkou",
    "city_dalian",
    "zone_yingkou_hr",
    "zone_dalian_hr",
    "dept_market",
    "auditor",
]


def missing_service(reason: str) -> None:
    """Skip a service test on a bare machine; fail it where services are required (CI)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def redis_url() -> str | None:
    url = os.environ.get("CELERY_BROKER_URL", "")
    return url if url.startswith("redis") else None


def redis_alive(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if "e2e" in item.keywords and not shutil.which("chromium"):
            item.add_marker(pytest.mark.skipif(not REQUIRE_SERVICES, reason="Debian chromium not installed"))


@pytest.fixture
def demo(db: Any) -> None:
    """The demo province, zones and accounts (``manage.py seed_demo``)."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def api_as(demo: Any) -> Callable[[str | None], APIClient]:
    """An API client logged in as a demo user (``None``: anonymous)."""
    from django.contrib.auth import get_user_model

    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(get_user_model().objects.get(username=username))
        return client

    return make


@pytest.fixture
def services() -> str:
    """PostgreSQL and Redis must be there; returns the broker URL."""
    if not on_postgres():
        missing_service("DATABASE_URL does not point at PostgreSQL")
    url = redis_url()
    if url is None:
        missing_service("CELERY_BROKER_URL does not point at Redis")
    if not redis_alive(url):
        missing_service(f"Redis at {url} is not answering")
    return url


class Worker:
    """A real ``celery worker`` process on the test database."""

    def __init__(self, env: dict[str, str], log: Path, args: list[str] | None = None) -> None:
        self.env = env
        self.log = log
        self.args = list(args or [])  # extra command-line arguments, e.g. ["-B", "-s", path] for beat
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        from devzone.celery import app

        cmd = [
            sys.executable, "-m", "celery", "-A", "devzone", "worker", "-Q", "default,reports",
            "--pool", "prefork", "--concurrency", "1", "-l", "info", "--without-mingle", "--without-gossip",
            "-n", f"test-{os.getpid()}@%h", *self.args,
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"celery worker exited: {self.log.read_text()[-3000:]}")
            if app.control.ping(timeout=0.5, destination=[f"test-{os.getpid()}@{os.uname().nodename}"]):
                return
        raise RuntimeError(f"celery worker did not become ready: {self.log.read_text()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        """Kill the worker and its pool children at once (a crash, not a shutdown)."""
        self.stop(signal.SIGKILL)


@pytest.fixture
def celery_worker(services: str, transactional_db: Any, tmp_path: Path) -> Iterator[Worker]:
    """A real Celery worker consuming from Redis and writing to the (committed) test database."""
    from devzone.celery import app

    app.control.purge()
    worker = Worker(worker_env(services), tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()


def worker_env(broker_url: str) -> dict[str, str]:
    """The environment of a worker process: this process's, on the test database and ``broker_url``."""
    from django.db import connection

    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{connection.settings_dict['NAME']}"
    )
    env["CELERY_BROKER_URL"] = broker_url
    return env


@pytest.fixture
def make_celery_worker(services: str, transactional_db: Any, tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Like ``celery_worker``, for tests that choose the broker, extra settings or arguments.

    ``make(broker_url=None, env=None, args=None)`` purges the broker the test process
    publishes to (point it at ``broker_url`` first), starts a worker and returns it; every
    worker started is stopped at the end.
    """
    from devzone.celery import app

    started: list[Worker] = []

    def make(
        *, broker_url: str | None = None, env: dict[str, str] | None = None, args: list[str] | None = None
    ) -> Worker:
        app.control.purge()
        worker = Worker({**worker_env(broker_url or services), **(env or {})}, tmp_path / "worker.log", args)
        started.append(worker)
        worker.start()
        return worker

    yield make
    for worker in started:
        worker.stop()


def pytest_configure(config: Any) -> None:
    # Demo accounts are created per test: a fast hasher keeps that cheap (never in production).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
