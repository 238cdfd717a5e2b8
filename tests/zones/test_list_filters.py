"""One filter per list: the API, the page, the Excel export and the PDF give the same rows.

Each list's filters are one ``FilterSet`` applied inside its selector (ADR 0010), so "export
exactly what is filtered" holds by construction; these tests hold it from the outside, through
the real URLs, for the same query string on every channel.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from devzone.reports import registry as reports
from devzone.reports.rendering import prepare
from tests.imports.workbooks import read

pytestmark = pytest.mark.django_db


def page_client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def api_rows(api_as: Any, username: str, path: str, query: str, key: str = "code") -> list[str]:
    sep = "&" if "?" in path else "?"
    response = api_as(username).get(f"{path}{sep}page_size=500&{query}")
    assert response.status_code == 200, response.data
    return sorted(str(row[key]) for row in response.data["results"])


def export_rows(username: str, importer: str, query: str, column: int = 0) -> list[str]:
    response = page_client(username).get(f"/imports/{importer}/export.xlsx?{query}")
    assert response.status_code == 200, response.content[:500]
    return sorted(str(row[column]) for row in read(response.content)[1:])


def pdf_rows(username: str, slug: str, query: str, key: str) -> list[Any]:
    """What the PDF lists: its parameters parsed exactly as ``/reports/<slug>.pdf`` parses them."""
    from django.http import QueryDict

    report = reports.get(slug)
    assert report is not None
    user = get_user_model().objects.get(username=username)
    prepared = prepare(report, user=user, data=QueryDict(query))
    return sorted(str(row.code) for row in report.context(user, prepared.params)[key])


# ---------------------------------------------------------------------------------------------
# Zones: /api/v1/zones/, /zones/, the zones export, the zone-list PDF


ZONE_QUERIES = [
    "county=210106",  # the known drift: the export used to ignore the county
    "city=210200",
    "city=210200&level=national",
    "kind=provincial_edz&status=active",
    "management_model=committee_company",
    "q=营口",
    "q=长兴岛&county=210213",
    "parent_zone=dalian-etdz",
    "",
]
# A city officer's page offers only the regions of their zones; these stay inside Dalian.
DALIAN_QUERIES = ["county=210213", "city=210200&level=national", "q=长兴岛", "parent_zone=dalian-etdz", ""]


def zone_page_rows(username: str, query: str) -> list[str]:
    response = page_client(username).get(f"/zones/?{query}")
    assert response.status_code == 200
    return sorted(z.code for z in response.context["page"].object_list)


def test_the_zone_export_follows_the_county_filter(demo: None) -> None:
    """Regression: ``?county=210106`` gave 1 zone in the API and all of them in the export."""
    rows = export_rows("province_admin", "zones", "county=210106")
    assert rows == ["shenyang-etdz"]


@pytest.mark.parametrize(
    ("username", "query"),
    [("province_admin", q) for q in ZONE_QUERIES] + [("city_dalian", q) for q in DALIAN_QUERIES],
)
def test_zone_list_api_page_export_and_pdf_give_the_same_rows(
    demo: None, api_as: Any, username: str, query: str
) -> None:
    api = api_rows(api_as, username, "/api/v1/zones/", query)
    assert zone_page_rows(username, query) == api
    assert export_rows(username, "zones", query) == api
    assert pdf_rows(username, "zone-list", query, "zones") == api


def test_a_region_outside_the_users_zones_lists_nothing_and_the_page_says_why(demo: None, api_as: Any) -> None:
    """Dalian's officer asking for a Shenyang county: no rows anywhere; the page, which offers
    only the regions of the user's zones, shows the error next to the field."""
    assert api_rows(api_as, "city_dalian", "/api/v1/zones/", "county=210106") == []
    assert export_rows("city_dalian", "zones", "county=210106") == []
    assert pdf_rows("city_dalian", "zone-list", "county=210106", "zones") == []
    page = page_client("city_dalian").get("/zones/?county=210106")
    assert page.status_code == 400
    assert "选择一个有效的选项。 210106 不在可用的选项中。" in page.content.decode()


@pytest.mark.parametrize("query", ["county=999999", "city=210106", "kind=spaceport", "q=" + "x" * 65])
def test_invalid_zone_filters_are_refused_on_every_channel(demo: None, api_as: Any, query: str) -> None:
    field = query.split("=")[0]
    api = api_as("province_admin").get(f"/api/v1/zones/?{query}")
    assert api.status_code == 400
    assert api.json()["detail"].startswith("输入有误：")
    assert list(api.json()["errors"]) == [field]
    export = api_as("province_admin").get(f"/api/v1/exports/zones.xlsx?{query}")
    assert export.status_code == 400 and list(export.json()["errors"]) == [field]
    assert page_client("province_admin").get(f"/imports/zones/export.xlsx?{query}").status_code == 400
    assert page_client("province_admin").get(f"/zones/?{query}").status_code == 400
    pdf = api_as("province_admin").get(f"/api/v1/reports/zone-list.pdf?{query}")
    assert pdf.status_code == 400 and list(pdf.json()["errors"]) == [field]


