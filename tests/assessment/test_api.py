"""Assessment API, pages and PDFs on the seeded demo (no worker: debts are paid in-process with
``pay_owed``, the worker's own code path). Tenancy, staleness, errors, closing, query counts."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assessment import recompute, services
from assessment.models import AssessmentYear, Benchmark, Indicator, IndicatorValue, YearEvent, ZoneResult
from tests.assessment.helpers import BENCHMARKS, POOLS, RESULTS, VALUES, YEAR, by_zone, results
from zones.models import Zone

pytestmark = pytest.mark.django_db


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def test_results_fields_and_the_demo_consequences(api_as: Callable) -> None:
    rows = by_zone(results(api_as("province_admin"), "provincial"))
    row = rows["liaoyang-edz"]
    assert set(row) >= {"zone", "year", "group", "score", "rank", "grade", "consequences", "computed_at", "stale"}
    assert row["stale"] is False and row["rank"] == 3
    codes = {c["code"] for c in row["consequences"]}
    assert "delisting" in codes  # last two years running (demo rule set for a group of three)
    delisting = next(c for c in row["consequences"] if c["code"] == "delisting")
    assert delisting["years"] == [YEAR - 1, YEAR]
    assert "commendation" in {c["code"] for c in rows["yingkou-coastal"]["consequences"]}


def test_zone_officer_sees_own_zone_until_published(api_as: Callable) -> None:
    client = api_as("zone_yingkou_hr")
    assert {r["zone"] for r in results(client, "provincial")} == {"yingkou-coastal"}
    assert results(client, "national") == []
    published = results(client, "provincial", YEAR - 1)  # closed by the province: the ranking is public
    assert len(published) == 3
    # the zone sheets (values) of other zones stay closed
    assert client.get(f"{VALUES}?zone=jinzhou-hitech").json()["results"] == []
    assert client.get(f"{POOLS}?zone=jinzhou-hitech&year={YEAR}").json()["results"] == []


def test_auditor_sees_only_its_years(api_as: Callable) -> None:
    client = api_as("auditor")
    assert {r["zone"] for r in results(client, "provincial")} == {"yingkou-coastal"}  # its period covers YEAR
    assert results(client, "provincial", YEAR - 2) == []  # closed, but outside its period


def test_a_value_makes_results_stale_until_recomputed(api_as: Callable) -> None:
    client = api_as("province_admin")
    ind = Indicator.objects.get(dimension__system__year=YEAR, dimension__system__group="national", code="ne-rd")
    r = client.post(VALUES, {"zone": "dandong-border", "indicator": ind.pk, "value": "100"}, format="json")
    assert r.status_code == 201 and r.json()["entered_by"] == "province_admin"
    assert all(row["stale"] for row in results(client, "national"))
    assert not any(row["stale"] for row in results(client, "provincial"))
    recompute.pay_owed()
    rows = results(client, "national")
    assert not any(row["stale"] for row in rows)
    line = next(
        ln
        for ln in IndicatorValue.objects.filter(zone__code="dandong-border", indicator=ind).values_list(
            "value", flat=True
        )
    )
    assert line == Decimal(100)


def test_bad_input_is_a_clear_error_and_changes_nothing(api_as: Callable) -> None:
    client = api_as("province_admin")
    ind = Indicator.objects.filter(dimension__system__year=YEAR, dimension__system__group="national").first()
    before = IndicatorValue.objects.count()
    r = client.post(VALUES, {"zone": "dandong-border", "indicator": ind.pk, "value": "abc"}, format="json")
    assert r.status_code == 400
    r = client.post(VALUES, {"zone": "yingkou-coastal", "indicator": ind.pk, "value": "1"}, format="json")
    assert r.status_code == 400 and "考核组别" in str(r.json())
    r = client.post(BENCHMARKS, {"zone": "dalian-etdz", "year": YEAR, "benchmark_per_capita": "-1"}, format="json")
    assert r.status_code == 400
    assert IndicatorValue.objects.count() == before


def test_benchmark_headcount_prefilled_from_staffings_serving_count(api_as: Callable) -> None:
    from staffing.models import COUNTED, Staff

    serving = Staff.objects.filter(zone__code="yingkou-coastal", status__in=COUNTED).count()
    assert serving > 0
    Benchmark.objects.filter(zone__code="yingkou-coastal", year=YEAR + 1).delete()
    client = api_as("province_admin")
    r = client.post(
        BENCHMARKS, {"zone": "yingkou-coastal", "year": YEAR + 1, "benchmark_per_capita": "50000"}, format="json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["headcount"] == serving
    # a zone staffing holds no one for: the headcount must be entered
    empty = Zone.objects.exclude(staff__isnull=False).exclude(level="").first()
    Benchmark.objects.filter(zone=empty, year=YEAR + 1).delete()
    r = client.post(BENCHMARKS, {"zone": empty.code, "year": YEAR + 1, "benchmark_per_capita": "50000"}, format="json")
    assert r.status_code == 400 and "在聘人员" in str(r.json())
    assert not Benchmark.objects.filter(zone=empty, year=YEAR + 1).exists()


def test_revenue_is_read_from_finance_and_a_correction_owes_a_recompute(api_as: Callable) -> None:
    from django.db.models import Sum

    from assessment import selectors
    from finance import services as finance_services
    from finance.models import Revenue

    zone = Zone.objects.get(code="yingkou-coastal")
    code = Indicator.objects.get(
        dimension__system__year=YEAR, dimension__system__group="provincial", source="revenue"
    ).code

    def line() -> dict[str, Any]:
        row = ZoneResult.objects.get(result_set__is_current=True, zone=zone, year=YEAR)
        return next(x for x in row.working["lines"] if x["code"] == code)

    def expected() -> Decimal:
        total = Revenue.objects.filter(zone=zone, year=YEAR).aggregate(t=Sum("amount"))["t"]
        return (total / 10000).quantize(Decimal("0.0001"))

    assert Decimal(line()["value"]) == expected()
    month = Revenue.objects.filter(zone=zone, year=YEAR).order_by("month", "tax_type").first()
    finance_services.record_revenue(
        user=user("province_admin"), zone=zone, year=YEAR, month=month.month, tax_type=month.tax_type,
        amount=month.amount + Decimal("1234567.00"), note="更正",
    )  # fmt: skip
    assert ("provincial", YEAR) in selectors.owed_keys()
    recompute.pay_owed()
    assert Decimal(line()["value"]) == expected()
    assert ("provincial", YEAR) not in selectors.owed_keys()


def test_a_closed_year_is_frozen_and_reopening_is_logged(api_as: Callable) -> None:
    closed = YEAR - 1
    client = api_as("province_admin")
    ind = Indicator.objects.filter(dimension__system__year=closed, dimension__system__group="national").first()
    r = client.post(VALUES, {"zone": "dalian-etdz", "indicator": ind.pk, "value": "1"}, format="json")
    assert r.status_code == 409 and "重新开启" in str(r.json())
    with pytest.raises(Exception, match="事由"):
        services.reopen_year(user=user("province_admin"), year=closed, reason=" ")
    services.reopen_year(user=user("province_admin"), year=closed, reason="更正第三方评估数据")
    assert YearEvent.objects.filter(year__year=closed, action="reopen", reason="更正第三方评估数据").exists()
    r = client.post(VALUES, {"zone": "dalian-etdz", "indicator": ind.pk, "value": "1"}, format="json")
    assert r.status_code == 201


def test_a_year_with_missing_values_cannot_close() -> None:
    from assessment.selectors import missing_values

    IndicatorValue.objects.filter(zone__code="dalian-etdz", year=YEAR, indicator__source="entered").first().delete()
    recompute.pay_owed()
    missing = missing_values(YEAR)
    assert [m.zone.code for m in missing] == ["dalian-etdz"]
    with pytest.raises(Exception, match="缺少考核数据"):
        services.close_year(user=user("province_admin"), year=YEAR)
    assert not AssessmentYear.objects.get(year=YEAR).closed


def test_weights_must_total_exactly() -> None:
    from assessment.models import IndicatorSystem

    system = IndicatorSystem.objects.get(year=YEAR, group="national")
    with pytest.raises(Exception, match="分值合计不符"):
        services.set_weights(user=user("province_admin"), system=system, weights={"ne-fdi": "20"})
    services.set_weights(user=user("province_admin"), system=system, weights={"ne-fdi": "20", "ne-trade": "10"})
    assert services.system_problems(system) == []


def test_copy_a_year_from_the_last() -> None:
    system = services.copy_from_last(user=user("province_admin"), year=YEAR + 1, group="provincial")
    assert system.copied_from is not None and system.copied_from.year == YEAR
    assert services.system_problems(system) == []
    assert system.dimensions.count() == 6


@pytest.mark.parametrize("url", [RESULTS, POOLS, BENCHMARKS, VALUES])
def test_lists_at_a_fixed_number_of_queries(api_as: Callable, django_assert_max_num_queries: Any, url: str) -> None:
    client = api_as("province_admin")
    with django_assert_max_num_queries(12):
        assert client.get(url, {"year": YEAR}).status_code == 200


def _pdf_text(response: Any, tmp_path: Any) -> str:
    assert response.status_code == 200
    path = tmp_path / "r.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return "".join(out.split())  # table cells wrap: compare without whitespace


def capped_coastal_total() -> str:
    """The coastal base's capped pool as the demo's data make it: 5 × per capita × headcount
    (staffing's serving count when the benchmark was set), to the fen."""
    from assessment.models import PayPool

    bench = Benchmark.objects.get(zone__code="yingkou-coastal", year=YEAR)
    pool = PayPool.objects.get(zone__code="yingkou-coastal", year=YEAR, result_set__is_current=True)
    expected = (pool.cap_multiple * bench.benchmark_per_capita * bench.headcount).quantize(Decimal("0.01"))
    assert pool.capped and pool.pool_total == expected
    return f"{expected:,.2f}"  # as the pages and PDFs show money (formatting filters)


def test_pdfs_read_back(api_as: Callable, tmp_path: Any) -> None:
    client = api_as("province_admin")
    r = client.get(f"/api/v1/reports/assessment-ranking.pdf?year={YEAR}&group=provincial")
    assert r.status_code == 200
    text = _pdf_text(r, tmp_path)
    assert "辽阳经济开发区" in text and "摘牌" in text and "优秀" in text
    r = client.get(f"/api/v1/reports/assessment-sheet.pdf?zone=yingkou-coastal&year={YEAR}")
    text = _pdf_text(r, tmp_path)
    assert "亩均税收" in text and "已按上限封顶" in text
    r = client.get(f"/api/v1/reports/assessment-pools.pdf?year={YEAR}")
    text = _pdf_text(r, tmp_path)
    assert capped_coastal_total() in text and "是，已按上限封顶" in text


def test_pages_show_the_cap_and_the_working(client: Client, demo: Any) -> None:
    client.force_login(user("province_admin"))
    page = client.get(f"/assessment/pools/?year={YEAR}").content.decode()
    assert "已封顶" in page and capped_coastal_total() in page
    sheet = client.get(f"/assessment/zones/yingkou-coastal/?year={YEAR}").content.decode()
    assert "按系数核定额超过基准的" in sheet and "efficacy" in sheet
    home = client.get("/").content.decode()
    assert "assessment-ranking-chart" in home and "echarts" in home


def test_the_ranking_page_polls_quickly_while_stale(client: Client, demo: Any) -> None:
    client.force_login(user("province_admin"))
    assert 'hx-trigger="every 6s"' in client.get(f"/assessment/ranking/rows/?year={YEAR}").content.decode()
    ind = Indicator.objects.get(dimension__system__year=YEAR, dimension__system__group="national", code="ne-rd")
    r = client.post(
        f"/assessment/zones/dandong-border/?year={YEAR}", {"indicator": ind.pk, "period": "Y", "value": "99"}
    )
    assert r.status_code == 302
    assert 'hx-trigger="every 2s"' in client.get(f"/assessment/ranking/rows/?year={YEAR}").content.decode()
    recompute.pay_owed()
    assert 'hx-trigger="every 6s"' in client.get(f"/assessment/ranking/rows/?year={YEAR}").content.decode()


def test_the_hand_computed_example_through_the_database() -> None:
    """The pool of a capped 优秀 zone, to the fen, from stored rows (demo rule set: 6×, cap 5×)."""
    from assessment.models import PayPool

    bench = Benchmark.objects.get(zone__code="yingkou-coastal", year=YEAR)
    services.save_benchmark(
        user=user("province_admin"), zone=bench.zone, year=YEAR,
        data={"benchmark_per_capita": Decimal("12345.67"), "headcount": 7},
    )  # fmt: skip
    recompute.pay_owed()
    pool = PayPool.objects.get(zone__code="yingkou-coastal", year=YEAR, result_set__is_current=True)
    assert pool.grade == "excellent"
    assert (pool.benchmark_total, pool.uncapped_total, pool.cap_total, pool.pool_total, pool.capped) == (
        Decimal("86419.69"), Decimal("518518.14"), Decimal("432098.45"), Decimal("432098.45"), True,
    )  # fmt: skip


def test_a_benchmark_entered_without_a_user_can_be_patched(api_as: Callable) -> None:
    """Rows loaded in bulk (no ``entered_by``) are still editable; the editor is recorded."""
    bench = Benchmark.objects.get(zone__code="dalian-etdz", year=YEAR)
    Benchmark.objects.filter(pk=bench.pk).update(entered_by=None)
    r = api_as("city_dalian").patch(f"{BENCHMARKS}{bench.pk}/", {"headcount": 70}, format="json")
    assert r.status_code == 200, r.content
    assert Benchmark.objects.get(pk=bench.pk).entered_by.username == "city_dalian"


def test_changes_are_on_the_history(api_as: Callable) -> None:
    """Who, when, before, after: a corrected value and a changed benchmark keep their history."""
    client = api_as("province_admin")
    ind = Indicator.objects.get(dimension__system__year=YEAR, dimension__system__group="national", code="ne-rd")
    row = IndicatorValue.objects.get(zone__code="dalian-etdz", indicator=ind, period="Y")
    old = row.value
    assert (
        client.post(VALUES, {"zone": "dalian-etdz", "indicator": ind.pk, "value": "12.5"}, format="json").status_code
        == 201
    )
    last = row.history.order_by("-history_date").first()
    assert last.value == Decimal("12.5") and last.history_user.username == "province_admin"
    assert last.prev_record is not None and last.prev_record.value == old
    bench = Benchmark.objects.get(zone__code="dalian-etdz", year=YEAR)
    api_as("city_dalian").patch(f"{BENCHMARKS}{bench.pk}/", {"headcount": 71}, format="json")
    assert bench.history.order_by("-history_date").first().headcount == 71
