"""Assessment at nationwide scale (issue 13 "Recompute"): a year's full recompute beside a
hand-written SQL floor, and freshness with a real worker.

* ``generate_assessment(year)`` — both groups' default systems for ``year`` (every indicator read
  as an entered value, so the SQL floor and the worker score the same inputs), one annual value
  per zone and indicator, and a benchmark per zone, in bulk.
* ``time_recompute(year)`` — the worker's consumer (``assessment.group``) for every group, from
  scratch (scores → ranks → grades → consequences → pools, a new result set written and made
  current), against one SQL statement computing the same scores and ranks with window
  functions; checks that both give the same score and rank for every zone and prints the ratio.
* ``time_freshness(n)`` — starts a real Celery worker on this database and the broker of
  ``CELERY_BROKER_URL``, changes a benchmark through the API and polls the pay-pool API until
  the new pool is there and not stale; p50/p95 over ``n`` changes.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

FLOOR_SQL = """
WITH ind AS (
    SELECT i.id, i.code, i.weight, i.direction, i.method, i.benchmark_value, i.deduction_per_unit, s."group",
           s.total_points
    FROM assessment_indicator i
    JOIN assessment_dimension d ON d.id = i.dimension_id
    JOIN assessment_indicatorsystem s ON s.id = d.system_id
    WHERE s.year = %(year)s
), zones AS (
    SELECT z.id AS zone_id, z.level AS "group" FROM zones_zone z
    WHERE z.status IN ('active', 'warned', 'rectifying')
), cell AS (
    SELECT zs.zone_id, zs."group", ind.id AS indicator_id, ind.weight, ind.direction, ind.method,
           ind.benchmark_value, ind.deduction_per_unit, v.value,
           MIN(v.value) OVER w AS lo, MAX(v.value) OVER w AS hi
    FROM zones zs
    JOIN ind ON ind."group" = zs."group"
    LEFT JOIN assessment_indicatorvalue v
           ON v.zone_id = zs.zone_id AND v.indicator_id = ind.id AND v.period = 'Y' AND v.year = %(year)s
    WINDOW w AS (PARTITION BY ind.id)
), points AS (
    SELECT zone_id, "group",
      CASE
        WHEN value IS NULL THEN 0
        WHEN method = 'efficacy' THEN ROUND(weight * (CASE WHEN hi = lo THEN 100 ELSE
             %(floor)s + (100 - %(floor)s) *
             (CASE WHEN direction = 'lower' THEN (hi - value) ELSE (value - lo) END) / (hi - lo) END) / 100, 2)
        WHEN method = 'ratio' THEN CASE WHEN COALESCE(benchmark_value, 0) <= 0 THEN 0 ELSE ROUND(weight *
             (CASE WHEN direction = 'lower' THEN CASE WHEN value <= 0 THEN 1 ELSE LEAST(1, benchmark_value / value) END
              ELSE LEAST(1, GREATEST(0, value / benchmark_value)) END), 2) END
        ELSE ROUND(GREATEST(0, weight - COALESCE(deduction_per_unit, 0) * GREATEST(value, 0)), 2)
      END AS pts
    FROM cell
), total AS (
    SELECT zone_id, "group", SUM(pts) AS score FROM points GROUP BY zone_id, "group"
)
SELECT zone_id, "group", score, RANK() OVER (PARTITION BY "group" ORDER BY score DESC) AS rank FROM total
"""


def generate_assessment(year: int, seed: int = 13) -> dict[str, int]:
    from assessment import services
    from assessment.models import Benchmark, Indicator, IndicatorValue
    from zones.models import Zone

    rng = random.Random(seed)
    services.ensure_rule_set()
    for group in ("national", "provincial"):
        services.ensure_system(year, group)
    Indicator.objects.filter(dimension__system__year=year).update(source="entered")
    indicators = list(Indicator.objects.filter(dimension__system__year=year).select_related("dimension__system"))
    zones = list(Zone.objects.values_list("pk", "level"))
    values = []
    for zone_id, level in zones:
        for ind in indicators:
            if ind.dimension.system.group != level:
                continue
            if ind.method == "deduction":
                value = Decimal(rng.choice([0, 0, 0, 1, 2]))
            elif ind.method == "ratio":
                value = Decimal(rng.randint(1, 30))
            else:
                value = Decimal(rng.randint(1, 100000)) / 100
            values.append(IndicatorValue(zone_id=zone_id, indicator=ind, year=year, period="Y", value=value))
    IndicatorValue.objects.bulk_create(values, batch_size=5000)
    Benchmark.objects.bulk_create(
        [
            Benchmark(zone_id=z, year=year, benchmark_per_capita=Decimal(rng.randint(40000, 90000)), headcount=60)
            for z, _level in zones
        ],
        batch_size=5000,
    )
    return {"values": len(values), "benchmarks": len(zones)}


def floor(year: int) -> tuple[float, dict[int, tuple[Decimal, int]]]:
    from django.db import connection

    from assessment.services import rule_set_for

    rule_set = rule_set_for(year)
    assert rule_set is not None
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(FLOOR_SQL, {"year": year, "floor": rule_set.efficacy_floor})
        rows = cur.fetchall()
    return time.perf_counter() - t0, {zone: (score, rank) for zone, _group, score, rank in rows}


def time_recompute(year: int, repeat: int = 3) -> dict[str, Any]:
    from assessment.models import ResultSet, ZoneResult
    from assessment.recompute import recompute_group

    ours, theirs = [], []
    sql: dict[int, tuple[Decimal, int]] = {}
    for _ in range(repeat):
        ResultSet.objects.filter(year=year).delete()
        t0 = time.perf_counter()
        for group in ("national", "provincial"):
            recompute_group(group, year)
        ours.append(time.perf_counter() - t0)
        seconds, sql = floor(year)
        theirs.append(seconds)
    stored = {
        z: (s, r)
        for z, s, r in ZoneResult.objects.filter(result_set__is_current=True, year=year).values_list(
            "zone_id", "score", "rank"
        )
    }
    mismatches = [z for z in sql if sql[z] != stored.get(z)]
    return {
        "zones": len(stored),
        "recompute_s": statistics.median(ours),
        "sql_s": statistics.median(theirs),
        "ratio": statistics.median(ours) / statistics.median(theirs),
        "mismatches": len(mismatches),
    }


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable, "-m", "celery", "-A", "devzone", "worker", "-Q", "default", "--pool", "prefork",
        "--concurrency", "1", "-l", "warning", "--without-mingle", "--without-gossip", "-n", f"bench-{os.getpid()}@%h",
    ]  # fmt: skip
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)  # noqa: S603


def time_freshness(year: int, changes: int = 10, timeout: float = 300.0) -> dict[str, Any]:
    """Change via API → new pool visible via API, with a real worker (needs CELERY_BROKER_URL)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from assessment.models import Benchmark
    from devzone.celery import app
    from devzone.tenancy import visible_zones

    if settings.CELERY_TASK_ALWAYS_EAGER:
        raise SystemExit("time_freshness needs CELERY_BROKER_URL (a Redis) to run a real worker")
    app.control.purge()
    worker = _worker(dict(os.environ), Path(tempfile.gettempdir()) / f"bench-worker-{os.getpid()}.log")
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5) and time.monotonic() < deadline:
            time.sleep(0.5)
        admin = get_user_model().objects.get(username="bench_province_admin")
        client = APIClient()
        client.force_authenticate(admin)
        samples = []
        rows = list(
            Benchmark.objects.filter(year=year, zone__in=visible_zones(admin))
            .select_related("zone")
            .order_by("?")[:changes]
        )
        for k, bench in enumerate(rows):
            new = f"{70000 + k}.00"
            t0 = time.perf_counter()
            r = client.patch(
                f"/api/v1/assessment/benchmarks/{bench.pk}/", {"benchmark_per_capita": new}, format="json", secure=True
            )
            assert r.status_code == 200, r.content
            url = f"/api/v1/assessment/pay-pools/?zone={bench.zone.code}&year={year}"
            while True:
                body = client.get(url, secure=True).json()["results"]
                if body and not body[0]["stale"] and body[0]["benchmark_per_capita"] == new:
                    break
                if time.perf_counter() - t0 > timeout:
                    raise RuntimeError(f"no fresh pool for {bench.zone.code} in {timeout} s")
                time.sleep(0.1)
            samples.append(time.perf_counter() - t0)
        samples.sort()
        return {
            "changes": len(samples),
            "p50_s": statistics.median(samples),
            "p95_s": samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        }
    finally:
        worker.terminate()
        worker.wait(timeout=60)


