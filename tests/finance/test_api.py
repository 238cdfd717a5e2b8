"""The finance API as API.md promises it: agreements, revenue (entry and Excel), shares summing
exactly to the revenue, versions reproducing past statements, the bad-input list (each a clear
Chinese error, nothing stored), the reward, and incentive stages paid in order, once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from finance.models import Agreement, Project, ProjectStage, Revenue
from tests.finance import helpers
from tests.hardening.test_races import RACERS, live_database, race  # noqa: F401  (the fixture)
from tests.imports.workbooks import upload, xlsx

pytestmark = pytest.mark.django_db
D = Decimal
A = "/api/v1/finance/agreements/"
R = "/api/v1/finance/revenues/"
S = "/api/v1/finance/shares/"
ZONE = "yingkou-coastal"

AGREEMENT = {
    "zone": ZONE,
    "name": "营口沿海产业基地财力分成协议",
    "tax_types": ["vat", "corporate_income"],
    "base_year": 2011,
    "base_amount": "10000000.00",
    "base_ratios": {"city": "40.00", "county": "20.00", "zone": "40.00"},
    "increment_ratios": {"city": "20.00", "county": "10.00", "zone": "70.00"},
    "shortfall_rule": "increment_ratios",
    "effective_from": 2012,
    "effective_to": 2016,  # the demo's agreements start in recent years
}


def revenue_book(year: int, amounts: dict[str, list[str]], zone: str = ZONE) -> bytes:
    label = {"vat": "增值税", "corporate_income": "企业所得税", "stamp": "印花税"}
    rows: list[list[Any]] = [["开发区代码", "年度", "月份", "税种", "收入(元)"]]
    for tax_type, months in amounts.items():
        for m, amount in enumerate(months, start=1):
            rows.append([zone, year, m, label[tax_type], amount])
    return xlsx(rows, title="税收收入")


def import_revenue(api: Any, content: bytes) -> Any:
    return api.post("/api/v1/imports/finance-revenues/", {"file": upload(content, "税收收入.xlsx")}, format="multipart")


def twelve(total: str) -> list[str]:
    """A year's total spread over 12 months, exactly (the months of the hand-computed test)."""
    from devzone.domain.money import allocate_list

    return [str(x) for x in allocate_list(D(total), [1] * 12)]


def test_city_sets_an_agreement_imports_a_year_and_reads_shares_summing_exactly(api_as: Any) -> None:
    city = api_as("city_yingkou")
    created = city.post(A, AGREEMENT, format="json")
    assert created.status_code == 201, created.data
    assert created.data["base_ratios"] == {"city": "40.00", "county": "20.00", "zone": "40.00"}
    assert created.data["version"] == 1
    imported = import_revenue(
        city, revenue_book(2013, {"vat": twelve("9000000.00"), "corporate_income": twelve("3000000.01")})
    )
    assert imported.status_code == 200, imported.data
    assert imported.data["created"] == 24
    shares = city.get(f"{S}?zone={ZONE}&year=2013")
    assert shares.status_code == 200, shares.data
    rows = {(r["party"], r["tax_type"]): r for r in shares.data["results"]}
    # the figures of tests/finance/test_rules.py::test_hand_computed_normal_year
    assert rows[("zone", "vat")]["base_part"] == "2999999.99"
    assert rows[("zone", "vat")]["increment_part"] == "1050000.01"
    assert rows[("city", "corporate_income")]["total"] == "1100000.01"
    assert sum(D(r["total"]) for r in shares.data["results"]) == D("12000000.01") == D(shares.data["revenue_total"])
    for r in shares.data["results"]:
        assert D(r["base_part"]) + D(r["increment_part"]) == D(r["total"])
    parties = {p["party"]: p for p in shares.data["parties"]}
    assert parties["zone"]["total"] == "5400000.00"


