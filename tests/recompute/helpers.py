"""Test tools for the recompute pipeline: a private Redis, a broker switch, row locks, polling.

The private Redis lets a test stop "the broker" without touching the shared Redis other
people use; row locks held from a second PostgreSQL connection stop a real worker at a known
point of a real run (PostgreSQL makes it wait, nothing is replaced).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import missing_service


def wait_for(predicate: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} not met within {timeout:.0f} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A throw-away ``redis-server`` on a free port, no persistence: a restart loses every message."""

    def __init__(self, workdir: Path) -> None:
        if not shutil.which("redis-server"):
            missing_service("redis-server is not installed")
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        cmd = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", str(self.workdir),
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=(self.workdir / "redis.log").open("ab"), stderr=subprocess.STDOUT)
        import redis

        def up() -> bool:
            try:
                return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
            except redis.RedisError:
                return False

        wait_for(up, 10, "private redis-server answering")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


def _reset_publisher_pools() -> None:
    """Drop pooled broker connections, so the next publish connects to the configured broker.

    Celery caches them on the app (``_pool``, ``amqp._producer_pool``; what it resets after a
    fork) and kombu globally (``kombu.pools.reset``).
    """
    import kombu.pools

    from devzone.celery import app

    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def publishing_to(url: str) -> Iterator[None]:
    """Point this process's Celery app (publishing, control) at another broker for a while."""
    from devzone.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager, os.environ.get("CELERY_BROKER_URL"))
    _reset_publisher_pools()
    # Celery prefers the environment variable over its configuration when it connects
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    try:
        assert app.connection_for_write().as_uri().endswith(url.split("//", 1)[1]), "still publishing elsewhere"
        yield
    finally:
        _reset_publisher_pools()
        app.conf.broker_url, app.conf.task_always_eager, env_url = saved
        if env_url is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = env_url


class RowLocks:
    """Row locks held from a second PostgreSQL connection, as a concurrent transaction would."""

    def __init__(self) -> None:
        import psycopg
        from django.db import connection

        params = connection.settings_dict
        self.dbname = params["NAME"]
        self.params = {
            "host": params["HOST"] or "127.0.0.1",
            "port": params["PORT"] or 5432,
            "user": params["USER"],
            "password": params["PASSWORD"] or None,
            "dbname": self.dbname,
        }
        self.conn = psycopg.connect(**self.params)
        self.pid = self.conn.info.backend_pid

    def lock(self, table: str, pk: int) -> None:
        self.conn.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", [pk])  # noqa: S608 (test tables)

    def release(self) -> None:
        self.conn.rollback()

    def waiters(self) -> int:
        """Other sessions on the test database now waiting for a lock."""
        import psycopg

        with psycopg.connect(**self.params, autocommit=True) as probe:
            row = probe.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' AND pid <> %s",
                [self.dbname, self.pid],
            ).fetchone()
            return int(row[0]) if row else 0

    def close(self) -> None:
        self.conn.close()
