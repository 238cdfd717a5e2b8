"""Registry API: the zone detail's registry fields, the nested endpoints, scope, 403/404/409,
Chinese 400s (tenancy per role is in tests/tenancy/matrix.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zones.demo import OTHER_CATALOGUE
from zones.models import LandPlot, PlatformCompany, Zone, ZoneStatusChange

TODAY = timezone.localdate


def test_zone_detail_carries_the_registry(api_as: Any) -> None:
    body = api_as("auditor").get("/api/v1/zones/yingkou-coastal/").json()
    assert body["status"] == "active" and body["status_history"] == [] and body["parent_zone"] is None
    assert [(c["tier"], c["name"]) for c in body["platform_companies"]][:2] == [
        ("owner", "辽宁(营口)沿海产业基地管委会"),
        ("group", "营口沿海开发建设集团有限公司"),
    ]
    group = body["platform_companies"][1]
    assert group["shareholding_pct"] == "100.00" and group["parent_name"] == "辽宁(营口)沿海产业基地管委会"
    education = next(f for f in body["social_functions"] if f["function"] == "education")
    assert education == {
        "function": "education",
        "function_name": "教育",
        "state": "stripped",
        "receiving_body": "西市区人民政府",
        "effective_date": "2025-06-30",
        "note": "彻底剥离社会事务管理，交由所在县区统一管理",
    }
    summary = body["plots_summary"]
    assert summary["plot_count"] == 9 and summary["move_out_count"] == 3
    assert summary["move_out_area_mu"] == "455.00"  # 140 + 230 + 85
    assert summary["area_mu_by_use"] == {"industrial": "1565.00", "supporting": "145.00", "non_industrial": "370.00"}
    assert summary["per_mu"]["tax_per_mu"] == "20134.19" and summary["per_mu"]["output_per_mu"] == "2611501.60"
    assert summary["per_mu"]["year"] == TODAY().year - 1
    assert body["sub_parks"] == [] and body["merges"] == [] and body["rollup"] is None


def test_merged_zone_and_its_surviving_zone(api_as: Any) -> None:
    client = api_as("city_dalian")
    etdz = client.get("/api/v1/zones/dalian-etdz/").json()
    assert etdz["sub_parks"] == [
        {"code": "dalian-zhuanghe", "name": "庄河经济开发区", "kind": "provincial_edz", "status": "merged"}
    ]
    assert (
        etdz["merges"][0]["merged_zone"] == "dalian-zhuanghe" and etdz["merges"][0]["document_no"] == "演示〔2025〕2号"
    )
    rollup = etdz["rollup"]
    assert rollup["members"] == ["dalian-etdz", "dalian-zhuanghe"]
    assert rollup["plot_area_mu"]["industrial"] == "1430.00" and rollup["per_mu"]["tax_per_mu"] == "33510.49"
    assert etdz["plots_summary"]["per_mu"]["tax_per_mu"] == "43689.32"  # its own plots: 45 000 000 / 1 030
    zhuanghe = client.get("/api/v1/zones/dalian-zhuanghe/").json()
    assert zhuanghe["status"] == "merged" and zhuanghe["parent_zone"] == "dalian-etdz"
    assert [(h["from_status"], h["to_status"]) for h in zhuanghe["status_history"]] == [("active", "merged")]
    listed = client.get("/api/v1/zones/?parent_zone=dalian-etdz").json()
    assert [z["code"] for z in listed["results"]] == ["dalian-zhuanghe"]


def test_status_is_a_province_decision(api_as: Any) -> None:
    city = api_as("city_yingkou").patch("/api/v1/zones/yingkou-coastal/", {"status": "warned"}, format="json")
    assert city.status_code == 403
    assert Zone.objects.get(code="yingkou-coastal").status == "active"
    admin = api_as("province_admin")
    patched = admin.patch("/api/v1/zones/yingkou-coastal/", {"status": "warned"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["status"] == "warned"
    assert patched.json()["status_history"][0]["effective_date"] == TODAY().isoformat()
    posted = admin.post(
        "/api/v1/zones/yingkou-coastal/status/",
        {
            "to_status": "rectifying",
            "effective_date": TODAY().isoformat(),
            "reason": "通报并责令整改",
            "document_no": "X1",
        },
        format="json",
    )
    assert posted.status_code == 201 and posted.json()["changed_by"] == "province_admin"
    history = admin.get("/api/v1/zones/yingkou-coastal/status/").json()
    assert history["count"] == 2
    assert [(r["from_status"], r["to_status"]) for r in history["results"]] == [
        ("warned", "rectifying"),
        ("active", "warned"),
    ]
    change = ZoneStatusChange.objects.filter(zone__code="yingkou-coastal").first()
    assert change.history.first().history_user.username == "province_admin"
    assert change.history.first().change_path == "api"


def test_status_errors(api_as: Any) -> None:
    admin = api_as("province_admin")
    url = "/api/v1/zones/dalian-zhuanghe/status/"
    conflict = admin.post(url, {"to_status": "warned", "effective_date": TODAY().isoformat()}, format="json")
    assert conflict.status_code == 409
    assert conflict.json() == {"detail": "开发区当前为“已整合”，不能变更为“警示”。", "errors": {}}
    assert admin.patch("/api/v1/zones/dalian-zhuanghe/", {"status": "warned"}, format="json").status_code == 409
    missing = admin.post(url, {"to_status": "active"}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"]["effective_date"] == ["该字段是必填项。"]
    bad = admin.post(url, {"to_status": "closed", "effective_date": "2025-13-01"}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"to_status", "effective_date"}
    future = admin.post(url, {"to_status": "active", "effective_date": "2999-01-01"}, format="json")
    assert future.json()["errors"]["effective_date"] == ["生效日期不能晚于今天。"]
    english = admin.post(url, {"to_status": "active"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["errors"]["effective_date"] == ["This field is required."]
    created = admin.post(
        "/api/v1/zones/",
        {
            "code": "new-warned",
            "name": "新设",
            "kind": "provincial_edz",
            "level": "provincial",
            "city": "210800",
            "status": "warned",
        },
        format="json",
    )
    assert created.status_code == 400 and "status" in created.json()["errors"]
    assert Zone.objects.get(code="dalian-zhuanghe").status == "merged"


def test_merge_through_the_api(api_as: Any) -> None:
    assert (
        api_as("city_yingkou")
        .post(
            "/api/v1/zones/yingkou-coastal/merge/",
            {"merged": ["yingkou-hitech"], "effective_date": "2025-09-01"},
            format="json",
        )
        .status_code
        == 403
    )
    admin = api_as("province_admin")
    unknown = admin.post(
        "/api/v1/zones/yingkou-coastal/merge/", {"merged": ["nope"], "effective_date": "2025-09-01"}, format="json"
    )
    assert unknown.status_code == 400 and unknown.json()["errors"]["merged"] == ["没有代码为 nope 的开发区。"]
    empty = admin.post(
        "/api/v1/zones/yingkou-coastal/merge/", {"merged": [], "effective_date": "2025-09-01"}, format="json"
    )
    assert empty.status_code == 400
    response = admin.post(
        "/api/v1/zones/yingkou-coastal/merge/",
        {"merged": ["yingkou-hitech"], "effective_date": "2025-09-01", "document_no": "营政〔2025〕3号"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [p["code"] for p in body["sub_parks"]] == ["yingkou-hitech"]
    assert body["rollup"]["members"] == ["yingkou-coastal", "yingkou-hitech"]
    # 沿海产业基地's 77.27 km² and the merged zone's demo catalogue area (zones/demo.py)
    merged_km2 = OTHER_CATALOGUE["yingkou-hitech"][0]
    assert Decimal(body["rollup"]["declared_km2"]["catalogue"]) == Decimal("77.27") + merged_km2
    again = admin.post(
        "/api/v1/zones/yingkou-coastal/merge/",
        {"merged": ["yingkou-hitech"], "effective_date": "2025-09-02"},
        format="json",
    )
    assert again.status_code == 409


def test_platform_companies_api(api_as: Any) -> None:
    city = api_as("city_yingkou")
    url = "/api/v1/zones/yingkou-coastal/companies/"
    listed = city.get(url).json()
    assert listed["count"] == 4
    group_id = next(c["id"] for c in listed["results"] if c["tier"] == "group")
    payload = {"name": "营口沿海金融投资有限公司", "tier": "specialised", "specialty": "finance", "parent": group_id}
    too_much = city.post(url, {**payload, "shareholding_pct": "150"}, format="json")
    assert too_much.status_code == 400
    assert too_much.json()["errors"]["shareholding_pct"] == ["持股比例须在 0 到 100 之间。"]
    second_group = city.post(url, {"name": "第二集团", "tier": "group"}, format="json")
    assert second_group.json()["errors"]["tier"][0].startswith("每个开发区只能有一家国有集团公司")
    foreign = PlatformCompany.objects.create(zone=Zone.objects.get(code="yingkou-etdz"), name="外区", tier="owner")
    wrong_parent = city.post(url, {**payload, "parent": foreign.pk}, format="json")
    assert wrong_parent.json()["errors"]["parent"] == ["上级单位须是本开发区的平台公司。"]
    huge = city.post(url, {**payload, "shareholding_pct": "1e400"}, format="json")
    assert huge.status_code == 400
    created = city.post(url, {**payload, "shareholding_pct": "51"}, format="json")
    assert created.status_code == 201 and created.json()["shareholding_pct"] == "51.00"
    detail = f"{url}{created.json()['id']}/"
    assert city.patch(detail, {"shareholding_pct": "60.5"}, format="json").json()["shareholding_pct"] == "60.50"
    assert city.delete(f"{url}{group_id}/").status_code == 409  # it has subsidiaries
    assert api_as("zone_yingkou_hr").delete(detail).status_code == 403
    assert api_as("city_dalian").get(detail).status_code == 404
    assert city.delete(detail).status_code == 204
    assert city.get(url).json()["count"] == 4


def test_social_functions_api(api_as: Any) -> None:
    city = api_as("city_yingkou")
    url = "/api/v1/zones/yingkou-coastal/social-functions/"
    stripped = city.get(f"{url}?state=stripped").json()
    assert stripped["count"] == 6 and {r["receiving_body"] for r in stripped["results"]} == {"西市区人民政府"}
    bad = city.post(url, {"function": "housing", "state": "stripped"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"]["receiving_body"] == [
        "剥离的职能须填写承接单位（如所在县区）。"
    ]
    made = city.post(
        url,
        {
            "function": "housing",
            "state": "stripped",
            "receiving_body": "西市区人民政府",
            "effective_date": "2025-07-01",
        },
        format="json",
    )
    assert made.status_code == 201 and made.json()["function_name"] == "住房保障"
    assert city.get(f"{url}housing/").json()["receiving_body"] == "西市区人民政府"
    assert city.patch(f"{url}petitions/", {"note": "党政综合工作部"}, format="json").json()["note"] == "党政综合工作部"
    assert city.get(f"{url}astrology/").status_code == 404
    assert api_as("auditor").patch(f"{url}petitions/", {"note": "x"}, format="json").status_code == 403


def test_plots_api(api_as: Any) -> None:
    city = api_as("city_yingkou")
    url = "/api/v1/zones/yingkou-coastal/plots/"
    plots = city.get(url).json()
    first = next(p for p in plots["results"] if p["code"] == "YK-CY-001")
    assert first["tax_per_mu"] == "23000.00" and first["output_per_mu"] == "3000000.00" and first["move_out"] is False
    assert first["area"] == "catalogue"
    out = city.get(f"{url}?move_out=true").json()["results"]
    assert [p["code"] for p in out] == ["YK-FC-001", "YK-FC-002", "YK-PT-002"] and all(p["move_out"] for p in out)
    assert city.get(f"{url}?use=supporting").json()["count"] == 2
    bad = city.post(url, {"code": "N 1", "use": "farm", "area_mu": "abc", "area": 5}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"use", "area_mu", "area"}
    negative = city.post(
        url,
        {"code": "N-1", "use": "industrial", "area_mu": "10", "annual_tax": "-5", "figures_year": 2024},
        format="json",
    )
    assert negative.json()["errors"]["annual_tax"] == ["年度税收不能为负数。"]
    created = city.post(
        url,
        {
            "code": "N-1",
            "use": "industrial",
            "area": "chemical-park",
            "area_mu": "80",
            "enterprise": "壬新材料有限公司",
            "annual_tax": "2400000",
            "annual_output": "200000000",
            "figures_year": TODAY().year - 1,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["tax_per_mu"] == "30000.00"
    # the zone figure follows: (31 510 000 + 2 400 000) / (1 565 + 80)
    assert city.get("/api/v1/zones/yingkou-coastal/").json()["plots_summary"]["per_mu"]["tax_per_mu"] == "20613.98"
    moved = city.patch(f"{url}YK-PT-001/", {"needed_supporting": False}, format="json")
    assert moved.status_code == 200 and moved.json()["move_out"] is True
    plot = LandPlot.objects.get(zone__code="yingkou-coastal", code="YK-PT-001")
    latest = plot.history.first()
    assert latest.history_user.username == "city_yingkou" and latest.change_path == "api"
    assert (
        api_as("zone_yingkou_hr")
        .post(url, {"code": "Z", "use": "industrial", "area_mu": "1"}, format="json")
        .status_code
        == 403
    )
    assert city.delete(f"{url}N-1/").status_code == 204
    assert city.get(f"{url}N-1/").status_code == 404


@pytest.mark.parametrize(
    "path, payload",
    [
        ("plots/", {"code": ["x"], "use": None, "area_mu": {"a": 1}}),
        ("plots/", {"code": "x" * 65, "use": "industrial", "area_mu": "1e999"}),
        (
            "plots/",
            {"code": "big", "use": "industrial", "area_mu": "10", "annual_output": "9" * 30, "figures_year": -1},
        ),
        ("companies/", {"name": "", "tier": "nope", "parent": "abc", "shareholding_pct": "NaN"}),
        ("social-functions/", {"function": 5, "state": "stripped", "effective_date": "yesterday"}),
        ("status/", {"to_status": ["warned"], "effective_date": 20250101}),
    ],
)
def test_odd_input_is_a_400_never_a_500(api_as: Any, path: str, payload: dict[str, Any]) -> None:
    response = api_as("province_admin").post(f"/api/v1/zones/yingkou-coastal/{path}", payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith("输入有误")


def test_parent_zone_through_patch(api_as: Any) -> None:
    city = api_as("city_yingkou")
    url = "/api/v1/zones/yingkou-hitech/"
    foreign = city.patch(url, {"parent_zone": "dalian-etdz"}, format="json")  # exists, out of scope
    missing = city.patch(url, {"parent_zone": "no-such-zone"}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json()["errors"]["parent_zone"] == ["没有代码为 dalian-etdz 的开发区。"]
    assert missing.json()["errors"]["parent_zone"] == ["没有代码为 no-such-zone 的开发区。"]
    made = city.patch(url, {"parent_zone": "yingkou-coastal"}, format="json")
    assert made.status_code == 200 and made.json()["parent_zone_name"] == "辽宁(营口)沿海产业基地"
    coastal = city.get("/api/v1/zones/yingkou-coastal/").json()
    assert [p["code"] for p in coastal["sub_parks"]] == ["yingkou-hitech"]
    assert coastal["rollup"]["members"] == ["yingkou-coastal", "yingkou-hitech"]
    assert city.patch(url, {"parent_zone": None}, format="json").json()["parent_zone"] is None