def test_shortfall_year_and_a_revision_leave_past_statements_as_they_were(api_as: Any) -> None:
    city = api_as("city_yingkou")
    first = city.post(A, AGREEMENT, format="json").data
    assert (
        import_revenue(
            city, revenue_book(2014, {"vat": twelve("6000000.01"), "corporate_income": twelve("1999999.99")})
        ).status_code
        == 200
    )
    before = city.get(f"{S}?zone={ZONE}&year=2014").data
    totals = {p["party"]: p["total"] for p in before["parties"]}
    assert totals == {"city": "3600000.01", "county": "1800000.00", "zone": "2599999.99"}
    revised = city.post(
        f"{A}{first['id']}/revise/",
        {"effective_from": 2015, "increment_ratios": {"city": "10.00", "county": "0.00", "zone": "90.00"}},
        format="json",
    )
    assert revised.status_code == 201, revised.data
    assert revised.data["version"] == 2 and revised.data["supersedes"] == first["id"]
    assert Agreement.objects.get(pk=first["id"]).effective_to == 2014
    assert city.get(f"{S}?zone={ZONE}&year=2014").data["results"] == before["results"]
    again = city.post(f"{A}{first['id']}/revise/", {"effective_from": 2016}, format="json")
    assert again.status_code == 409


def test_a_correction_is_a_new_version_on_history(api_as: Any) -> None:
    city = api_as("city_yingkou")
    body = {"zone": ZONE, "year": 2013, "month": 3, "tax_type": "stamp", "amount": "100.00"}
    assert city.post(R, body, format="json").status_code == 201
    corrected = city.post(R, {**body, "amount": "120.50", "note": "补录"}, format="json")
    assert corrected.status_code == 201
    assert corrected.data["version"] == 2
    row = Revenue.objects.get(zone__code=ZONE, year=2013, month=3, tax_type="stamp")
    amounts = list(row.history.order_by("history_date").values_list("amount", "history_user__username"))
    assert amounts == [(D("100.00"), "city_yingkou"), (D("120.50"), "city_yingkou")]
    listed = city.get(f"{R}?zone={ZONE}&year=2013&tax_type=stamp")
    assert [r["amount"] for r in listed.data["results"]] == ["120.50"]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"amount": "-5.00"}, "amount", "不能为负数"),
        ({"month": 13}, "month", "1 至 12"),
        ({"tax_type": "salt_tax"}, "tax_type", "未知的税种"),
    ],
)
def test_bad_revenue_is_a_chinese_error_and_nothing_stored(
    api_as: Any, change: dict[str, Any], field: str, words: str
) -> None:
    body = {"zone": ZONE, "year": 2013, "month": 1, "tax_type": "vat", "amount": "1.00", **change}
    response = api_as("city_yingkou").post(R, body, format="json")
    assert response.status_code == 400
    assert words in response.data["errors"][field][0]
    assert not Revenue.objects.filter(zone__code=ZONE, year=2013).exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"base_ratios": {"city": "40.00", "county": "20.00", "zone": "39.99"}}, "base_ratios", "99.99%"),
        ({"zone": "dalian-etdz"}, "zone", "不在您的范围内"),
        ({"base_year": 2013}, "base_year", "应早于协议起始年度"),
        ({"tax_types": ["vat", "salt_tax"]}, "tax_types", "未知的税种"),
    ],
)
def test_bad_agreements_are_refused_in_chinese(api_as: Any, change: dict[str, Any], field: str, words: str) -> None:
    response = api_as("city_yingkou").post(A, {**AGREEMENT, **change}, format="json")
    assert response.status_code == 400, response.data
    assert words in response.data["errors"][field][0]
    assert not Agreement.objects.filter(zone__code__in=[ZONE, "dalian-etdz"], base_year__lte=2013).exists()


