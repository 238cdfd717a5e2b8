"""Nationwide-scale delegated-power registers for the benchmarks (issue 10 "Scale").

Shanxi alone delegated 33 provincial and 8 384 city/county powers to its zones (seed 004 §三):
about 300 items in a catalogue, a few dozen per zone. ``generate_powers`` gives every zone of the
bench database ``per_zone`` delegations drawn from a catalogue of ``items`` items, each with its
log rows and dated so that an as-of list differs from today's, in bulk (no services: this is
data for timing reads, not a test of the writes).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

DOMAINS = ["investment", "market", "natural_resources", "planning", "environment", "emergency"]
DEPARTMENTS = ["发展改革", "市场监管", "自然资源", "住房城乡建设", "生态环境", "应急管理"]
STAGES = ["", "", "", "project", "land_planning", "works_planning", "construction", "completion"]


def generate_powers(items: int = 300, per_zone: int = 40, seed: int = 11) -> dict[str, Any]:
    from powers.models import Delegation, DelegationTransition, PowerItem
    from zones.models import Zone

    rng = random.Random(seed)
    catalogue = PowerItem.objects.bulk_create(
        PowerItem(
            code=f"B-{k:05d}",
            name=f"基准事项{k:05d}",
            type=rng.choice(["licence", "confirmation", "filing", "inspection", "penalty", "other"]),
            granting_level=rng.choice(["province", "city", "county"]),
            granting_department=DEPARTMENTS[k % len(DEPARTMENTS)],
            domain=DOMAINS[k % len(DOMAINS)],
            stage=rng.choice(STAGES),
        )
        for k in range(items)
    )
    start = date(date.today().year - 4, 1, 1)
    delegations: list[Any] = []
    plans: list[tuple[date, date | None, str]] = []
    for zone_id in Zone.objects.values_list("pk", flat=True):
        for item in rng.sample(catalogue, min(per_zone, len(catalogue))):
            since = start + timedelta(days=rng.randrange(0, 1300))
            roll = rng.random()
            status = (
                "taken_on" if roll < 0.75 else "deferred" if roll < 0.85 else "withdrawn" if roll < 0.9 else "delegated"
            )
            until = since + timedelta(days=rng.randrange(30, 300)) if status == "withdrawn" else None
            delegations.append(
                Delegation(
                    zone_id=zone_id,
                    item=item,
                    mode="direct",
                    status=status,
                    document_no=f"基准〔{since.year}〕{len(delegations)}号",
                    effective_from=since,
                    effective_to=until,
                    fallback_mode="stationed" if status == "deferred" else "",
                )
            )
            plans.append((since, until, status))
    Delegation.objects.bulk_create(delegations, batch_size=2000)
    log: list[Any] = []
    for d, (since, until, status) in zip(delegations, plans, strict=True):
        log.append(
            DelegationTransition(
                delegation=d, action="delegate", from_state="proposed", to_state="delegated", effective_on=since
            )
        )
        if status in ("taken_on", "withdrawn"):
            log.append(
                DelegationTransition(
                    delegation=d,
                    action="take_on",
                    from_state="delegated",
                    to_state="taken_on",
                    effective_on=since + timedelta(days=60),
                )
            )
        if status == "deferred":
            log.append(
                DelegationTransition(
                    delegation=d,
                    action="defer",
                    from_state="delegated",
                    to_state="deferred",
                    effective_on=since + timedelta(days=30),
                )
            )
        if until is not None:
            log.append(
                DelegationTransition(
                    delegation=d, action="withdraw", from_state="taken_on", to_state="withdrawn", effective_on=until
                )
            )
    DelegationTransition.objects.bulk_create(log, batch_size=5000)
    return {"items": len(catalogue), "delegations": len(delegations), "log": len(log)}


def targets(user: Any) -> list[str]:
    """The register's reads the bench times for ``user``: the delegation list today and as of a
    past date (all its zones, and its first zone), the catalogue, the first zone's register page."""
    from devzone.tenancy import visible_zones

    zone = visible_zones(user).order_by("pk").first()
    past = date(date.today().year - 2, 6, 30).isoformat()
    paths = [
        "/api/v1/powers/delegations/?page_size=500",
        f"/api/v1/powers/delegations/?as_of={past}&page_size=500",
        "/api/v1/powers/items/?page_size=500",
    ]
    paths += ["/powers/figures/", "/powers/delegations/?status=deferred", "/powers/evaluations/"]
    if zone is not None:
        paths += [
            f"/api/v1/powers/delegations/?zone={zone.code}&as_of={past}&page_size=500",
            f"/powers/zones/{zone.code}/?as_of={past}",
            f"/powers/zones/{zone.code}/recorded/?as_of={past}",
        ]
    return paths


