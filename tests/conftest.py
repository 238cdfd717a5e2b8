"""Root fixtures: demo data, API clients per demo role, service checks, a real Celery worker.

The demo data is seeded once per test database (ADR 0007): ``django_db_setup`` runs
``seed_demo`` right after the migrations, so every test's transaction starts from — and rolls
back to — the seeded database; a test that does not ask for ``demo`` sees it too and must not
assume empty tables (count relative to a baseline, or filter to its own rows). Transactional,
live-server and real-worker tests commit: when one ends, the seeded database is put back from
a snapshot taken right after the seed (``tests/snapshot.py``: DELETE and COPY, ~0.3 s) instead
of Django's flush and a new seed (seconds each); they too start from the demo. Off PostgreSQL
they flush as Django does, and ``demo`` seeds again where its marker (the province admin) is
missing.

With pytest-xdist every worker has its own test database (``test_<name>_gw0``, ...) and its own
Redis database for the real-worker tests: worker N uses the db number of ``CELERY_BROKER_URL``
plus N, so two workers never purge or steal each other's messages.
"""

from __future__ import annotations

import io
import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import TransactionTestCase
from rest_framework.test import APIClient

from tests import snapshot

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


def seed_demo() -> None:
    """``manage.py seed_demo``, quietly."""
    call_command("seed_demo", stdout=io.StringIO())


def demo_seeded() -> bool:
    """Whether the demo is in the database: its province admin is (a flush removes everything)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="province_admin").exists()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """With ``TEST_DB_TEMPLATE=1`` (``make test`` sets it after ``manage.py
    prepare_test_template``), each test database is created as a copy of that migrated, seeded
    database; ``django_db_setup`` below then finds the demo there and does not seed again."""
    if os.environ.get("TEST_DB_TEMPLATE") == "1" and on_postgres():
        from devzone.web.management.commands.prepare_test_template import template_name

        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = template_name()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any, request: pytest.FixtureRequest) -> None:
    """pytest-django's test database, then the demo seeded into it once (committed); a spare
    Celery worker starts booting if a collected test will want one (``SpareWorkers``)."""
    with django_db_blocker.unblock():
        if not demo_seeded():  # a database kept by --reuse-db is seeded already
            seed_demo()
        snapshot.take()
    url = redis_url()
    wanted = any("celery_worker" in getattr(item, "fixturenames", ()) for item in request.session.items)
    if wanted and on_postgres() and url and redis_alive(url):
        request.getfixturevalue("spare_workers").launch(worker_env(url))


def _restore_instead_of_flush(self: Any) -> None:
    """A transactional test ends by putting the seeded snapshot back instead of emptying every
    table (``tests/snapshot.py``): the next one finds the demo without seeding it again."""
    if self.available_apps is not None or self.reset_sequences or self.serialized_rollback or not snapshot.restore():
        _flush(self)


_flush = TransactionTestCase._fixture_teardown
TransactionTestCase._fixture_teardown = _restore_instead_of_flush  # type: ignore[method-assign]


@pytest.fixture
def demo(db: Any) -> None:
    """The demo province, zones and accounts (``manage.py seed_demo``): seeded once per test
    database, again only after a transactional test has flushed it."""
    if not demo_seeded() and not snapshot.restore():
        seed_demo()


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


_names = itertools.count(1)


class Worker:
    """A real ``celery worker`` process on the test database.

    ``queues`` are the queues it consumes from the start; a spare (``SpareWorkers``) is started
    on a queue nobody publishes to and told to consume from the real ones when a test takes it.
    """

    QUEUES = ("default", "reports")

    def __init__(
        self, env: dict[str, str], log: Path, args: list[str] | None = None, queues: tuple[str, ...] = QUEUES
    ) -> None:
        self.env = env
        self.log = log
        self.args = list(args or [])  # extra command-line arguments, e.g. ["-B", "-s", path] for beat
        self.queues = queues
        self.name = f"test-{os.getpid()}-{next(_names)}"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def node(self) -> str:
        return f"{self.name}@{os.uname().nodename}"

    def launch(self) -> None:
        """Start the process; ``wait_ready`` waits for it to answer."""
        cmd = [
            sys.executable, "-m", "celery", "-A", "devzone", "worker", "-Q", ",".join(self.queues),
            "--pool", "prefork", "--concurrency", "1", "-l", "info", "--without-mingle", "--without-gossip",
            "-n", f"{self.name}@%h", *self.args,
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, timeout: float = 60) -> None:
        from devzone.celery import app

        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"celery worker exited: {self.log.read_text()[-3000:]}")
            if app.control.ping(timeout=0.5, destination=[self.node]):
                return
        raise RuntimeError(f"celery worker did not become ready: {self.log.read_text()[-3000:]}")

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def consume(self, queues: tuple[str, ...] = QUEUES) -> None:
        """Consume from ``queues`` as well (Celery's ``add_consumer`` remote control, answered)."""
        from devzone.celery import app

        for queue in queues:
            replies = app.control.add_consumer(queue, destination=[self.node], reply=True, timeout=10)
            if not any(self.node in reply for reply in replies or []):
                raise RuntimeError(f"celery worker {self.node} did not consume from {queue}: {replies}")
        self.queues = (*self.queues, *queues)

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


class SpareWorkers:
    """Starting a worker (importing Django and every app) takes 3–7 s on the shared machine; a
    test that asks for ``celery_worker`` takes a spare started in advance instead: the first when
    the session's test database is ready (if any collected test needs a worker), the next as soon
    as a test has taken one, so it boots while that test runs.

    A spare is a fresh process with the same environment as the test's worker would have (or it
    is not used), started on a queue nobody publishes to — while other tests run, it runs
    nothing — and told to consume from the real queues after they were purged, when a test takes
    it. One per xdist worker; the last one is stopped at the end of the session.
    """

    IDLE = "tests-idle"

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.spare: Worker | None = None

    def launch(self, env: dict[str, str]) -> None:
        self.discard()
        self.spare = Worker(env, self.logs / f"spare-{next(_names)}.log", queues=(self.IDLE,))
        self.spare.launch()

    def take(self, env: dict[str, str]) -> Worker | None:
        spare, self.spare = self.spare, None
        if spare is None or same(spare.env) != same(env) or spare.proc is None or spare.proc.poll() is not None:
            if spare:
                spare.stop()
            return None
        spare.wait_ready()
        return spare

    def discard(self) -> None:
        if self.spare:
            self.spare.stop()
        self.spare = None


def same(env: dict[str, str]) -> dict[str, str]:
    """An environment without the variable pytest changes for every test."""
    return {key: value for key, value in env.items() if key != "PYTEST_CURRENT_TEST"}


@pytest.fixture(scope="session")
def spare_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SpareWorkers]:
    spares = SpareWorkers(tmp_path_factory.mktemp("celery"))
    yield spares
    spares.discard()


