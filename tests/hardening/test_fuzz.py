"""Issue 8: schemathesis against the generated OpenAPI schema — every operation, two roles.

In process, on the (seeded) test database: Django's WSGI handler is called through schemathesis'
WSGI transport. Every generated request is sent as the province admin and as Yingkou's zone
officer (token auth), each inside a savepoint rolled back after it, so a DELETE or a revoked token
does not change what the next request finds — no operation is skipped. Deterministic (Hypothesis
``derandomize``), bounded (``FUZZ_EXAMPLES`` schema-valid and half as many schema-invalid
requests per operation; fewer for the PDF reports, which lay out a document each). Path
parameters are, three times in four, replaced by a record the role may see (a generated ``{id}``
almost never is one), so that bodies and query strings get past the 404.

The operations are split over six tests (shards) so that pytest-xdist can spread them; one more
test checks that the shards together cover every operation of the schema.

Asserted: no 5xx and no response that breaks its declared schema. Not asserted: status codes the
schema does not list (schemathesis' ``status_code_conformance``). ``FUZZ_EXPLORE=1`` also reports
schema-valid GETs that are refused (a bound the schema does not declare) and the slowest operations.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import Failure, FailureGroup  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance, response_schema_conformance  # noqa: E402

ROLES = ["province_admin", "zone_yingkou_hr"]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
# Operations whose examples are fewer: each request lays out a PDF (≈0.3–1 s).
SLOW = {"GET /api/v1/reports/{report}.pdf": 2}


@dataclass
class Role:
    username: str
    headers: dict[str, str]
    known: dict[str, list[str]]
    requests: int = 0
    server_errors: int = 0
    schema_violations: int = 0
    rejected_valid: int = 0  # FUZZ_EXPLORE=1 only: a schema-valid GET refused (an undeclared bound)


@dataclass
class Tally:
    operations: int = 0
    app_seconds: float = 0.0
    failures: set[str] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=dict)


@contextmanager
def keeping_the_connection() -> Iterator[None]:
    """No connection recycling around a request: it would close the test's transaction (what
    Django's own test client does around each of its requests)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def known_values(username: str) -> dict[str, list[str]]:
    """Path parameter values the role can see (in the officer's zone: Yingkou coastal)."""
    from devzone.audit.registry import registrations
    from devzone.reports.models import ReportJob
    from powers.models import Delegation, Evaluation, PowerItem
    from zones.models import LandPlot, Plan, PlatformCompany, Region, SocialFunction, Zone

    zone = Zone.objects.get(code="yingkou-coastal")
    user_jobs = ReportJob.objects.filter(user__username=username)
    values = {
        "code": [zone.code, *LandPlot.objects.filter(zone=zone).values_list("code", flat=True)[:2]],
        "zone_code": [zone.code],
        "id": [
            str(pk)
            for qs in (
                Plan.objects.filter(zone=zone),
                PlatformCompany.objects.filter(zone=zone),
                Delegation.objects.filter(zone=zone),
                Evaluation.objects.filter(delegation__zone=zone),
                user_jobs,
            )
            for pk in qs.values_list("pk", flat=True)[:2]
        ],
        "function": list(SocialFunction.objects.filter(zone=zone).values_list("function", flat=True)[:2]),
        "record_id": [str(zone.pk)],
        "model": [r.key for r in registrations()][:4],
    }
    values["code"] += [*PowerItem.objects.values_list("code", flat=True)[:1], Region.objects.get(code="210800").code]
    return {name: [v for v in vs if v] for name, vs in values.items() if vs}


def describe(failure: Failure) -> str:
    """One line: the message and, for a schema violation, where in the response and the schema."""
    where = ""
    if hasattr(failure, "schema_path"):
        where = f" at {'/'.join(map(str, failure.instance_path))} (schema {'/'.join(map(str, failure.schema_path))})"
    return f"{failure.title}: {getattr(failure, '_raw_message', failure.message)[:200]}{where}"


CHECKS = [(not_a_server_error, "server_errors"), (response_schema_conformance, "schema_violations")]
if os.environ.get("FUZZ_EXPLORE"):
    CHECKS.append((positive_data_acceptance, "rejected_valid"))


