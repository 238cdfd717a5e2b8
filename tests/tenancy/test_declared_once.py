"""Tenancy declared once per model (ADR 0009): the zone path, the permissions, the year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from devzone.audit import registry as history
from devzone.tenancy import can, scoped, visible_zones
from devzone.tenancy import grants as grants_module
from devzone.tenancy.checks import check_zone_paths
from devzone.tenancy.grants import role_permissions, sync_grants, zone_permission
from devzone.tenancy.roles import Role
from devzone.tenancy.scope import zone_of, zone_path
from zones.models import (
    EstablishmentUnit,
    LandPlot,
    Plan,
    PlanBody,
    Region,
    Zone,
    ZoneGroupObjectPermission,
)


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def test_the_roles_hold_what_they_held_before_the_apps_declared_them() -> None:
    """The table devzone/tenancy/roles.py held until ADR 0009, now assembled from the apps."""
    view, edit, draft, review = "view_zone", "edit_registry", "draft_plan", "review_plan"
    staffing, finance, powers, history_, status = (
        "manage_staffing",
        "manage_finance",
        "manage_powers",
        "read_history",
        "change_status",
    )
    # permissions of apps built after ADR 0009 are new, not held before: left out here
    later = {"enter_indicator_values", "manage_pay_benchmarks"}  # assessment/grants.py
    assert {role: role_permissions(role) - later for role in Role.values} == {
        Role.PROVINCE_ADMIN: {view, edit, review, staffing, finance, "report_project_stages", powers, history_, status},
        Role.PROVINCE_STAFF: {view, review, history_},
        Role.CITY_OFFICER: {view, edit, draft, finance, "report_project_stages", history_},
        # ADR 0401: zone officers read their zone's finance and report project stages; the city keeps it.
        Role.ZONE_OFFICER: {view, staffing, "report_project_stages", powers},
        Role.DEPARTMENT: {view, powers},
        Role.AUDITOR: {view, history_},
    }


def test_every_model_declaration_passes_the_check() -> None:
    assert check_zone_paths() == []


def test_a_zone_owned_model_without_a_declaration_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(PlanBody, "zone_path")  # it reaches its zone through plan → zone
    errors = check_zone_paths()
    assert [(e.id, e.obj) for e in errors] == [("tenancy.E001", PlanBody)]
    with pytest.raises(ImproperlyConfigured, match=r"zones\.PlanBody declares no zone_path"):
        zone_path(PlanBody)


def test_a_declared_path_must_lead_to_the_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EstablishmentUnit, "zone_path", "establishment__source_plan")
    assert [e.id for e in check_zone_paths()] == ["tenancy.E002"]


def test_scoped_of_a_model_without_a_declaration_fails_loudly(demo: None) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"zones\.Region declares no zone_path"):
        scoped(Region.objects.all(), user("province_admin"))


def test_history_reads_the_models_declaration() -> None:
    regs = {reg.model: reg.zone_path for reg in history.registrations()}
    assert regs[Zone] == ""
    assert regs[PlanBody] == "plan__zone"
    assert regs[EstablishmentUnit] == "establishment__zone"
    assert all(path == zone_path(model) for model, path in regs.items())


def test_a_multi_hop_path_scopes_and_finds_the_zone(demo: None) -> None:
    """Plan bodies reach their zone through the plan: scoped(), zone_of() and can() follow it."""
    bodies = PlanBody.objects.select_related("plan__zone")
    assert {b.plan.zone.code for b in bodies} > {"yingkou-coastal"}, "the demo has plans in several zones"
    mine = scoped(PlanBody.objects.all(), user("zone_yingkou_hr"))
    assert mine.exists()
    assert set(mine.values_list("plan__zone__code", flat=True)) == {"yingkou-coastal"}
    foreign = bodies.exclude(plan__zone__code="yingkou-coastal").first()
    assert foreign is not None
    assert zone_of(foreign) == foreign.plan.zone
    assert not can(user("zone_yingkou_hr"), "view_zone", foreign)
    assert can(user("province_admin"), "view_zone", foreign)
    assert zone_of(Zone.objects.get(code="yingkou-coastal")).code == "yingkou-coastal"
    assert set(scoped(Plan.objects.all(), user("city_dalian")).values_list("zone__city__code", flat=True)) <= {"210200"}


def test_a_new_permission_reaches_existing_groups(demo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new app declares a permission; the grant sync gives it to the groups of its roles."""
    monkeypatch.setattr(grants_module, "_declared", dict(grants_module._declared))
    probe = zone_permission("probe_records", "矩阵测试权限", roles={Role.AUDITOR, Role.CITY_OFFICER})
    auditor, city = user("auditor"), user("city_yingkou")
    assert not can(auditor, probe, Zone.objects.get(code="yingkou-coastal"))

    sync_grants()
    grants = ZoneGroupObjectPermission.objects.filter(permission__codename=probe)
    count = grants.count()
    sync_grants()  # idempotent
    assert grants.count() == count
    assert set(visible_zones(user("auditor"), probe).values_list("code", flat=True)) == {
        "yingkou-coastal",
        "dalian-changxing",
    }
    assert set(visible_zones(user("city_yingkou"), probe)) == set(visible_zones(city).filter(city__code="210800"))
    assert not visible_zones(user("zone_yingkou_hr"), probe).exists()
    assert set(grants.values_list("group__name", flat=True)) == set(
        Group.objects.filter(name__startswith="auditor@").values_list("name", flat=True)
    ) | set(Group.objects.filter(name__startswith="city_officer@").values_list("name", flat=True))


