"""Every API endpoint and domain page × every role × in/out of scope (DESIGN "Tenancy").

The rows come from ``tests/tenancy/matrix.py`` (the platform's) and every ``tests/<app>/matrix.py``
(ADR 0009), imported here.

The PDF reports are requested end to end — parameters validated and scoped, the report's rows
read and its HTML rendered from its template, sized, laid out by WeasyPrint and streamed — except
that WeasyPrint lays out the report's ``<head>`` (its page furniture: title, scope, generator)
over an empty body instead of every table (``pdfs_without_their_body``). Who may get which PDF
is decided before layout (``OutOfScope`` → 404 in ``prepare``); what the PDFs hold is proven by
``tests/reports``, ``tests/platform/test_pdf_figures.py`` and each app's PDF tests, which lay out
the whole document. Laying out every report for every role here took ~90 s of the suite.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from devzone.imports import registry as importers
from devzone.reports import registry as reports
from devzone.tenancy import visible_zones
from tests.tenancy.matrix import MATRIX, ROLES, SCOPES, Req, covered_path
from zones.models import Region, RegionLevel, Zone

TESTS = Path(__file__).resolve().parent.parent


def collect_rows() -> list[str]:
    """Import every app's ``tests/<app>/matrix.py``: importing it registers its rows."""
    found = []
    for info in pkgutil.iter_modules([str(TESTS)]):
        if info.ispkg and (TESTS / info.name / "matrix.py").exists():
            import_module(f"tests.{info.name}.matrix")
            found.append(info.name)
    return found


collect_rows()


def api_url_names() -> set[str]:
    """Every named URL pattern under /api/v1/ in the real URL conf."""
    names: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and route.startswith("api/v1/") and p.name:
                names.add(p.name)

    walk(get_resolver().url_patterns, "")
    return names


def page_url_names() -> set[str]:
    """Every named page of the domain apps (``zones:detail``, ``plans:edit``): namespaced URL
    patterns whose URL conf is a module of an app outside ``devzone/`` (not the admin), and the
    platform pages whose URL conf says ``TENANCY_MATRIX = True`` (``accounts:``)."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = namespace
                if p.namespace:
                    module = getattr(p.urlconf_module, "__name__", "")
                    platform = module.startswith("devzone") and not getattr(p.urlconf_module, "TENANCY_MATRIX", False)
                    inner = p.namespace if module and not platform else None
                walk(p.url_patterns, inner)
            elif isinstance(p, URLPattern) and namespace and p.name:
                names.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_api_endpoint_has_a_matrix_row() -> None:
    api_rows = {name for name in MATRIX if ":" not in name}
    missing = api_url_names() - api_rows
    assert not missing, f"endpoints without a tenancy matrix row: {sorted(missing)}"
    assert not api_rows - api_url_names(), "matrix rows for endpoints that no longer exist"


def test_every_domain_page_has_a_matrix_row() -> None:
    assert "zones" in collect_rows()
    pages = page_url_names()
    assert {"zones:detail", "plans:detail"} <= pages
    page_rows = {name for name in MATRIX if ":" in name}
    assert not pages - page_rows, f"pages without a tenancy matrix row: {sorted(pages - page_rows)}"
    assert not page_rows - pages, "matrix rows for pages that no longer exist"


def test_every_report_importer_and_export_has_rows() -> None:
    covered = {tag for rows in MATRIX.values() for row in rows for tag in row.covers}
    wanted = {f"report:{r.slug}" for r in reports.all_reports()}
    wanted |= {f"{kind}:{name}" for name in importers.names() for kind in ("import", "export")}
    assert not wanted - covered, f"no matrix row covers {sorted(wanted - covered)}"


@pytest.fixture
def other_province(demo: Any) -> Zone:
    """A zone in another province: outside every Liaoning role's scope."""
    jilin = Region.objects.create(code="220000", name="吉林省", level=RegionLevel.PROVINCE)
    changchun = Region.objects.create(code="220100", name="长春市", level=RegionLevel.CITY, parent=jilin)
    return Zone.objects.create(
        code="jilin-changchun-etdz", name="长春经济技术开发区", kind="national_etdz", level="national", city=changchun
    )


def client_for(role: str | None) -> APIClient:
    """Authenticated for the API and, with a session, for the pages."""
    from django.contrib.auth import get_user_model

    client = APIClient()
    if role:
        user = get_user_model().objects.get(username=role)
        client.force_authenticate(user)
        client.force_login(user)
    return client


def check(client: APIClient, req: Req, role: str | None, laid_out: list[str] | None = None) -> None:
    call = getattr(client, req.method)
    before = len(laid_out) if laid_out is not None else 0
    response = call(req.path, req.data, format=req.format) if req.data is not None else call(req.path)
    expected = req.expected(role)
    assert response.status_code == expected, (
        f"{role} {req.method.upper()} {req.path}: {response.status_code} != {expected}: {getattr(response, 'data', '')}"
    )
    if response.status_code == 200 and response.get("Content-Type") == "application/pdf":
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert content.startswith(b"%PDF-"), f"{role} {req.path}: not a PDF"
        if laid_out is not None and "/reports/jobs/" not in req.path:  # a job's PDF was laid out when it ran
            assert len(laid_out) > before, f"{role} {req.path}: a PDF answered without laying out the report"
    if req.zone_field and response.status_code == 200 and role:
        from django.contrib.auth import get_user_model

        allowed = set(visible_zones(get_user_model().objects.get(username=role)).values_list("code", flat=True))
        rows = response.data["results"]
        shown = {row[req.zone_field] for row in rows}
        assert shown <= allowed, f"{role} sees foreign rows {shown - allowed} at {req.path}"
        assert SCOPES[role][1] not in shown


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name: str, role: str | None, other_province: Zone, pdfs_without_their_body: list[str]) -> None:
    zin, zout = SCOPES[role]
    client = client_for(role)
    for row in MATRIX[name]:
        reqs = row.build(role, zin, zout)
        for tag in row.covers:
            assert any(covered_path(tag) in req.path for req in reqs), f"{name}: no request exercises {tag}"
        for req in reqs:
            check(client, req, role, pdfs_without_their_body)