# ---------------------------------------------------------------------------------------------
# 一区一策 plans: /api/v1/plans/ and /plans/ (no export or list PDF)


@pytest.mark.parametrize(
    ("username", "query"),
    [
        ("province_staff", "state=submitted"),
        ("province_staff", "state=approved"),
        ("province_staff", "zone=yingkou-coastal"),
        ("province_staff", "zone=dalian-changxing&state=submitted"),
        ("province_staff", ""),
        ("city_dalian", "zone=dalian-changxing"),
        ("city_dalian", "state=approved"),
    ],
)
def test_plan_list_api_and_page_give_the_same_rows(demo: None, api_as: Any, username: str, query: str) -> None:
    api = api_rows(api_as, username, "/api/v1/plans/", query, key="id")
    response = page_client(username).get(f"/plans/?{query}")
    assert response.status_code == 200
    assert sorted(str(p.pk) for p in response.context["page"].object_list) == api


def test_plan_filters_refuse_bad_values_and_out_of_scope_zones_list_nothing(demo: None, api_as: Any) -> None:
    bad = api_as("province_staff").get("/api/v1/plans/?state=lost")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["state"]
    page = page_client("province_staff").get("/plans/?state=lost")
    assert page.status_code == 400 and "lost 不在可用的选项中" in page.content.decode()
    # another city's zone: nothing in the API; the page offers only the user's zones
    assert api_rows(api_as, "city_dalian", "/api/v1/plans/", "zone=yingkou-coastal", key="id") == []
    assert list(page_client("city_dalian").get("/plans/?zone=yingkou-coastal").context["page"].object_list) == []


# ---------------------------------------------------------------------------------------------
# Land plots: /api/v1/zones/{code}/plots/ and the plots export (?zone=…); no page list or PDF


@pytest.mark.parametrize("query", ["use=industrial", "use=supporting", "move_out=true", "move_out=false", ""])
def test_plot_list_api_and_export_give_the_same_rows(demo: None, api_as: Any, query: str) -> None:
    api = api_rows(api_as, "city_yingkou", "/api/v1/zones/yingkou-coastal/plots/", query)
    assert api or query == "use=supporting"  # the demo zone has plots to filter
    assert export_rows("city_yingkou", "plots", f"zone=yingkou-coastal&{query}", column=1) == api


def test_plot_filters_refuse_bad_values(demo: None, api_as: Any) -> None:
    bad = api_as("city_yingkou").get("/api/v1/zones/yingkou-coastal/plots/?use=moon")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["use"]
    export = api_as("city_yingkou").get("/api/v1/exports/plots.xlsx?zone=yingkou-coastal&use=moon")
    assert export.status_code == 400 and list(export.json()["errors"]) == ["use"]


# ---------------------------------------------------------------------------------------------
# Social functions and regions: API lists only (no page list, export or PDF)


def test_social_function_and_region_filters(demo: None, api_as: Any) -> None:
    from zones.registry import selectors
    from zones.registry.models import Region, Zone

    zone = Zone.objects.get(code="yingkou-coastal")
    for state in ("retained", "stripped"):
        api = api_rows(
            api_as, "city_yingkou", "/api/v1/zones/yingkou-coastal/social-functions/", f"state={state}", "function"
        )
        assert api == sorted(f.function for f in selectors.social_function_list(zone=zone, filters={"state": state}))
    bad = api_as("city_yingkou").get("/api/v1/zones/yingkou-coastal/social-functions/?state=gone")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["state"]

    counties = api_rows(api_as, "city_yingkou", "/api/v1/regions/", "level=county&parent=210800")
    assert counties == sorted(
        Region.objects.filter(level="county", parent__code="210800").values_list("code", flat=True)
    )
    assert counties
    bad = api_as("city_yingkou").get("/api/v1/regions/?level=galaxy")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["level"]


def test_filter_labels_survive_the_schema_generator(demo: None) -> None:
    """The schema generator builds the FilterSets' class-level fields; the page and the PDF
    header must still read the Chinese labels afterwards (they read "Kind", "State" once)."""
    from drf_spectacular.generators import SchemaGenerator

    from zones.registry.reports import zone_list_scope

    SchemaGenerator().get_schema(request=None, public=True)
    zones = page_client("province_admin").get("/zones/").content.decode()
    for label in ("搜索", "类型", "级别", "所在市", "所在县(市、区)", "状态", "管理模式", "上级园区"):
        assert f"<label>{label} " in zones, label
    assert "<label>状态 " in page_client("province_staff").get("/plans/").content.decode()
    user = get_user_model().objects.get(username="province_admin")
    assert zone_list_scope(user, {"level": "national"}).endswith("筛选：级别 国家级")