def time_import(user: Any, rows: int) -> dict[str, Any]:
    """Import ``rows`` new delegations (new items × the user's zones) from one workbook, all or
    nothing, through the platform importer, in this process; returns the seconds it took."""
    import io
    import time

    from openpyxl import Workbook

    from devzone.imports.services import start_import
    from devzone.tenancy import visible_zones
    from powers.models import PowerItem

    zones = list(visible_zones(user).order_by("code")[:50])
    per_zone = -(-rows // max(len(zones), 1))
    items = PowerItem.objects.bulk_create(
        PowerItem(
            code=f"BI-{k:05d}",
            name=f"导入基准事项{k}",
            type="licence",
            granting_level="province",
            granting_department="发展改革",
            domain="investment",
        )
        for k in range(per_zone)
    )
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "赋权清单"
    sheet.append(["开发区代码", "事项编码", "赋权方式", "状态", "文号", "生效日期"])
    made = 0
    for zone in zones:
        for item in items:
            if made < rows:
                sheet.append([zone.code, item.code, "直接下放", "已承接", f"基准〔2025〕{made}号", date(2025, 3, 1)])
                made += 1
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    started = time.perf_counter()
    run = start_import(user=user, importer_name="power-delegations", fileobj=buffer, file_name="bench.xlsx")
    run.refresh_from_db()
    return {"rows": made, "state": run.state, "seconds": time.perf_counter() - started}


# --- the bench convention (bench/__init__.py) ---------------------------------------------------


def generate(zones: int) -> dict[str, Any]:
    import os

    return generate_powers(per_zone=int(os.environ.get("BENCH_POWERS_PER_ZONE", "10")))


def urls(user: Any) -> list[str]:
    return targets(user)


def jobs() -> dict[str, Any]:
    """The delegation import of issue 10's leftover (10 000 rows, one workbook), in a child process."""

    def import_delegations() -> dict[str, Any]:
        from django.contrib.auth import get_user_model
        from django.test import override_settings

        admin = get_user_model().objects.get(username="bench_province_admin")
        with override_settings(IMPORT_ASYNC_ROWS=10_001):
            result = time_import(admin, 10_000)
        return {k: v for k, v in result.items() if k != "seconds"}

    return {"import_delegations": import_delegations}


# --- the role home at nationwide size (issue 10's leftover: the panel listed every zone) --------


def time_home(username: str = "bench_province_admin", repeat: int = 5) -> dict[str, Any]:
    """``GET /`` for ``username`` in this process (warm, ``repeat`` times): wall time, queries,
    bytes, and each home panel's and 待办 provider's own time and queries — which app is slow."""
    import time

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from devzone.web import nav, todos

    user_model = get_user_model()
    client = Client()
    client.force_login(user_model.objects.get(username=username))
    client.get("/")  # warm: templates, guardian's subqueries
    seconds, queries, size = [], 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/")
        seconds.append(time.perf_counter() - started)
        queries, size = len(captured.captured_queries), len(response.content)
        assert response.status_code == 200, response.status_code
    parts: dict[str, Any] = {}
    providers: list[tuple[str, Any]] = [(f"panel:{key}", panel.context) for key, panel in nav._panels.items()]
    providers += [(f"todos:{name}", provider) for name, provider in todos._providers.items()]
    for name, provider in providers:
        user = user_model.objects.get(username=username)  # a fresh user: nothing remembered
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            provider(user)
        parts[name] = {
            "seconds": round(time.perf_counter() - started, 3),
            "queries": len(captured.captured_queries),
        }
    seconds.sort()
    return {
        "user": username,
        "p50_seconds": round(seconds[len(seconds) // 2], 3),
        "max_seconds": round(seconds[-1], 3),
        "queries": queries,
        "bytes": size,
        "parts": dict(sorted(parts.items(), key=lambda kv: -kv[1]["seconds"])),
    }


if __name__ == "__main__":  # python -m bench.powers home [USERNAME] (against the bench database)
    import json
    import sys

    import django

    django.setup()
    if sys.argv[1:2] == ["home"]:
        name = sys.argv[2] if len(sys.argv) > 2 else "bench_province_admin"
        print(json.dumps(time_home(name), ensure_ascii=False, indent=1))