@pytest.fixture
def celery_worker(services: str, transactional_db: Any, spare_workers: SpareWorkers) -> Iterator[Worker]:
    """A real Celery worker consuming from Redis and writing to the (committed) test database:
    a fresh process for each test (a spare started in advance, ``SpareWorkers``)."""
    from devzone.celery import app

    env = worker_env(services)
    app.control.purge()
    worker = spare_workers.take(env)
    if worker is None:
        worker = Worker(env, spare_workers.logs / f"worker-{next(_names)}.log", queues=(SpareWorkers.IDLE,))
        worker.start()
    worker.consume()
    spare_workers.launch(env)  # for the next test that needs one: it boots while this one runs
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
    env.setdefault("SECRET_KEY", settings.SECRET_KEY)  # not under pytest: the settings require one
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


def xdist_broker_url(url: str, worker: str) -> str:
    """The Redis URL of xdist worker ``gwN``: the db number of ``url`` plus N."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    if db > 15:
        raise pytest.UsageError(f"xdist worker {worker} would need Redis db {db} of {url}: choose a lower base db")
    return urlunsplit(parts._replace(path=f"/{db}"))


def pytest_configure(config: Any) -> None:
    # Demo accounts are seeded per test database and tests add their own: a fast hasher keeps
    # that cheap (never in production).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise looks for the static files when a request asks for one, as under DEBUG (``make
    # run``), instead of listing and stat-ing all of them (~260 files, with the finders') each time
    # its middleware is made — for every test client's first request: 30–70 ms each, thousands of
    # times a run. No test fetches a static file through the test client (the live server serves
    # them with Django's static handler).
    settings.WHITENOISE_AUTOREFRESH = True
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), redis_url()
    if worker and url:
        # Celery reads the environment variable before its configuration; worker_env passes it on.
        os.environ["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL = xdist_broker_url(url, worker)