def fuzz(operation: Any, mode: GenerationMode, app: WSGIHandler, roles: list[Role], tally: Tally) -> None:
    """``operation``'s generated requests, each sent once per role."""
    examples = SLOW.get(operation.label, EXAMPLES)
    if mode is GenerationMode.NEGATIVE:
        examples = max(1, examples // 2)

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), pick=st.integers(0, 3))
    def run(case: Any, pick: int) -> None:
        generated = dict(case.path_parameters or {})
        for role in roles:
            if pick and generated:
                for name in generated:
                    if name in role.known:
                        case.path_parameters[name] = role.known[name][pick % len(role.known[name])]
            sent = time.monotonic()
            with keeping_the_connection(), transaction.atomic():
                response = case.call(app=app, headers=role.headers)
                transaction.set_rollback(True)
            tally.app_seconds += time.monotonic() - sent
            role.requests += 1
            for check, counter in CHECKS:
                if counter == "rejected_valid" and (mode is GenerationMode.NEGATIVE or operation.method != "GET"):
                    continue
                try:
                    case.validate_response(response, checks=[check])
                except (Failure, FailureGroup) as exc:
                    setattr(role, counter, getattr(role, counter) + 1)
                    for failure in exc.exceptions if isinstance(exc, FailureGroup) else [exc]:
                        line = f"{role.username}: {operation.label} {response.status_code}: {describe(failure)}"
                        if response.status_code >= 400:
                            line += f" — {case.path_parameters} {case.query} → {response.text[:300]}"
                        tally.failures.add(line)

    started = time.monotonic()
    try:
        run()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE  # nothing to make invalid (no parameters, no body)
    tally.seconds[operation.label] = tally.seconds.get(operation.label, 0.0) + time.monotonic() - started


# The operations are fuzzed in SHARDS tests (every SHARDS-th operation, in the schema's order) so
# that pytest-xdist spreads them over its workers: as one test it was the suite's longest (~30–60 s)
# and, started late, kept one worker busy alone at the end of the run. Each shard asserts what the
# single test did for its operations; ``test_the_shards_fuzz_every_operation`` that together they
# cover the whole schema. Hypothesis is derandomized per operation, so the requests are the same.
SHARDS = 6
_schema: dict[str, Any] = {}


def api_schema(api_as: Any) -> Any:
    """The served OpenAPI schema (fetched once per process: it is the same for every shard)."""
    if not _schema:
        _schema.update(api_as("province_admin").get("/api/schema/", {"format": "json"}).json())
    return schemathesis.openapi.from_dict(_schema)


def operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def shard_of(index: int) -> int:
    return index % SHARDS


def test_the_shards_fuzz_every_operation(api_as: Any) -> None:
    labels = [operation.label for operation in operations(api_schema(api_as))]
    assert len(labels) >= 70
    assert len(set(labels)) == len(labels)
    shards = [[label for i, label in enumerate(labels) if shard_of(i) == shard] for shard in range(SHARDS)]
    assert sorted(label for shard in shards for label in shard) == sorted(labels)
    assert all(len(shard) >= len(labels) // SHARDS for shard in shards)


@pytest.mark.parametrize("shard", range(SHARDS), ids=lambda shard: f"shard{shard + 1}of{SHARDS}")
def test_every_operation_answers_without_5xx_and_as_declared(api_as: Any, capsys: Any, shard: int) -> None:
    from django.contrib.auth import get_user_model

    from devzone.tenancy.tokens import issue_token

    schema = api_schema(api_as)
    roles = [
        Role(username, {"Authorization": f"Token {issue_token(get_user_model().objects.get(username=username)).key}"},
             known_values(username))
        for username in ROLES
    ]  # fmt: skip
    app, tally = WSGIHandler(), Tally()
    started = time.monotonic()
    for index, operation in enumerate(operations(schema)):
        if shard_of(index) != shard:
            continue
        tally.operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode, app, roles, tally)
    seconds = time.monotonic() - started
    with capsys.disabled():
        # The README's reliability figures are these lines, summed over the shards.
        for role in roles:
            print(
                f"\nschemathesis shard {shard + 1}/{SHARDS} as {role.username}: {tally.operations} operations, "
                f"{role.requests} requests, 5xx: {role.server_errors}, schema violations: {role.schema_violations}"
            )
        took = f"{seconds:.1f} s ({tally.app_seconds:.1f} s in the application)"
        print(f"schemathesis shard {shard + 1}/{SHARDS}: {took}")
        if os.environ.get("FUZZ_EXPLORE"):
            for label, spent in sorted(tally.seconds.items(), key=lambda kv: -kv[1])[:12]:
                print(f"  {spent:5.1f} s  {label}")
    assert tally.operations >= 70 // SHARDS
    for role in roles:
        assert role.requests >= tally.operations * 3
    assert all((r.server_errors, r.schema_violations, r.rejected_valid) == (0, 0, 0) for r in roles), "\n".join(
        sorted(tally.failures)
    )