# --- the bench convention (bench/__init__.py) ---------------------------------------------------

BENCH_YEAR = 2025


def generate_internal(year: int, seed: int = 14) -> dict[str, int]:
    """Internal grades with the five-part breakdown (ADR 0504) for every department and person
    the bench's staffing data holds, each zone's internal year closed — so the internal pages,
    the grades APIs and the headcount proposals are measured at scale. In bulk, no history."""
    from django.utils import timezone

    from assessment import rules, services
    from assessment.models import DepartmentGrade, InternalYear, StaffGrade
    from staffing.models import Staff
    from zones.plans.models import EstablishmentUnit

    rng = random.Random(seed)
    weights = services.internal_weights(services.rule_set_for(year))

    def graded() -> dict[str, Any]:
        parts = {k: Decimal(rng.randint(4000, 10000)) / 100 for k in rules.PARTS}
        score = rules.internal_score(parts, weights)
        grade = "S" if score >= 92 else "A" if score >= 85 else "B" if score >= 75 else "C" if score >= 62 else "D"
        return {"grade": grade, "score": score, **parts}

    done_d = set(DepartmentGrade.objects.filter(year=year).values_list("department_id", flat=True))
    units = EstablishmentUnit.objects.exclude(pk__in=done_d).values_list("pk", "establishment__zone_id", "name")
    departments = [
        DepartmentGrade(zone_id=z, department_id=u, department_name=name, year=year, **graded()) for u, z, name in units
    ]
    DepartmentGrade.objects.bulk_create(departments, batch_size=5000)
    done_s = set(StaffGrade.objects.filter(year=year).values_list("staff_id", flat=True))
    staff = Staff.objects.exclude(pk__in=done_s).values_list("pk", "zone_id")
    people = [StaffGrade(zone_id=z, staff_id=s, year=year, **graded()) for s, z in staff]
    StaffGrade.objects.bulk_create(people, batch_size=5000)
    zones = {z for _u, z, _n in units} | {z for _s, z in staff}
    have = set(InternalYear.objects.filter(year=year).values_list("zone_id", flat=True))
    InternalYear.objects.bulk_create(
        [InternalYear(zone_id=z, year=year, closed_at=timezone.now()) for z in zones - have], batch_size=5000
    )
    return {"department_grades": len(departments), "staff_grades": len(people)}


