"""The region totals of a recompute run (issue 9): on PostgreSQL each total is one statement
answering one row — the same sums and the same ``inputs_digest`` as the two-query path — and a
run costs the same number of queries however many areas the province holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from tests.zones.area_cases import square
from zones.areas import recompute, rules
from zones.areas.geometry import outline
from zones.areas.selectors import areas_in_region
from zones.models import Region, Zone, ZoneArea

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def run_all() -> None:
    for pk in ZoneArea.objects.filter(geometry__isnull=False).values_list("pk", flat=True):
        recompute.recompute_area(str(pk))


@pytest.mark.parametrize("code", ["210000", "210800", "210200"])
def test_one_statement_gives_the_two_query_figures(code: str) -> None:
    run_all()
    region = Region.objects.get(code=code)
    areas = areas_in_region(region, "catalogue").filter(computed_km2__isnull=False)
    expected = areas.aggregate(km2=Sum("computed_km2"), n=Count("pk"), zones=Count("zone", distinct=True))
    assert expected["n"]
    digest = rules.inputs_digest(areas.values_list("pk", "computed_version"))
    assert recompute._sums(areas) == (expected["km2"], expected["n"], expected["zones"], digest)
    empty = areas.filter(pk__in=[])
    assert recompute._sums(empty) == (None, 0, 0, rules.inputs_digest([]))


def test_a_run_costs_the_same_queries_with_more_areas_in_the_province() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement totals are PostgreSQL's")
    run_all()
    area = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue")

    def queries() -> int:
        ZoneArea.objects.filter(pk=area.pk).update(geometry_version=area.geometry_version + queries.n)
        queries.n += 1
        with CaptureQueriesContext(connection) as ctx:
            recompute.recompute_area(str(area.pk))
        return len(ctx.captured_queries)

    queries.n = 1  # type: ignore[attr-defined]
    few = queries()
    city = Region.objects.get(code="210800")
    for i in range(6):
        zone = Zone.objects.create(
            code=f"tot-{i}", name=f"合计测试{i}", kind="provincial_edz", level="provincial", city=city
        )
        geometry = square(110 + i, 30, 0.01)  # far away: no neighbour flags to refresh
        other = ZoneArea.objects.create(
            zone=zone, slug="catalogue", kind="catalogue", declared_km2=1, geometry=geometry, outline=outline(geometry)
        )
        recompute.recompute_area(str(other.pk))
    assert queries() == few
    total = city.area_totals.get(kind="catalogue")
    assert total.area_count == areas_in_region(city, "catalogue").filter(computed_km2__isnull=False).count() >= 7