def test_overlapping_agreements_are_refused_and_english_when_asked(api_as: Any) -> None:
    city = api_as("city_yingkou")
    assert city.post(A, {**AGREEMENT, "effective_to": 2014}, format="json").status_code == 201
    clash = city.post(A, {**AGREEMENT, "tax_types": ["vat"], "effective_from": 2014}, format="json")
    assert clash.status_code == 400
    assert "重叠" in clash.data["errors"]["effective_from"][0]
    fine = city.post(A, {**AGREEMENT, "tax_types": ["stamp"], "effective_from": 2014}, format="json")
    assert fine.status_code == 201
    english = city.post(
        A,
        {**AGREEMENT, "base_ratios": {"city": "50"}, "effective_from": 2020},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.status_code == 400
    assert english.data["errors"]["base_ratios"][0] == "The parties' ratios must sum to 100.00%; they sum to 50.00%."
    month = city.post(
        R,
        {"zone": ZONE, "year": 2013, "month": 13, "tax_type": "vat", "amount": "1"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert month.data["errors"]["month"][0].startswith("The month must be a whole number from 1 to 12")


def test_zone_officers_read_but_do_not_keep_finance(api_as: Any) -> None:
    helpers.agreement(ZONE, start=2012)
    zone_officer = api_as("zone_yingkou_hr")
    assert zone_officer.get(f"{S}?zone={ZONE}&year=2012").status_code == 200
    assert zone_officer.post(A, {**AGREEMENT, "effective_from": 2030 - 10}, format="json").status_code == 403
    assert api_as("city_dalian").get(f"{S}?zone={ZONE}&year=2012").status_code == 404


def test_bad_import_rows_reject_the_file_with_a_row_report(api_as: Any) -> None:
    content = xlsx(
        [
            ["开发区代码", "年度", "月份", "税种", "收入(元)"],
            [ZONE, 2013, 1, "增值税", "100.00"],
            [ZONE, 2013, 13, "增值税", "100.00"],
            [ZONE, 2013, 2, "盐税", "100.00"],
            [ZONE, 2013, 3, "增值税", "-1.00"],
            ["dalian-etdz", 2013, 4, "增值税", "1.00"],
        ],
        title="税收收入",
    )
    rejected = import_revenue(api_as("city_yingkou"), content)
    assert rejected.status_code == 400
    assert sorted((r["row"], r["column"]) for r in rejected.data["rows"]) == [
        (3, "月份"),
        (4, "税种"),
        (5, "收入(元)"),
        (6, "开发区代码"),
    ]
    assert not Revenue.objects.filter(year=2013).exists()


# --- the reward ---------------------------------------------------------------------------------


def test_reward_with_its_working_and_the_ranking_that_earned_it(api_as: Any) -> None:
    admin = api_as("province_admin")
    city = api_as("city_yingkou")
    assert city.post(A, AGREEMENT, format="json").status_code == 201
    for year, vat, cit in ((2014, "6000000.01", "1999999.99"), (2015, "9000000.00", "3000000.01")):
        assert (
            import_revenue(city, revenue_book(year, {"vat": twelve(vat), "corporate_income": twelve(cit)})).status_code
            == 200
        )
    no = city.get(f"/api/v1/finance/rewards/?zone={ZONE}&year=2015").data
    assert no["eligible"] is False and "无排名认定" in no["reason"]
    designation = {
        "zone": ZONE,
        "ranking_year": 2014,
        "scope": "provincial",
        "rank": 4,
        "out_of": 80,
        "ranking": "2014年度省级开发区综合评价",
    }
    assert city.post("/api/v1/finance/designations/", designation, format="json").status_code == 403
    too_low = admin.post("/api/v1/finance/designations/", {**designation, "rank": 5}, format="json")
    assert too_low.status_code == 400 and "不在前 5%" in too_low.data["errors"]["rank"][0]
    assert admin.post("/api/v1/finance/designations/", designation, format="json").status_code == 201
    plan = {"city": "210800", "year": 2015, "planned_growth_percent": "8.00"}
    assert city.post("/api/v1/finance/city-plans/", plan, format="json").status_code == 201
    got = city.get(f"/api/v1/finance/rewards/?zone={ZONE}&year=2015").data
    assert got["eligible"] is True and got["ranking_year"] == 2014 and got["ranking_source"] == "recorded"
    # tests/finance/test_rules.py::test_reward_by_hand
    assert (got["city_tax"], got["prior_city_tax"], got["planned_city_tax"], got["excess"], got["reward"]) == (
        "4400000.01",
        "3600000.01",
        "3888000.01",
        "512000.00",
        "256000.00",
    )


def test_the_designation_source_can_be_replaced_by_a_provider(api_as: Any) -> None:
    from finance import sources

    helpers.agreement(ZONE, start=2012)
    fake = sources.Designation(helpers.zone(ZONE).pk, 2013, "provincial", 1, 50, "考核结果", "", "assessment")
    previous = sources._provider  # the assessment app's, registered in its ready()
    sources.register_provider(lambda ids, year: {fake.zone_id: fake} if year == 2014 else {})
    try:
        got = api_as("city_yingkou").get(f"/api/v1/finance/rewards/?zone={ZONE}&year=2014").data
        assert got["ranking_source"] == "assessment" and got["ranking"] == "考核结果"
    finally:
        sources.register_provider(previous)


# --- incentives ---------------------------------------------------------------------------------

P = "/api/v1/finance/projects/"


def test_projects_stages_are_paid_in_order_once_and_sum_to_the_award(api_as: Any) -> None:
    city = api_as("city_yingkou")
    scheme = helpers.scheme()
    created = city.post(
        P,
        {
            "zone": ZONE,
            "name": "某新材料项目",
            "investor": "某集团",
            "amount": "500000000.00",
            "scheme": scheme.name,
            "award": "1000000.01",
            "attraction_costs": "50000.00",
        },
        format="json",
    )
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    due = {s["stage"]: D(s["due_amount"]) for s in created.data["stages"]}
    assert due == {
        "landed": D("100000.00"),
        "started": D("300000.01"),
        "structure_done": D("300000.00"),
        "completed": D("300000.00"),
    }
    assert sum(due.values()) == D("1000000.01")
    zone_officer = api_as("zone_yingkou_hr")
    for stage in ("landed", "started"):
        reach = zone_officer.post(
            f"{P}{pk}/stages/{stage}/reach/", {"reached_on": "2024-05-01", "evidence": "开工许可"}, format="json"
        )
        assert reach.status_code == 200, reach.data
    assert zone_officer.post(f"{P}{pk}/stages/landed/pay/", {}, format="json").status_code == 403
    early = city.post(f"{P}{pk}/stages/started/pay/", {}, format="json")
    assert early.status_code == 409 and "尚未支付" in early.data["detail"]
    assert city.post(f"{P}{pk}/stages/landed/pay/", {}, format="json").status_code == 200
    twice = city.post(f"{P}{pk}/stages/landed/pay/", {}, format="json")
    assert twice.status_code == 409 and "不能重复支付" in twice.data["detail"]
    not_reached = city.post(f"{P}{pk}/stages/structure_done/pay/", {}, format="json")
    assert not_reached.status_code == 409  # started is reached but unpaid: previous first
    assert city.post(f"{P}{pk}/stages/started/pay/", {}, format="json").status_code == 200
    assert city.post(f"{P}{pk}/stages/structure_done/pay/", {}, format="json").status_code == 409
    assert city.post(f"{P}{pk}/stages/bogus/pay/", {}, format="json").status_code == 400
    got = city.get(f"{P}{pk}/").data
    assert got["paid_total"] == "400000.01"
    assert api_as("city_dalian").post(f"{P}{pk}/stages/started/pay/", {}, format="json").status_code == 404


def test_costs_above_the_award_are_refused(api_as: Any) -> None:
    response = api_as("city_yingkou").post(
        P,
        {
            "zone": ZONE,
            "name": "超支项目",
            "investor": "某公司",
            "amount": "1.00",
            "scheme": helpers.scheme().name,
            "award": "100.00",
            "attraction_costs": "100.01",
        },
        format="json",
    )
    assert response.status_code == 400 and "招商经费" in response.data["errors"]["attraction_costs"][0]
    assert not Project.objects.filter(name="超支项目").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_of_one_stage_pay_it_once(demo: Any, request: pytest.FixtureRequest) -> None:
    project = helpers.project(ZONE, reached=("landed",))
    request.getfixturevalue("live_database")
    statuses = race("city_yingkou", f"{P}{project.pk}/stages/landed/pay/")
    assert sorted(statuses) == [200] + [409] * (RACERS - 1)
    stage = ProjectStage.objects.get(project=project, stage="landed")
    assert stage.paid_amount == stage.due_amount
    assert stage.history.filter(paid_on__isnull=False).count() == 1
