"""Registry services on the real database: status changes, merges and roll-up, companies,
social functions, plots; and the demo registry data."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from devzone.api.exceptions import Conflict
from devzone.tenancy import can
from zones.demo import OTHER_CATALOGUE
from zones.models import (
    LandPlot,
    PlatformCompany,
    SocialFunction,
    Zone,
    ZoneArea,
    ZoneGroupObjectPermission,
    ZoneMerge,
    ZoneStatusChange,
)
from zones.plots import selectors
from zones.plots import services as plots_services
from zones.profile import selectors as profile_selectors
from zones.registry import services

D = Decimal


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def zone(code: str) -> Zone:
    return Zone.objects.get(code=code)


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- status ------------------------------------------------------------------------------------


def test_province_admin_warns_rectifies_and_reinstates(demo: Any) -> None:
    admin, coastal = user("province_admin"), zone("yingkou-coastal")
    services.change_status(
        user=admin,
        zone=coastal,
        to_status="warned",
        effective_date=date(2025, 3, 1),
        reason="考核排名后10名，约谈",
        document_no="辽开〔2025〕1号",
    )
    services.change_status(user=admin, zone=coastal, to_status="rectifying", effective_date=date(2025, 6, 1))
    services.change_status(user=admin, zone=coastal, to_status="active", effective_date=date(2025, 12, 1))
    coastal.refresh_from_db()
    assert coastal.status == "active"
    rows = list(coastal.status_changes.values_list("effective_date", "from_status", "to_status", "document_no"))
    assert rows == [
        (date(2025, 12, 1), "rectifying", "active", ""),
        (date(2025, 6, 1), "warned", "rectifying", ""),
        (date(2025, 3, 1), "active", "warned", "辽开〔2025〕1号"),
    ]
    assert {c.changed_by.username for c in coastal.status_changes.all()} == {"province_admin"}
    # the zone's own change history has the same story
    assert [h.status for h in coastal.history.order_by("history_id")][-3:] == ["warned", "rectifying", "active"]


def test_illegal_status_changes_change_nothing(demo: Any) -> None:
    admin, etdz = user("province_admin"), zone("yingkou-etdz")
    services.change_status(user=admin, zone=etdz, to_status="delisted", effective_date=date(2025, 1, 10))
    with pytest.raises(Conflict) as conflict:
        services.change_status(user=admin, zone=etdz, to_status="warned", effective_date=date(2025, 2, 1))
    assert str(conflict.value.detail) == "开发区当前为“摘牌”，不能变更为“警示”。"
    with pytest.raises(ValidationError) as same:
        services.change_status(user=admin, zone=etdz, to_status="delisted", effective_date=date(2025, 2, 1))
    assert errors_of(same)["to_status"] == ["开发区已处于“摘牌”状态。"]
    with pytest.raises(ValidationError) as merged:
        services.change_status(
            user=admin, zone=zone("yingkou-hitech"), to_status="merged", effective_date=date(2025, 2, 1)
        )
    assert "整合" in errors_of(merged)["to_status"][0]
    with pytest.raises(ValidationError) as unknown:
        services.change_status(user=admin, zone=etdz, to_status="closed", effective_date=date(2025, 2, 1))
    assert errors_of(unknown)["to_status"] == ["没有这种开发区状态：closed。"]
    etdz.refresh_from_db()
    assert etdz.status == "delisted" and etdz.status_changes.count() == 1


def test_effective_dates_stay_in_order_and_not_in_the_future(demo: Any) -> None:
    admin, coastal = user("province_admin"), zone("yingkou-coastal")
    with pytest.raises(ValidationError) as future:
        services.change_status(
            user=admin, zone=coastal, to_status="warned", effective_date=timezone.localdate() + timedelta(days=1)
        )
    assert errors_of(future)["effective_date"] == ["生效日期不能晚于今天。"]
    services.change_status(user=admin, zone=coastal, to_status="warned", effective_date=date(2025, 5, 1))
    with pytest.raises(ValidationError) as earlier:
        services.change_status(user=admin, zone=coastal, to_status="active", effective_date=date(2025, 4, 30))
    assert errors_of(earlier)["effective_date"] == ["生效日期不能早于上一次状态变更的生效日期（2025-05-01）。"]


@pytest.mark.parametrize("name", ["city_yingkou", "zone_yingkou_hr", "province_staff", "auditor"])
def test_only_the_province_admin_changes_status(demo: Any, name: str) -> None:
    coastal = zone("yingkou-coastal")
    assert not can(user(name), "change_status", coastal)
    with pytest.raises(PermissionDenied):
        services.change_status(user=user(name), zone=coastal, to_status="warned", effective_date=date(2025, 1, 1))
    assert zone("yingkou-coastal").status == "active" and not ZoneStatusChange.objects.filter(zone=coastal).exists()
    assert can(user("province_admin"), "change_status", coastal)


def test_existing_province_admin_grants_get_change_status_from_the_migration(demo: Any) -> None:
    ZoneGroupObjectPermission.objects.filter(permission__codename="change_status").delete()
    admin = user("province_admin")
    assert not can(admin, "change_status", zone("yingkou-coastal"))
    module = next(
        importlib.import_module(f"zones.migrations.{path.stem}")
        for path in sorted((Path(__file__).parents[2] / "zones" / "migrations").glob("0*.py"))
        if "grant_change_status" in path.read_text()
    )
    module.grant_change_status(apps, None)
    admin = user("province_admin")  # a fresh permission cache
    assert can(admin, "change_status", zone("yingkou-coastal")) and can(admin, "change_status", zone("dalian-etdz"))
    assert not can(user("city_yingkou"), "change_status", zone("yingkou-coastal"))


# --- merges, sub-parks and roll-up ---------------------------------------------------------------


def add_plot(code: str, plot: str, use: str, mu: str, tax: str | None = None, output: str | None = None) -> None:
    plots_services.upsert_plot(
        user=user("province_admin"),
        zone=zone(code),
        code=plot,
        use=use,
        area_mu=D(mu),
        annual_tax=D(tax) if tax else None,
        annual_output=D(output) if output else None,
        figures_year=timezone.localdate().year - 1 if tax or output else None,
    )


def test_merge_makes_sub_parks_and_rolls_up_their_figures(demo: Any) -> None:
    admin = user("province_admin")
    LandPlot.objects.filter(zone__code="yingkou-coastal").delete()
    add_plot("yingkou-coastal", "A", "industrial", "100", "2000000", "300000000")
    add_plot("yingkou-hitech", "B", "industrial", "300", "3000000", "100000000")
    add_plot("yingkou-hitech", "C", "non_industrial", "50")
    ZoneArea.objects.filter(zone=zone("yingkou-hitech"), slug="catalogue").update(declared_km2=D("10.5"))
    # yingkou-etdz holds a sub-park of its own (庄河, reinstated from the demo merge): it moves along
    # with yingkou-etdz, so sub-parks stay one level deep
    services.change_status(
        user=admin, zone=zone("dalian-zhuanghe"), to_status="active", effective_date=timezone.localdate()
    )
    services.update_zone(user=admin, zone=zone("dalian-zhuanghe"), data={"parent_zone": zone("yingkou-etdz")})

    records = services.merge_zones(
        user=admin,
        surviving=zone("yingkou-coastal"),
        merged=[zone("yingkou-hitech"), zone("yingkou-etdz")],
        effective_date=date(2025, 9, 1),
        document_no="辽政〔2025〕9号",
    )
    assert [(r.merged_zone.code, r.surviving_zone.code) for r in records] == [
        ("yingkou-hitech", "yingkou-coastal"),
        ("yingkou-etdz", "yingkou-coastal"),
    ]
    hitech = zone("yingkou-hitech")
    assert hitech.status == "merged" and hitech.parent_zone.code == "yingkou-coastal"
    change = hitech.status_changes.get()
    assert (change.from_status, change.to_status, change.document_no) == ("active", "merged", "辽政〔2025〕9号")
    assert change.reason == "整合至辽宁(营口)沿海产业基地"
    assert zone("dalian-zhuanghe").parent_zone.code == "yingkou-coastal"

    coastal = profile_selectors.with_registry(Zone.objects).get(code="yingkou-coastal")
    totals = selectors.zone_rollup(coastal)
    assert totals is not None
    assert set(totals.members) == {"yingkou-coastal", "yingkou-hitech", "yingkou-etdz", "dalian-zhuanghe"}
    # the members' catalogue areas: 77.27 + 10.5 set above + the demo's (zones/demo.py)
    demo_km2 = OTHER_CATALOGUE["yingkou-etdz"][0] + OTHER_CATALOGUE["dalian-zhuanghe"][0]
    assert totals.declared_km2["catalogue"] == D("77.27") + D("10.5") + demo_km2
    assert totals.declared_km2["planned"] == D("120") and totals.declared_km2["controlled"] == D("144.41")
    # zhuanghe's demo plots (260 + 140 industrial, 75 non-industrial) come along
    assert totals.plot_area_mu["industrial"] == D("100") + D("300") + D("260") + D("140")
    assert totals.move_out_area_mu == D("50") + D("75")
    # pooled, not averaged: (2 000 000 + 3 000 000 + 2 080 000 + 840 000) / (100 + 300 + 260 + 140) mu
    assert totals.per_mu.tax_per_mu == D("9900.00")
    assert totals.per_mu.year == timezone.localdate().year - 1
    # the zone's own figures exclude its sub-parks
    assert selectors.plots_summary(coastal).per_mu.tax_per_mu == D("20000.00")


def test_merge_refusals(demo: Any) -> None:
    admin = user("province_admin")
    with pytest.raises(Conflict):  # already merged (demo: 庄河 into 大连经开区)
        services.merge_zones(
            user=admin,
            surviving=zone("dalian-changxing"),
            merged=[zone("dalian-zhuanghe")],
            effective_date=date(2025, 9, 1),
        )
    with pytest.raises(ValidationError) as itself:
        services.merge_zones(
            user=admin, surviving=zone("dalian-etdz"), merged=[zone("dalian-etdz")], effective_date=date(2025, 9, 1)
        )
    assert errors_of(itself)["merged"] == ["开发区不能整合到自身。"]
    with pytest.raises(Conflict):  # a merged zone cannot receive
        services.merge_zones(
            user=admin,
            surviving=zone("dalian-zhuanghe"),
            merged=[zone("dalian-changxing")],
            effective_date=date(2025, 9, 1),
        )
    services.update_zone(user=admin, zone=zone("yingkou-hitech"), data={"parent_zone": zone("yingkou-coastal")})
    with pytest.raises(ValidationError) as sub_park:  # nor can a sub-park
        services.merge_zones(
            user=admin, surviving=zone("yingkou-hitech"), merged=[zone("yingkou-etdz")], effective_date=date(2025, 9, 1)
        )
    assert errors_of(sub_park)["surviving"] == ["“营口高新技术产业开发区”本身是园区，不能作为整合后的开发区。"]
    assert zone("yingkou-etdz").status == "active"
    with pytest.raises(PermissionDenied):
        services.merge_zones(
            user=user("city_dalian"),
            surviving=zone("dalian-etdz"),
            merged=[zone("dalian-changxing")],
            effective_date=date(2025, 9, 1),
        )
    assert zone("dalian-changxing").status == "active" and zone("dalian-changxing").parent_zone is None


def test_reinstating_a_merged_zone_detaches_it_and_keeps_the_record(demo: Any) -> None:
    services.change_status(
        user=user("province_admin"),
        zone=zone("dalian-zhuanghe"),
        to_status="active",
        effective_date=timezone.localdate(),
    )
    zhuanghe = zone("dalian-zhuanghe")
    assert zhuanghe.status == "active" and zhuanghe.parent_zone is None
    assert ZoneMerge.objects.filter(merged_zone=zhuanghe, surviving_zone__code="dalian-etdz").exists()
    assert [c.to_status for c in zhuanghe.status_changes.all()] == ["active", "merged"]
    assert selectors.zone_rollup(profile_selectors.with_registry(Zone.objects).get(code="dalian-etdz")) is None


def test_sub_park_rules(demo: Any) -> None:
    city = user("city_yingkou")
    services.update_zone(user=city, zone=zone("yingkou-hitech"), data={"parent_zone": zone("yingkou-coastal")})
    assert zone("yingkou-hitech").parent_zone.code == "yingkou-coastal"
    with pytest.raises(ValidationError) as nested:
        services.update_zone(user=city, zone=zone("yingkou-etdz"), data={"parent_zone": zone("yingkou-hitech")})
    assert errors_of(nested)["parent_zone"] == ["“营口高新技术产业开发区”本身是园区，不能再下设园区。"]
    with pytest.raises(ValidationError) as has_parks:
        services.update_zone(user=city, zone=zone("yingkou-coastal"), data={"parent_zone": zone("yingkou-etdz")})
    assert errors_of(has_parks)["parent_zone"] == ["该开发区下设园区，不能成为其他开发区的园区。"]
    with pytest.raises(ValidationError) as foreign:  # out of scope: not revealed
        services.update_zone(user=city, zone=zone("yingkou-etdz"), data={"parent_zone": zone("dalian-etdz")})
    assert errors_of(foreign)["parent_zone"] == ["没有代码为 dalian-etdz 的开发区。"]
    with pytest.raises(ValidationError):
        services.update_zone(user=city, zone=zone("yingkou-etdz"), data={"parent_zone": zone("yingkou-etdz")})
    services.update_zone(user=city, zone=zone("yingkou-hitech"), data={"parent_zone": None})
    assert zone("yingkou-hitech").parent_zone is None


# --- platform companies ------------------------------------------------------------------------


def test_one_plus_one_plus_n_validation(demo: Any) -> None:
    city, coastal = user("city_yingkou"), zone("yingkou-coastal")
    group = PlatformCompany.objects.get(zone=coastal, tier="group")
    owner = PlatformCompany.objects.get(zone=coastal, tier="owner")

    def refused(data: dict[str, Any], company: PlatformCompany | None = None) -> dict[str, list[str]]:
        with pytest.raises(ValidationError) as exc:
            services.save_company(user=city, zone=coastal, company=company, data=data)
        return errors_of(exc)

    base = {
        "name": "营口沿海招商服务有限公司",
        "tier": "specialised",
        "specialty": "investment_attraction",
        "parent": group,
    }
    assert refused({**base, "shareholding_pct": D("150")})["shareholding_pct"] == ["持股比例须在 0 到 100 之间。"]
    assert refused({**base, "shareholding_pct": D("-0.01")})["shareholding_pct"] == ["持股比例须在 0 到 100 之间。"]
    assert refused({**base, "specialty": ""})["specialty"] == ["专业化公司须选择业务板块。"]
    assert refused({"name": "第二集团", "tier": "group", "parent": owner})["tier"] == [
        "每个开发区只能有一家国有集团公司（已有：营口沿海开发建设集团有限公司）。"
    ]
    assert refused({"name": "另一管委会", "tier": "owner"})["tier"][0].startswith("每个开发区只能登记一个管委会")
    assert refused({**base, "name": group.name})["name"] == ["本开发区已有同名平台公司。"]
    foreign = PlatformCompany.objects.create(zone=zone("yingkou-etdz"), name="外区公司", tier="owner")
    assert refused({**base, "parent": foreign})["parent"] == ["上级单位须是本开发区的平台公司。"]
    # the group is owned by the committee, not by a specialised company (here also its own subsidiary)
    specialised = PlatformCompany.objects.filter(zone=coastal, tier="specialised").first()
    assert refused({"parent": specialised}, company=group)["parent"] == [
        "“国有集团公司”的上级单位不能是“专业化公司”。",
        "上级单位不能是公司自身或其下属公司。",
    ]
    # a specialised company may hang under another one, but never under its own subsidiary
    child = services.save_company(user=city, zone=coastal, data={**base, "shareholding_pct": D("100")})
    services.save_company(user=city, zone=coastal, company=specialised, data={"parent": child})
    assert refused({"parent": specialised}, company=child)["parent"] == ["上级单位不能是公司自身或其下属公司。"]
    child.refresh_from_db()
    assert child.shareholding_pct == D("100.00") and child.parent_id == group.pk


def test_companies_need_registry_rights_and_protect_their_subsidiaries(demo: Any) -> None:
    coastal = zone("yingkou-coastal")
    group = PlatformCompany.objects.get(zone=coastal, tier="group")
    with pytest.raises(PermissionDenied):
        services.save_company(user=user("zone_yingkou_hr"), zone=coastal, company=group, data={"business_scope": "x"})
    with pytest.raises(Conflict):
        services.delete_company(user=user("province_admin"), company=group)
    assert PlatformCompany.objects.filter(pk=group.pk).exists()
    leaf = PlatformCompany.objects.get(zone=coastal, name="营口京诚建设发展有限公司")
    leaf_id = leaf.pk
    services.delete_company(user=user("province_admin"), company=leaf)
    assert not PlatformCompany.objects.filter(pk=leaf_id).exists()
    assert PlatformCompany.history.filter(id=leaf_id, history_type="-").exists()  # kept on record


# --- social functions --------------------------------------------------------------------------


def test_social_function_rules(demo: Any) -> None:
    city, coastal = user("city_yingkou"), zone("yingkou-coastal")

    def refused(data: dict[str, Any]) -> dict[str, list[str]]:
        with pytest.raises(ValidationError) as exc:
            services.save_social_function(user=city, zone=coastal, data=data)
        return errors_of(exc)

    assert refused({"function": "housing", "state": "stripped"}) == {
        "receiving_body": ["剥离的职能须填写承接单位（如所在县区）。"],
        "effective_date": ["剥离的职能须填写剥离日期。"],
    }
    assert refused({"function": "housing", "state": "retained", "receiving_body": "西市区"})["receiving_body"] == [
        "保留的职能不填写承接单位。"
    ]
    assert refused({"function": "education", "state": "retained"})["function"] == ["本开发区已登记该职能。"]
    assert refused({"function": "astrology", "state": "retained"})["function"] == ["没有这项社会事务职能：astrology。"]
    item = services.save_social_function(
        user=city,
        zone=coastal,
        data={
            "function": "housing",
            "state": "stripped",
            "receiving_body": "西市区人民政府",
            "effective_date": date(2025, 7, 1),
        },
    )
    assert item.get_function_display() == "住房保障"
    petitions = SocialFunction.objects.get(zone=coastal, function="petitions")
    services.save_social_function(
        user=city,
        zone=coastal,
        item=petitions,
        data={"state": "stripped", "receiving_body": "西市区信访局", "effective_date": date(2025, 8, 1)},
    )
    petitions.refresh_from_db()
    assert (petitions.state, petitions.receiving_body) == ("stripped", "西市区信访局")
    with pytest.raises(PermissionDenied):
        services.delete_social_function(user=user("auditor"), item=petitions)


# --- land plots ----------------------------------------------------------------------------------


def test_upsert_plot_creates_then_replaces(demo: Any) -> None:
    admin, coastal = user("province_admin"), zone("yingkou-coastal")
    plot, created = plots_services.upsert_plot(
        user=admin,
        zone=coastal,
        code="IMP-1",
        use="industrial",
        area_mu=D("200"),
        area_slug="chemical-park",
        enterprise="辛化工有限公司",
        annual_tax=D("5000000"),
        annual_output=D("600000000"),
        figures_year=2024,
    )
    assert created and plot.area.slug == "chemical-park"
    plot, created = plots_services.upsert_plot(
        user=admin, zone=coastal, code="IMP-1", use="supporting", area_mu=D("20"), needed_supporting=True
    )
    assert not created
    plot.refresh_from_db()
    assert (plot.use, plot.area_mu, plot.area, plot.enterprise, plot.annual_tax) == (
        "supporting",
        D("20"),
        None,
        "",
        None,
    )
    assert LandPlot.objects.filter(zone=coastal, code="IMP-1").count() == 1
    assert plot.history.count() == 2


def test_bad_plots_are_refused_in_chinese_and_change_nothing(demo: Any) -> None:
    admin, coastal = user("province_admin"), zone("yingkou-coastal")
    before = list(LandPlot.objects.filter(zone=coastal).values_list("code", "area_mu"))
    with pytest.raises(ValidationError) as exc:
        plots_services.upsert_plot(
            user=admin,
            zone=coastal,
            code="YK-CY-001",
            use="industrial",
            area_mu=D("0"),
            area_slug="nowhere",
            annual_tax=D("-1"),
            needed_supporting=True,
        )
    assert errors_of(exc) == {
        "area": ["本开发区没有标识为 nowhere 的区域。"],
        "area_mu": ["地块面积须大于 0 亩。"],
        "annual_tax": ["年度税收不能为负数。"],
        "figures_year": ["填写税收或产值时须注明数据年度。"],
        "needed_supporting": ["只有配套用地可标记为必要配套。"],
    }
    with pytest.raises(ValidationError) as dup:
        plots_services.create_plot(
            user=admin, zone=coastal, data={"code": "YK-CY-001", "use": "industrial", "area_mu": D(1)}
        )
    assert errors_of(dup)["code"] == ["本开发区已有编号为 YK-CY-001 的地块。"]
    with pytest.raises(ValidationError) as slash:
        plots_services.create_plot(user=admin, zone=coastal, data={"code": "A/1", "use": "industrial", "area_mu": D(1)})
    assert errors_of(slash)["code"] == ["地块编号不能包含“/”或空白字符。"]
    with pytest.raises(ValidationError) as year:
        plots_services.create_plot(
            user=admin, zone=coastal, data={"code": "Y", "use": "industrial", "area_mu": D(1), "figures_year": 1900}
        )
    assert errors_of(year)["figures_year"][0].startswith("数据年度须在 1984 年至")
    with pytest.raises(PermissionDenied):
        plots_services.create_plot(
            user=user("zone_yingkou_hr"), zone=coastal, data={"code": "Z", "use": "industrial", "area_mu": D(1)}
        )
    assert list(LandPlot.objects.filter(zone=coastal).values_list("code", "area_mu")) == before


def test_move_out_query_agrees_with_the_rule(demo: Any) -> None:
    coastal = zone("yingkou-coastal")
    by_query = set(selectors.plot_list(zone=coastal, filters={"move_out": "true"}).values_list("code", flat=True))
    summary = selectors.plots_summary(profile_selectors.with_registry(Zone.objects).get(pk=coastal.pk))
    by_rule = {p.code for p in summary.move_out}
    assert by_query == by_rule == {"YK-FC-001", "YK-FC-002", "YK-PT-002"}
    assert set(
        selectors.plot_list(zone=coastal, filters={"move_out": "false"}).values_list("code", flat=True)
    ).isdisjoint(by_query)


# --- demo data -----------------------------------------------------------------------------------


def test_demo_registry(demo: Any) -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115  (idempotent: a second run)
    coastal = profile_selectors.with_registry(Zone.objects).get(code="yingkou-coastal")
    tiers = [(c.tier, c.name) for c in coastal.platform_companies.all()]
    assert tiers[:2] == [("owner", "辽宁(营口)沿海产业基地管委会"), ("group", "营口沿海开发建设集团有限公司")]
    assert {n for t, n in tiers if t == "specialised"} == {"营口沿海城市建设发展有限公司", "营口京诚建设发展有限公司"}
    stripped = [f for f in coastal.social_functions.all() if f.state == "stripped"]
    assert len(stripped) >= 5 and {f.receiving_body for f in stripped} == {"西市区人民政府"}
    assert coastal.social_functions.get(function="petitions").state == "retained"
    summary = selectors.plots_summary(coastal)
    assert summary.plot_count == 9 and summary.per_mu.tax_per_mu == D("20134.19")  # 31 510 000 / 1 565 mu
    assert [p.code for p in summary.move_out] == ["YK-FC-001", "YK-FC-002", "YK-PT-002"]
    warned = zone("jinzhou-hitech")
    assert warned.status == "warned" and warned.status_changes.count() == 1
    etdz = profile_selectors.with_registry(Zone.objects).get(code="dalian-etdz")
    assert [p.code for p in etdz.sub_parks.all()] == ["dalian-zhuanghe"]
    assert zone("dalian-zhuanghe").status == "merged" and ZoneMerge.objects.count() == 1
    totals = selectors.zone_rollup(etdz)
    assert totals is not None and totals.per_mu.tax_per_mu == D("33510.49")  # 47 920 000 / 1 430 mu
    assert totals.move_out_area_mu == D("75")