def time_internal(year: int) -> dict[str, Any]:
    """Grade every department and person staffing's bench holds (``generate_internal``: apps
    generate in name order, so this runs as a job, after staffing's data), then time what reads
    them at scale: the province's headcount proposals, a big zone's internal sheet, and the
    province admin's 待办 (missing values of every open year across every zone)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from assessment import selectors
    from assessment.models import StaffGrade
    from assessment.todos import assessment_todos
    from zones.models import Zone

    made = generate_internal(year)
    admin = get_user_model().objects.get(username="bench_province_admin")  # bench/run.py USERS
    out: dict[str, Any] = {**made}
    biggest = StaffGrade.objects.filter(year=year).values("zone_id").annotate(n=Count("id")).order_by("-n").first()
    checks = {
        "headcount_proposals": lambda: selectors.headcount_proposals(admin, year),
        "todos_province": lambda: assessment_todos(admin),
    }
    if biggest:
        zone = Zone.objects.get(pk=biggest["zone_id"])
        checks["internal_sheet_biggest_zone"] = lambda: selectors.internal_sheet(zone, year)
        out["biggest_zone_people"] = biggest["n"]
    for name, run in checks.items():
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            found = run()
            took = time.perf_counter() - started
        out[name] = {"seconds": round(took, 3), "queries": len(ctx.captured_queries),
                     "rows": len(found) if hasattr(found, "__len__") else None}  # fmt: skip
    return out


def generate(zones: int) -> dict[str, Any]:
    """The year's values and benchmarks, then its results and pools computed once here (the bulk
    inserts owe no recompute), so the timed lists read a full current result set."""
    from django.db import transaction

    from assessment.recompute import pay_owed
    from assessment.services import owe

    counts = generate_assessment(BENCH_YEAR)
    with transaction.atomic():
        for group in ("national", "provincial"):
            owe(group, BENCH_YEAR)
    counts["recomputes"] = pay_owed("bench-generate")
    return counts


def urls(user: Any) -> list[str]:
    return [
        f"/api/v1/assessment/results/?year={BENCH_YEAR}&group=provincial&page_size=500",
        f"/api/v1/assessment/pay-pools/?year={BENCH_YEAR}&page_size=500",
        f"/api/v1/assessment/internal-grades/?year={BENCH_YEAR}&page_size=500",
        f"/api/v1/assessment/department-grades/?year={BENCH_YEAR}&page_size=500",
        f"/assessment/internal/?year={BENCH_YEAR}",
    ]


def jobs() -> dict[str, Any]:
    """A year's full recompute (both groups) beside the window-function SQL floor, in a child process.

    Freshness with its own real worker: ``python -m bench.assessment --freshness 10``.
    """

    def recompute() -> dict[str, Any]:
        return time_recompute(BENCH_YEAR, repeat=1)

    def internal() -> dict[str, Any]:
        return time_internal(BENCH_YEAR)

    return {"assessment_recompute": recompute, "assessment_internal": internal}


if __name__ == "__main__":  # pragma: no cover - a benchmark entry point
    import argparse

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
    django.setup()
    parser = argparse.ArgumentParser(description="assessment freshness with a real worker")
    parser.add_argument("--freshness", type=int, default=10, help="benchmark changes timed")
    found = time_freshness(BENCH_YEAR, parser.parse_args().freshness)
    print(f"assessment freshness over {found['changes']} changes: p50 {found['p50_s']:.2f}s, p95 {found['p95_s']:.2f}s")
