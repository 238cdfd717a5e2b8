"""The 一区一策 plan as a PDF, one version or a comparison of two; read back with poppler."""

from __future__ import annotations

from typing import Any

from tests.reports import pdf
from tests.zones import plan_factories as pf
from zones.models import Plan
from zones.plans import services


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_approved_yingkou_plan_pdf_carries_seed_002_figures(as_user: Any) -> None:
    plan = Plan.objects.get(zone__code="yingkou-coastal", state="approved")
    page = as_user("auditor").get(f"/plans/{plan.pk}/").content.decode()
    assert 'data-testid="plan-pdf"' in page
    response = as_user("auditor").get(f"/reports/plan.pdf?plan={plan.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = body(response)
    text = pdf.compact(data)
    for expected in (
        "一区一策改革方案",
        "辽宁(营口)沿海产业基地",
        "150",
        "党政综合工作部",
        "自然资源分局",
        "生态环境分局",
    ):
        assert expected in text, expected
    assert any("CJK" in f.name and f.embedded for f in pdf.fonts(data))


def test_comparison_pdf_shows_the_changed_section(as_user: Any, demo: Any) -> None:
    first = pf.returned()
    services.update_plan(
        user=pf.user("city_yingkou"), plan=first, data={**pf.PlanContentFactory(), "headcount_cap": 120}
    )
    first = services.submit_plan(user=pf.user("city_yingkou"), plan=first)
    url = f"/reports/plan-compare.pdf?a={first.pk}&a_submission=1&b={first.pk}&b_submission=2"
    response = as_user("city_yingkou").get(url)
    assert response.status_code == 200
    text = pdf.compact(body(response))
    assert "方案版本对比" in text and "有变化" in text and "90" in text and "120" in text
    compare_page = as_user("city_yingkou").get(f"/plans/{first.pk}/compare/").content.decode()
    assert 'data-testid="compare-pdf"' in compare_page


def test_plan_pdfs_out_of_scope_are_404_and_bad_params_400(as_user: Any, api_as: Any) -> None:
    plan = Plan.objects.get(zone__code="yingkou-coastal", state="approved")
    other = Plan.objects.exclude(zone__code="yingkou-coastal").first()
    assert as_user("city_dalian").get(f"/reports/plan.pdf?plan={plan.pk}").status_code == 404
    api = api_as("city_dalian")
    assert api.get(f"/api/v1/reports/plan.pdf?plan={plan.pk}").status_code == 404
    assert api.get(f"/api/v1/reports/plan-compare.pdf?a={other.pk}&b={plan.pk}").status_code == 404
    assert api.get(f"/api/v1/reports/plan.pdf?plan={other.pk}&submission=99").status_code == 404
    bad = api.get("/api/v1/reports/plan.pdf?plan=abc")
    assert bad.status_code == 400 and "plan" in bad.json()["errors"]
    mixed = api_as("province_admin").get(f"/api/v1/reports/plan-compare.pdf?a={other.pk}&b={plan.pk}")
    assert mixed.status_code == 400 and "同一开发区" in mixed.json()["detail"]


def test_zone_profile_pdf_shows_the_establishment_from_the_approved_plan(as_user: Any) -> None:
    response = as_user("zone_yingkou_hr").get("/reports/zone-profile.pdf?zone=yingkou-coastal")
    assert response.status_code == 200
    text = pdf.compact(body(response))
    for expected in ("机构编制", "员额总数", "150", "领导职数", "内设机构（8个）", "派驻机构（2个）", "自然资源分局"):
        assert expected in text, expected