def test_a_codename_claimed_twice_with_other_roles_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grants_module, "_declared", dict(grants_module._declared))
    with pytest.raises(ValueError, match="edit_registry"):
        zone_permission("edit_registry", "x", roles={Role.AUDITOR})


# -- the auditor's period: records with a year ------------------------------------------------


@pytest.fixture
def yearly_plots(demo: None, monkeypatch: pytest.MonkeyPatch) -> dict[int, LandPlot]:
    """Land plots declared year-bound (as finance records will be): one per year, in an audited zone."""
    monkeypatch.setattr(LandPlot, "scope_year", "figures_year", raising=False)
    zone = Zone.objects.get(code="yingkou-coastal")
    this = timezone.localdate().year
    return {
        year: LandPlot.objects.create(
            zone=zone, code=f"Y-{year}", use="industrial", area_mu=Decimal("1"), figures_year=year
        )
        for year in (this - 3, this - 1, this)
    }


def test_records_outside_the_auditors_period_are_invisible(yearly_plots: dict[int, LandPlot]) -> None:
    this = timezone.localdate().year  # the demo auditor's period: last year and this year
    ids = [p.pk for p in yearly_plots.values()]
    seen = set(scoped(LandPlot.objects.filter(pk__in=ids), user("auditor")).values_list("figures_year", flat=True))
    assert seen == {this - 1, this}
    auditor = user("auditor")
    assert [can(auditor, "view_zone", yearly_plots[y]) for y in sorted(yearly_plots)] == [False, True, True]
    assert can(auditor, "read_history", yearly_plots[this]) and not can(auditor, "read_history", yearly_plots[this - 3])
    # Roles without a period see every year; the zone's own officer too.
    for name in ("province_admin", "city_yingkou", "zone_yingkou_hr"):
        rows = scoped(LandPlot.objects.filter(pk__in=ids), user(name))
        assert set(rows.values_list("figures_year", flat=True)) == {this - 3, this - 1, this}, name
        assert can(user(name), "view_zone", yearly_plots[this - 3]), name
    # Asking for a year the period covers does not bring back the rows of other years.
    rows = scoped(LandPlot.objects.filter(pk__in=ids), auditor, year=this)
    assert set(rows.values_list("figures_year", flat=True)) == {this - 1, this}


def test_visible_zones_for_a_year(demo: None) -> None:
    this = timezone.localdate().year
    auditor = user("auditor")
    assert set(visible_zones(auditor, year=this)) == set(visible_zones(auditor))
    assert set(visible_zones(auditor, year=[this - 5, this - 1])) == set(visible_zones(auditor))
    assert not visible_zones(auditor, year=this - 3).exists()
    assert not scoped(Plan.objects.all(), auditor, year=this - 3).exists()
    admin = user("province_admin")
    assert set(visible_zones(admin, year=this - 30)) == set(visible_zones(admin))
