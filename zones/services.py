"""Every write to regions and zones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.api.exceptions import Conflict
from devzone.recompute.services import request_recompute
from devzone.tenancy.roles import CHANGE_STATUS, DRAFT_PLAN, EDIT_REGISTRY, REVIEW_PLAN
from devzone.tenancy.scope import can, can_create_zone_in
from devzone.tenancy.services import sync_zone_grants

from . import rules, selectors
from .geometry import clean_geometry
from .models import (
    OPEN_PLAN_STATES,
    AreaKind,
    CompanyTier,
    EstablishmentUnit,
    EstablishmentUnitKind,
    FinanceModel,
    LandPlot,
    Plan,
    PlanAgency,
    PlanBody,
    PlanBodyBound,
    PlanComment,
    PlanRuleSet,
    PlanSection,
    PlanSnapshot,
    PlanState,
    PlanTransition,
    PlatformCompany,
    PlotUse,
    Region,
    RegionLevel,
    SocialFunction,
    SocialFunctionKind,
    SocialFunctionState,
    Zone,
    ZoneArea,
    ZoneEstablishment,
    ZoneKind,
    ZoneLevel,
    ZoneMerge,
    ZoneStatus,
    ZoneStatusChange,
)
from .recompute import AREA, REGION_TOTALS

# Which level each kind of zone carries; a border cooperation zone may be either.
KIND_LEVELS: dict[str, set[str]] = {
    ZoneKind.NATIONAL_ETDZ: {ZoneLevel.NATIONAL},
    ZoneKind.NATIONAL_HITECH: {ZoneLevel.NATIONAL},
    ZoneKind.PROVINCIAL_EDZ: {ZoneLevel.PROVINCIAL},
    ZoneKind.PROVINCIAL_HITECH: {ZoneLevel.PROVINCIAL},
    ZoneKind.BORDER_COOPERATION: {ZoneLevel.NATIONAL, ZoneLevel.PROVINCIAL},
}

ZONE_FIELDS = (
    "code",
    "name",
    "kind",
    "level",
    "city",
    "county",
    "management_model",
    "managing_authority",
    "founded_year",
    "leading_industries",
    "status",
    "parent_zone",
)


def validate_zone(zone: Zone, *, bulk: bool = False) -> None:
    """Check a zone before saving. ``bulk``: the caller (the Excel import) has already resolved
    city and county to existing regions and checked code/name uniqueness for many rows at once,
    so the per-row existence and uniqueness queries are skipped."""
    errors: dict[str, list[str]] = {}
    if zone.kind and zone.level and zone.level not in KIND_LEVELS.get(zone.kind, set()):
        errors.setdefault("level", []).append(_("开发区类型与级别不一致。"))
    if zone.city_id and zone.city.level != RegionLevel.CITY:
        errors.setdefault("city", []).append(_("所在市必须是地级市。"))
    if zone.county_id and zone.county.parent_id != zone.city_id:
        errors.setdefault("county", []).append(_("所在县(市、区)不属于所选的市。"))
    if errors:
        raise ValidationError(errors)
    if bulk:
        zone.full_clean(exclude=["city", "county"], validate_unique=False)
    else:
        zone.full_clean(validate_unique=True)


@transaction.atomic
def create_zone(*, user: Any, data: dict[str, Any]) -> Zone:
    _check_new_zone_registry_fields(data)
    zone = Zone(**{k: v for k, v in data.items() if k in ZONE_FIELDS})
    target: Region | None = zone.county if zone.county_id else (zone.city if zone.city_id else None)
    if target is not None and not can_create_zone_in(user, target):
        raise PermissionDenied(_("您无权在该地区新增开发区。"))
    validate_zone(zone)
    zone.save()
    return zone


# --- Zone areas (SPEC §1 "Areas and boundaries") ---------------------------------------------

AREA_FIELDS = ("declared_km2", "bounds_text", "geometry")
# The areas every zone may have; sub-areas are created with a name and a parent elsewhere.
STANDARD_AREAS = (AreaKind.CATALOGUE, AreaKind.PLANNED, AreaKind.CONTROLLED)


def _apply_area(area: ZoneArea, data: dict[str, Any]) -> bool:
    """Copy the editable fields; returns whether the geometry changed (and bumps its version)."""
    geometry_changed = False
    if "geometry" in data:
        geometry = clean_geometry(data["geometry"])
        if geometry != area.geometry:
            area.geometry = geometry
            area.geometry_version += 1
            geometry_changed = True
    for field in ("declared_km2", "bounds_text"):
        if field in data:
            setattr(area, field, data[field])
    area.full_clean(validate_unique=False)
    return geometry_changed


@transaction.atomic
def update_area(*, user: Any, area: ZoneArea, data: dict[str, Any]) -> ZoneArea:
    """Change an area's declared figure, 四至 and/or boundary; a new boundary is recomputed."""
    if not can(user, EDIT_REGISTRY, area.zone):
        raise PermissionDenied(_("您无权修改该开发区档案。"))
    area = ZoneArea.objects.select_for_update(of=("self",)).select_related("zone").get(pk=area.pk)
    geometry_changed = _apply_area(area, data)
    area.save()
    if geometry_changed:
        request_recompute(AREA, area.pk)
    return area


def set_area_geometry(*, user: Any, area: ZoneArea, geometry: dict[str, Any] | None) -> ZoneArea:
    """Replace (or, with ``None``, remove) an area's boundary; its figures follow by themselves."""
    return update_area(user=user, area=area, data={"geometry": geometry})


@transaction.atomic
def create_area(*, user: Any, zone: Zone, kind: str, data: dict[str, Any]) -> ZoneArea:
    """Add one of a zone's standard areas (catalogue, planned, controlled)."""
    if not can(user, EDIT_REGISTRY, zone):
        raise PermissionDenied(_("您无权修改该开发区档案。"))
    if kind not in STANDARD_AREAS:
        raise ValidationError({"kind": [_("只能新增目录核准面积、规划面积或实控面积；片区请在片区管理中新增。")]})
    area = ZoneArea(zone=zone, slug=kind, kind=kind, name=AreaKind(kind).label)
    geometry_changed = _apply_area(area, data)
    area.save()
    if geometry_changed:  # without a boundary there is nothing to compute or to total
        request_recompute(AREA, area.pk)
    return area


def _region_codes(city_id: int | None, county_id: int | None) -> set[str]:
    regions = Region.objects.filter(pk__in=[pk for pk in (city_id, county_id) if pk]).select_related("parent")
    return {code for region in regions for code in (region.code, region.parent.code if region.parent else None) if code}


@transaction.atomic
def update_zone(*, user: Any, zone: Zone, data: dict[str, Any]) -> Zone:
    if not can(user, "edit_registry", zone):
        raise PermissionDenied(_("您无权修改该开发区档案。"))
    data = dict(data)
    new_status = data.pop("status", None)
    new_parent = data.pop("parent_zone", _UNSET)
    if new_status is not None and new_status != zone.status and not can(user, CHANGE_STATUS, zone):
        raise PermissionDenied(_("只有省级管理员可以变更开发区状态。"))
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    before = (zone.city_id, zone.county_id)
    for key, value in data.items():
        if key in ZONE_FIELDS and key not in ("code", "status"):
            setattr(zone, key, value)
    target = zone.county if zone.county_id else zone.city
    if (zone.city_id, zone.county_id) != before and not can_create_zone_in(user, target):
        raise PermissionDenied(_("您无权将开发区移至该地区。"))
    if new_parent is not _UNSET:
        _apply_parent_zone(user=user, zone=zone, parent=new_parent)
    validate_zone(zone)
    zone.save()
    if (zone.city_id, zone.county_id) != before:
        sync_zone_grants(zone=zone)
        # its areas now count in other regions' totals: recompute where they left and arrived
        for code in sorted(_region_codes(*before) | _region_codes(zone.city_id, zone.county_id)):
            request_recompute(REGION_TOTALS, code)
    if new_status is not None and new_status != zone.status:
        # A status change is a dated province decision with its own record (registry section).
        change_status(user=user, zone=zone, to_status=new_status, effective_date=timezone.localdate())
        zone.refresh_from_db()
        # its areas now count in other regions' totals: recompute where they left and arrived
        for code in sorted(_region_codes(*before) | _region_codes(zone.city_id, zone.county_id)):
            request_recompute(REGION_TOTALS, code)
    return zone


# ---------------------------------------------------------------------------------------------
# Registry: status history, merges and sub-parks, platform companies, social functions, plots.
# Registry edits need EDIT_REGISTRY (city and province roles); status changes and merges are a
# province decision and need CHANGE_STATUS (province admin). Zone officers read only.
# ---------------------------------------------------------------------------------------------

_UNSET: Any = object()


def _require(user: Any, action: str, obj: Zone | Plan, message: str) -> None:
    """``PermissionDenied(message)`` unless ``user`` may ``action`` on the zone (of the plan)."""
    if not can(user, action, obj):
        raise PermissionDenied(message)


def _require_registry(user: Any, zone: Zone) -> None:
    _require(user, EDIT_REGISTRY, zone, _("您无权修改该开发区档案。"))


def _check_new_zone_registry_fields(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if data.get("status", ZoneStatus.ACTIVE) != ZoneStatus.ACTIVE:
        errors["status"] = [_("新设开发区的状态为“正常”；状态变更请在创建后办理。")]
    if data.get("parent_zone") is not None:
        errors["parent_zone"] = [_("请在创建后再设置上级园区。")]
    if errors:
        raise ValidationError(errors)


def _check_effective_date(zone: Zone, effective_date: date, field: str = "effective_date") -> None:
    if effective_date > timezone.localdate():
        raise ValidationError({field: [_("生效日期不能晚于今天。")]})
    last = zone.status_changes.order_by("-effective_date").values_list("effective_date", flat=True).first()
    if last is not None and effective_date < last:
        raise ValidationError(
            {field: [_("生效日期不能早于上一次状态变更的生效日期（%(date)s）。") % {"date": last.isoformat()}]}
        )


def _status_label(value: str) -> str:
    return str(ZoneStatus(value).label) if value in ZoneStatus.values else value


@transaction.atomic
def change_status(
    *, user: Any, zone: Zone, to_status: str, effective_date: date, reason: str = "", document_no: str = ""
) -> ZoneStatusChange:
    """Record a dated status change (warn, rectify, delist, reinstate) and set ``zone.status``.

    Legal transitions are data (``rules.STATUS_TRANSITIONS``); an illegal one is a 409. A
    merged zone that is reinstated leaves its surviving zone (``parent_zone`` cleared).
    """
    _require(user, CHANGE_STATUS, zone, _("只有省级管理员可以变更开发区状态。"))
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    if to_status not in ZoneStatus.values:
        raise ValidationError({"to_status": [_("没有这种开发区状态：%(value)s。") % {"value": to_status}]})
    if to_status == zone.status:
        message = _("开发区已处于“%(status)s”状态。") % {"status": _status_label(to_status)}
        raise ValidationError({"to_status": [message]})
    if to_status == ZoneStatus.MERGED:
        raise ValidationError({"to_status": [_("整合须通过“开发区整合”办理，并指定整合后的开发区。")]})
    if not rules.status_change_allowed(zone.status, to_status):
        raise Conflict(
            _("开发区当前为“%(from)s”，不能变更为“%(to)s”。")
            % {"from": _status_label(zone.status), "to": _status_label(to_status)}
        )
    _check_effective_date(zone, effective_date)
    change = ZoneStatusChange(
        zone=zone,
        from_status=zone.status,
        to_status=to_status,
        effective_date=effective_date,
        reason=reason.strip(),
        document_no=document_no.strip(),
        changed_by=user if getattr(user, "pk", None) else None,
    )
    change.full_clean()
    change.save()
    if zone.status == ZoneStatus.MERGED:
        zone.parent_zone = None
    zone.status = to_status
    zone.save()
    return change


@transaction.atomic
def merge_zones(
    *,
    user: Any,
    surviving: Zone,
    merged: Sequence[Zone],
    effective_date: date,
    document_no: str = "",
    reason: str = "",
) -> list[ZoneMerge]:
    """整合 (004 §一): the merged zones become sub-parks of ``surviving`` with status ``merged``.

    Each merged zone gets a status-change row and a merge record; its own sub-parks move to
    the surviving zone, so sub-parks are always one level deep (the roll-up needs no recursion).
    """
    merged = list(merged)
    for zone in [surviving, *merged]:
        _require(user, CHANGE_STATUS, zone, _("只有省级管理员可以办理开发区整合。"))
    if not merged:
        raise ValidationError({"merged": [_("请至少选择一个被整合的开发区。")]})
    ids = [z.pk for z in merged]
    if len(set(ids)) != len(ids):
        raise ValidationError({"merged": [_("被整合的开发区有重复。")]})
    if surviving.pk in ids:
        raise ValidationError({"merged": [_("开发区不能整合到自身。")]})
    locked = {z.pk: z for z in Zone.objects.select_for_update().filter(pk__in=[surviving.pk, *ids]).order_by("pk")}
    surviving = locked[surviving.pk]
    if surviving.status not in rules.RECEIVING:
        raise Conflict(
            _("“%(zone)s”当前为“%(status)s”，不能接收整合。")
            % {"zone": surviving.name, "status": _status_label(surviving.status)}
        )
    if surviving.parent_zone_id is not None:
        message = _("“%(zone)s”本身是园区，不能作为整合后的开发区。") % {"zone": surviving.name}
        raise ValidationError({"surviving": [message]})
    records = []
    for zone in (locked[pk] for pk in ids):
        if zone.status not in rules.MERGEABLE:
            raise Conflict(
                _("“%(zone)s”当前为“%(status)s”，不能被整合。")
                % {"zone": zone.name, "status": _status_label(zone.status)}
            )
        _check_effective_date(zone, effective_date)
        note = reason.strip() or _("整合至%(zone)s") % {"zone": surviving.name}
        ZoneStatusChange.objects.create(
            zone=zone,
            from_status=zone.status,
            to_status=ZoneStatus.MERGED,
            effective_date=effective_date,
            reason=note,
            document_no=document_no.strip(),
            changed_by=user if getattr(user, "pk", None) else None,
        )
        for sub in Zone.objects.select_for_update().filter(parent_zone=zone).order_by("pk"):
            sub.parent_zone = surviving
            sub.save()
        zone.status = ZoneStatus.MERGED
        zone.parent_zone = surviving
        zone.save()
        record = ZoneMerge(
            merged_zone=zone,
            surviving_zone=surviving,
            effective_date=effective_date,
            document_no=document_no.strip(),
            reason=reason.strip(),
            merged_by=user if getattr(user, "pk", None) else None,
        )
        record.full_clean()
        record.save()
        records.append(record)
    return records


def _apply_parent_zone(*, user: Any, zone: Zone, parent: Zone | None) -> None:
    """Make ``zone`` a sub-park (园区/区中园) of ``parent``, or a zone of its own (``None``)."""
    if (parent.pk if parent else None) == zone.parent_zone_id:
        return
    if zone.status == ZoneStatus.MERGED:
        raise ValidationError({"parent_zone": [_("已整合的开发区随整合关系归属；如需调整请先恢复其状态。")]})
    if parent is None:
        zone.parent_zone = None
        return
    if not can(user, "view_zone", parent):
        raise ValidationError({"parent_zone": [_("没有代码为 %(value)s 的开发区。") % {"value": parent.code}]})
    _require(user, EDIT_REGISTRY, parent, _("您无权修改上级园区的档案。"))
    if parent.pk == zone.pk:
        raise ValidationError({"parent_zone": [_("开发区不能是自身的园区。")]})
    if parent.parent_zone_id is not None:
        raise ValidationError({"parent_zone": [_("“%(zone)s”本身是园区，不能再下设园区。") % {"zone": parent.name}]})
    if parent.status not in rules.RECEIVING:
        message = _("“%(zone)s”当前为“%(status)s”，不能下设园区。") % {
            "zone": parent.name,
            "status": _status_label(parent.status),
        }
        raise ValidationError({"parent_zone": [message]})
    if zone.sub_parks.exists():
        raise ValidationError({"parent_zone": [_("该开发区下设园区，不能成为其他开发区的园区。")]})
    zone.parent_zone = parent


# --- platform companies -------------------------------------------------------------------

COMPANY_FIELDS = ("name", "tier", "specialty", "parent", "shareholding_pct", "business_scope")


def _validate_company(company: PlatformCompany) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    company.name = (company.name or "").strip()
    if not company.name:
        add("name", _("请填写公司名称。"))
    if company.tier == CompanyTier.SPECIALISED and not company.specialty:
        add("specialty", _("专业化公司须选择业务板块。"))
    if company.tier != CompanyTier.SPECIALISED and company.specialty:
        add("specialty", _("只有专业化公司填写业务板块。"))
    if not rules.shareholding_valid(company.shareholding_pct):
        add("shareholding_pct", _("持股比例须在 0 到 100 之间。"))
    if company.tier == CompanyTier.OWNER and company.shareholding_pct is not None:
        add("shareholding_pct", _("管委会(出资人)不填写持股比例。"))
    parent = company.parent
    if parent is not None:
        if parent.zone_id != company.zone_id:
            add("parent", _("上级单位须是本开发区的平台公司。"))
        elif company.tier and parent.tier not in rules.PARENT_TIERS.get(company.tier, frozenset()):
            add(
                "parent",
                _("“%(tier)s”的上级单位不能是“%(parent)s”。")
                % {"tier": CompanyTier(company.tier).label, "parent": parent.get_tier_display()},
            )
        seen, node = set(), parent
        while node is not None and node.pk not in seen:
            if company.pk is not None and node.pk == company.pk:
                add("parent", _("上级单位不能是公司自身或其下属公司。"))
                break
            seen.add(node.pk)
            node = node.parent
    if company.tier in rules.MAX_PER_ZONE:
        same = PlatformCompany.objects.filter(zone_id=company.zone_id, tier=company.tier).exclude(pk=company.pk).first()
        if same is not None:
            message = (
                _("每个开发区只能有一家国有集团公司（已有：%(name)s）。")
                if company.tier == CompanyTier.GROUP
                else _("每个开发区只能登记一个管委会(出资人)（已有：%(name)s）。")
            )
            add("tier", message % {"name": same.name})
    namesakes = PlatformCompany.objects.filter(zone_id=company.zone_id, name=company.name).exclude(pk=company.pk)
    if company.name and namesakes.exists():
        add("name", _("本开发区已有同名平台公司。"))
    if errors:
        raise ValidationError(errors)
    company.full_clean(validate_unique=False, validate_constraints=False)


def _resolve_company_parent(zone: Zone, value: Any) -> PlatformCompany | None:
    if value is None or value == "":
        return None
    if isinstance(value, PlatformCompany):
        value = value.pk  # reload: the cycle check walks the stored parents, not a stale copy
    parent = PlatformCompany.objects.filter(zone=zone, pk=value).first() if str(value).isdigit() else None
    if parent is None:
        raise ValidationError({"parent": [_("上级单位须是本开发区的平台公司。")]})
    return parent


@transaction.atomic
def save_company(
    *, user: Any, zone: Zone, data: Mapping[str, Any], company: PlatformCompany | None = None
) -> PlatformCompany:
    """Create (``company=None``) or change a platform company; ``data`` may be partial on change.

    ``data["parent"]`` is a company of the same zone (or its id).
    """
    _require_registry(user, zone)
    if company is None:
        company = PlatformCompany(zone=zone)
    else:
        company = PlatformCompany.objects.select_for_update().get(pk=company.pk, zone=zone)
    for key in COMPANY_FIELDS:
        if key in data:
            value = data[key]
            if key == "parent":
                value = _resolve_company_parent(zone, value)
            elif key in ("specialty", "business_scope", "name") and value is None:
                value = ""
            setattr(company, key, value)
    _validate_company(company)
    company.save()
    return company


@transaction.atomic
def delete_company(*, user: Any, company: PlatformCompany) -> None:
    _require_registry(user, company.zone)
    if company.subsidiaries.exists():
        raise Conflict(_("该公司下设子公司，请先删除或调整其子公司。"))
    company.delete()


# --- social functions ---------------------------------------------------------------------

SOCIAL_FUNCTION_FIELDS = ("function", "state", "receiving_body", "effective_date", "note")


def _validate_social_function(item: SocialFunction) -> None:
    errors: dict[str, list[str]] = {}
    item.receiving_body = (item.receiving_body or "").strip()
    if item.function not in SocialFunctionKind.values:
        errors["function"] = [_("没有这项社会事务职能：%(value)s。") % {"value": item.function}]
    elif SocialFunction.objects.filter(zone_id=item.zone_id, function=item.function).exclude(pk=item.pk).exists():
        errors["function"] = [_("本开发区已登记该职能。")]
    if item.state == SocialFunctionState.STRIPPED:
        if not item.receiving_body:
            errors["receiving_body"] = [_("剥离的职能须填写承接单位（如所在县区）。")]
        if item.effective_date is None:
            errors["effective_date"] = [_("剥离的职能须填写剥离日期。")]
    elif item.state == SocialFunctionState.RETAINED and item.receiving_body:
        errors["receiving_body"] = [_("保留的职能不填写承接单位。")]
    if errors:
        raise ValidationError(errors)
    item.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def save_social_function(
    *, user: Any, zone: Zone, data: Mapping[str, Any], item: SocialFunction | None = None
) -> SocialFunction:
    """Record that ``zone`` keeps (保留) or has stripped (剥离) a social-affairs function."""
    _require_registry(user, zone)
    if item is None:
        item = SocialFunction(zone=zone)
    else:
        item = SocialFunction.objects.select_for_update().get(pk=item.pk, zone=zone)
    for key in SOCIAL_FUNCTION_FIELDS:
        if key in data:
            value = data[key]
            if key in ("receiving_body", "note") and value is None:
                value = ""
            setattr(item, key, value)
    _validate_social_function(item)
    item.save()
    return item


@transaction.atomic
def delete_social_function(*, user: Any, item: SocialFunction) -> None:
    _require_registry(user, item.zone)
    item.delete()


# --- land plots ---------------------------------------------------------------------------

PLOT_FIELDS = (
    "code",
    "use",
    "area",
    "area_mu",
    "enterprise",
    "annual_tax",
    "annual_output",
    "figures_year",
    "needed_supporting",
    "note",
)
FIRST_FIGURES_YEAR = 1984  # the first development zones (1984)


def _resolve_area(zone: Zone, value: Any) -> ZoneArea | None:
    if value is None or value == "":
        return None
    if isinstance(value, ZoneArea):
        if value.zone_id != zone.pk:
            raise ValidationError({"area": [_("所在区域须是本开发区的区域。")]})
        return value
    area = zone.areas.filter(slug=str(value)).first()
    if area is None:
        raise ValidationError({"area": [_("本开发区没有标识为 %(value)s 的区域。") % {"value": value}]})
    return area


def _validate_plot(plot: LandPlot, errors: dict[str, list[str]] | None = None) -> None:
    errors = errors if errors is not None else {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    plot.code = (plot.code or "").strip()
    if not plot.code:
        add("code", _("请填写地块编号。"))
    elif any(ch == "/" or ch.isspace() for ch in plot.code):
        add("code", _("地块编号不能包含“/”或空白字符。"))
    elif LandPlot.objects.filter(zone_id=plot.zone_id, code=plot.code).exclude(pk=plot.pk).exists():
        add("code", _("本开发区已有编号为 %(code)s 的地块。") % {"code": plot.code})
    if plot.use not in PlotUse.values:
        add("use", _("用地性质须为产业、配套或非产业用地。"))
    if plot.area_mu is None or plot.area_mu <= 0:
        add("area_mu", _("地块面积须大于 0 亩。"))
    if plot.annual_tax is not None and plot.annual_tax < 0:
        add("annual_tax", _("年度税收不能为负数。"))
    if plot.annual_output is not None and plot.annual_output < 0:
        add("annual_output", _("年度产值不能为负数。"))
    has_figures = plot.annual_tax is not None or plot.annual_output is not None
    this_year = timezone.localdate().year
    if has_figures and plot.figures_year is None:
        add("figures_year", _("填写税收或产值时须注明数据年度。"))
    if plot.figures_year is not None and not FIRST_FIGURES_YEAR <= plot.figures_year <= this_year:
        add(
            "figures_year",
            _("数据年度须在 %(first)d 年至 %(last)d 年之间。") % {"first": FIRST_FIGURES_YEAR, "last": this_year},
        )
    if plot.needed_supporting and plot.use != PlotUse.SUPPORTING:
        add("needed_supporting", _("只有配套用地可标记为必要配套。"))
    if errors:
        raise ValidationError(errors)
    plot.full_clean(validate_unique=False, validate_constraints=False)


def _save_plot(plot: LandPlot, data: Mapping[str, Any]) -> LandPlot:
    errors: dict[str, list[str]] = {}
    for key in PLOT_FIELDS:
        if key in data:
            value = data[key]
            if key == "area":
                try:
                    value = _resolve_area(plot.zone, value)
                except ValidationError as exc:
                    errors.update(exc.message_dict)
                    continue
            elif key in ("enterprise", "note", "code") and value is None:
                value = ""
            elif key == "needed_supporting":
                value = bool(value)
            setattr(plot, key, value)
    _validate_plot(plot, errors)
    plot.save()
    return plot


@transaction.atomic
def create_plot(*, user: Any, zone: Zone, data: Mapping[str, Any]) -> LandPlot:
    """A new land plot; ``data["area"]`` is the slug of the zone area it lies in (or None)."""
    _require_registry(user, zone)
    return _save_plot(LandPlot(zone=zone), data)


@transaction.atomic
def update_plot(*, user: Any, plot: LandPlot, data: Mapping[str, Any]) -> LandPlot:
    _require_registry(user, plot.zone)
    locked = LandPlot.objects.select_for_update().select_related("zone").get(pk=plot.pk)
    return _save_plot(locked, data)


@transaction.atomic
def delete_plot(*, user: Any, plot: LandPlot) -> None:
    _require_registry(user, plot.zone)
    plot.delete()


@transaction.atomic
def upsert_plot(
    *,
    user: Any,
    zone: Zone,
    code: str,
    use: str,
    area_mu: Decimal,
    area_slug: str | None = None,
    enterprise: str = "",
    annual_tax: Decimal | None = None,
    annual_output: Decimal | None = None,
    figures_year: int | None = None,
    needed_supporting: bool = False,
    note: str = "",
) -> tuple[LandPlot, bool]:
    """Create or replace the plot ``code`` of ``zone`` with exactly these values (Excel import).

    Returns (plot, created). Raises ``ValidationError`` (Chinese, per field) and changes nothing
    on bad input, ``PermissionDenied`` without EDIT_REGISTRY on the zone.
    """
    _require_registry(user, zone)
    data = {
        "code": code,
        "use": use,
        "area": area_slug,
        "area_mu": area_mu,
        "enterprise": enterprise,
        "annual_tax": annual_tax,
        "annual_output": annual_output,
        "figures_year": figures_year,
        "needed_supporting": needed_supporting,
        "note": note,
    }
    existing = LandPlot.objects.select_for_update().filter(zone=zone, code=(code or "").strip()).first()
    plot = existing if existing is not None else LandPlot(zone=zone)
    return _save_plot(plot, data), existing is None


# The areas every zone may declare, addressed by a slug equal to their kind (SPEC §1).
DECLARED_AREA_SLUGS = STANDARD_AREAS


@transaction.atomic
def set_declared_area(*, user: Any, zone: Zone, slug: str, declared_km2: Decimal) -> ZoneArea:
    """Create the zone's catalogue/planned/controlled area, or change its declared km²."""
    if not can(user, "edit_registry", zone):
        raise PermissionDenied(_("您无权修改该开发区档案。"))
    if slug not in DECLARED_AREA_SLUGS:
        raise ValidationError({"slug": [_("只能登记目录核准面积、规划面积或实控面积。")]})
    area = ZoneArea.objects.select_for_update().filter(zone=zone, slug=slug).first()
    if area is None:
        return create_area(user=user, zone=zone, kind=slug, data={"declared_km2": declared_km2})
    if area.declared_km2 == declared_km2:
        return area
    return update_area(user=user, area=area, data={"declared_km2": declared_km2})


# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans: drafting, the workflow, the establishment (SPEC §1, ADR 0141)
# ---------------------------------------------------------------------------------------------


class PlanConflict(Exception):
    """The plan is not in a state that allows the action (the API answers 409)."""


# Input limits (the serializer and the page form use the same figures).
PLAN_TEXT_MAX = 20000
UNIT_NAME_MAX = 64
UNIT_DUTIES_MAX = 5000
UNITS_MAX = 50
COMMENT_MAX = 5000
FIGURE_MAX = {"leadership_posts": 100, "headcount_cap": 100000, "contract_term_years": 10}
PLAN_TEXT_FIELDS = ("leadership_note", "hiring_mode", "exit_rule")


def _state_label(state: str) -> str:
    return str(PlanState(state).label)


def clean_plan_input(data: dict[str, Any]) -> dict[str, Any]:
    """Check the editable content of a plan (types, limits, unique names); ``ValidationError``
    by field, in Chinese. Completeness is not checked here: a draft may be unfinished; the rule
    set is applied at submission."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    for name, top in FIGURE_MAX.items():
        if name not in data:
            continue
        value = data[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            errors.setdefault(name, []).append(_("请输入整数。"))
        elif value is not None and not 0 <= value <= top:
            errors.setdefault(name, []).append(_("应在 0 到 %(max)d 之间。") % {"max": top})
        else:
            out[name] = value
    for name in PLAN_TEXT_FIELDS:
        if name in data:
            value = data[name] or ""
            if not isinstance(value, str) or len(value) > PLAN_TEXT_MAX:
                errors.setdefault(name, []).append(_("文字不能超过 %(max)d 字。") % {"max": PLAN_TEXT_MAX})
            else:
                out[name] = value.strip()
    if "finance_model" in data:
        value = data["finance_model"] or ""
        if value and value not in FinanceModel.values:
            errors.setdefault("finance_model", []).append(_("财政管理方式无效。"))
        else:
            out["finance_model"] = value
    if "sections" in data:
        sections = data["sections"] or {}
        if not isinstance(sections, dict):
            errors.setdefault("sections", []).append(_("各部分正文应为“部分标识: 文字”的对象。"))
        else:
            for slug, text in sections.items():
                if slug not in PlanSection.values:
                    errors.setdefault("sections", []).append(_("未知的方案部分：%(slug)s。") % {"slug": slug})
                elif not isinstance(text, str) or len(text) > PLAN_TEXT_MAX:
                    errors.setdefault("sections", []).append(
                        _("“%(section)s”正文不能超过 %(max)d 字。")
                        % {"section": PlanSection(slug).label, "max": PLAN_TEXT_MAX}
                    )
            out["sections"] = {slug: (text or "").strip() for slug, text in sections.items()}
    for key, label in (("internal_bodies", _("内设机构")), ("dispatched_agencies", _("派驻机构"))):
        if key not in data:
            continue
        units = data[key] or []
        problems = _unit_problems(units, label)
        if problems:
            errors[key] = problems
        else:
            out[key] = [{"name": u["name"].strip(), "duties": (u.get("duties") or "").strip()} for u in units]
    if errors:
        raise ValidationError(errors)
    return out


def _unit_problems(units: Any, label: str) -> list[str]:
    if not isinstance(units, list):
        return [_("%(label)s应为列表。") % {"label": label}]
    if len(units) > UNITS_MAX:
        return [_("%(label)s最多 %(max)d 个。") % {"label": label, "max": UNITS_MAX}]
    problems: list[str] = []
    seen: set[str] = set()
    for i, unit in enumerate(units, start=1):
        name = unit.get("name") if isinstance(unit, dict) else None
        duties = unit.get("duties", "") if isinstance(unit, dict) else None
        if not isinstance(name, str) or not name.strip():
            problems.append(_("%(label)s第 %(n)d 项未填写名称。") % {"label": label, "n": i})
            continue
        name = name.strip()
        if len(name) > UNIT_NAME_MAX:
            problems.append(_("%(label)s“%(name)s”名称过长。") % {"label": label, "name": name[:20]})
        if duties is not None and (not isinstance(duties, str) or len(duties) > UNIT_DUTIES_MAX):
            problems.append(
                _("%(label)s“%(name)s”的职责不能超过 %(max)d 字。")
                % {"label": label, "name": name, "max": UNIT_DUTIES_MAX}
            )
        if name in seen:
            problems.append(_("%(label)s“%(name)s”重复。") % {"label": label, "name": name})
        seen.add(name)
    return problems


def _sync_units(plan: Plan, model: type[PlanBody] | type[PlanAgency], units: list[dict[str, str]]) -> None:
    """Make the plan's bodies (or agencies) exactly ``units``, matching rows by name."""
    existing = {u.name: u for u in model.objects.filter(plan=plan)}
    wanted = {u["name"] for u in units}
    for name, row in existing.items():
        if name not in wanted:
            row.delete()
    for order, unit in enumerate(units, start=1):
        row = existing.get(unit["name"])
        if row is None:
            model.objects.create(plan=plan, name=unit["name"], duties=unit["duties"], order=order)
        elif (row.duties, row.order) != (unit["duties"], order):
            row.duties, row.order = unit["duties"], order
            row.save()


def _apply_plan_input(plan: Plan, cleaned: dict[str, Any]) -> None:
    for name in (*FIGURE_MAX, *PLAN_TEXT_FIELDS, "finance_model"):
        if name in cleaned:
            setattr(plan, name, cleaned[name])
    if "sections" in cleaned:
        merged = {**(plan.sections or {}), **cleaned["sections"]}
        plan.sections = {slug: merged[slug] for slug in rules.SECTIONS if merged.get(slug)}
    plan.save()
    if "internal_bodies" in cleaned:
        _sync_units(plan, PlanBody, cleaned["internal_bodies"])
    if "dispatched_agencies" in cleaned:
        _sync_units(plan, PlanAgency, cleaned["dispatched_agencies"])


def _log(plan: Plan, *, from_state: str, user: Any, note: str = "", snapshot: PlanSnapshot | None = None) -> None:
    PlanTransition.objects.create(
        plan=plan, from_state=from_state, to_state=plan.state, user=user, note=note, snapshot=snapshot
    )


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("zone").get(pk=plan.pk)


def _check_transition(plan: Plan, action: str) -> str:
    target = rules.transition_target(action, plan.state)
    if target is None:
        messages = {
            "submit": _("方案当前状态为“%(state)s”，不能报送（只有草稿或已退回的方案可以报送）。"),
            "return": _("方案当前状态为“%(state)s”，不能退回（只有已报送的方案可以退回）。"),
            "approve": _("方案当前状态为“%(state)s”，不能批准（只有已报送的方案可以批准）。"),
        }
        raise PlanConflict(messages[action] % {"state": _state_label(plan.state)})
    return target


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > COMMENT_MAX:
        raise ValidationError({"note": [_("说明不能超过 %(max)d 字。") % {"max": COMMENT_MAX}]})
    return note


@transaction.atomic
def create_plan(*, user: Any, zone: Zone, data: dict[str, Any], based_on: Plan | None = None) -> Plan:
    """A city officer starts a new version of a zone's plan (a draft). One plan in progress per zone."""
    _require(user, DRAFT_PLAN, zone, _("您无权为该开发区编制一区一策方案。"))
    cleaned = clean_plan_input(data)
    zone = Zone.objects.select_for_update().get(pk=zone.pk)  # serialises version numbers per zone
    open_plan = Plan.objects.filter(zone=zone, state__in=OPEN_PLAN_STATES).first()
    if open_plan is not None:
        raise PlanConflict(
            _("该开发区已有未办结的方案（第 %(version)d 版，%(state)s），请在该方案上继续修改。")
            % {"version": open_plan.version, "state": open_plan.get_state_display()}
        )
    last = Plan.objects.filter(zone=zone).order_by("-version").values_list("version", flat=True).first() or 0
    if based_on is None:
        based_on = Plan.objects.filter(zone=zone, state=PlanState.APPROVED).first()
    plan = Plan(zone=zone, version=last + 1, state=PlanState.DRAFT, created_by=user, based_on=based_on)
    _apply_plan_input(plan, cleaned)
    _log(plan, from_state="", user=user, note=_("起草第 %(version)d 版。") % {"version": plan.version})
    return plan


@transaction.atomic
def update_plan(*, user: Any, plan: Plan, data: dict[str, Any]) -> Plan:
    """Change a draft or returned plan; a submitted, approved or superseded one is locked (409)."""
    _require(user, DRAFT_PLAN, plan, _("您无权修改该方案。"))
    plan = _locked(plan)
    if not plan.editable:
        raise PlanConflict(
            _("方案当前状态为“%(state)s”，不能修改（只有草稿或已退回的方案可以修改）。")
            % {"state": plan.get_state_display()}
        )
    _apply_plan_input(plan, clean_plan_input(data))
    return plan


@transaction.atomic
def revise_plan(*, user: Any, plan: Plan) -> Plan:
    """Start the next version from an approved (or superseded) one: a draft with its content."""
    if plan.state not in rules.REVISABLE_STATES:
        _require(user, DRAFT_PLAN, plan, _("您无权为该开发区编制一区一策方案。"))
        raise PlanConflict(
            _("只能在已批准或已被替代的方案基础上起草新版本，该方案当前状态为“%(state)s”。")
            % {"state": plan.get_state_display()}
        )
    return create_plan(user=user, zone=plan.zone, data=selectors.plan_input(plan), based_on=plan)


def plan_violations(plan: Plan, *, year: int | None = None) -> list[rules.Violation]:
    """The rule set in force checked against the plan as it stands now."""
    rule_set = selectors.plan_rule_set(year or timezone.localdate().year)
    if rule_set is None:
        raise ValidationError({"non_field_errors": [_("没有适用于本年度的方案审核规则，请联系省级管理员。")]})
    return rules.validate_plan(selectors.plan_figures(selectors.plan_data(plan)), selectors.rules_of(rule_set))


@transaction.atomic
def submit_plan(*, user: Any, plan: Plan, note: str = "") -> Plan:
    """Draft/returned → submitted, if the plan passes the province's rule set. Freezes a snapshot.

    Rule violations are a ``ValidationError`` keyed by section slug, messages in Chinese.
    """
    _require(user, DRAFT_PLAN, plan, _("您无权报送该方案。"))
    note = _clean_note(note)
    plan = _locked(plan)
    source, target = plan.state, _check_transition(plan, "submit")
    violations = plan_violations(plan)
    if violations:
        raise ValidationError(selectors.violation_messages(violations))
    number = PlanSnapshot.objects.filter(plan=plan).count() + 1
    snapshot = PlanSnapshot.objects.create(plan=plan, number=number, data=selectors.plan_data(plan), created_by=user)
    plan.state, plan.submitted_at = target, timezone.now()
    plan.save()
    _log(plan, from_state=source, user=user, note=note, snapshot=snapshot)
    return plan


def _latest_snapshot(plan: Plan) -> PlanSnapshot:
    return PlanSnapshot.objects.filter(plan=plan).order_by("-number").first()


@transaction.atomic
def return_plan(*, user: Any, plan: Plan, comments: list[dict[str, str]], note: str = "") -> Plan:
    """Submitted → returned, with the reviewer's comments on the sections to rework."""
    _require(user, REVIEW_PLAN, plan, _("您无权审核该方案。"))
    note = _clean_note(note)
    errors: list[str] = []
    cleaned: list[tuple[str, str]] = []
    for item in comments or []:
        section, text = (item or {}).get("section"), ((item or {}).get("text") or "").strip()
        if section not in PlanSection.values:
            errors.append(_("未知的方案部分：%(slug)s。") % {"slug": section})
        elif len(text) > COMMENT_MAX:
            errors.append(_("意见不能超过 %(max)d 字。") % {"max": COMMENT_MAX})
        elif text:
            cleaned.append((section, text))
    if not errors and not cleaned:
        errors.append(_("退回时请至少对一个部分提出意见。"))
    if errors:
        raise ValidationError({"comments": errors})
    plan = _locked(plan)
    source, target = plan.state, _check_transition(plan, "return")
    snapshot = _latest_snapshot(plan)
    PlanComment.objects.bulk_create(
        PlanComment(plan=plan, snapshot=snapshot, section=section, text=text, author=user) for section, text in cleaned
    )
    plan.state = target
    plan.save()
    _log(plan, from_state=source, user=user, note=note, snapshot=snapshot)
    return plan


@transaction.atomic
def approve_plan(*, user: Any, plan: Plan, note: str = "") -> Plan:
    """Submitted → approved. The plan in force before it is superseded, and the approved figures
    become the zone's establishment, on record with the version they came from."""
    _require(user, REVIEW_PLAN, plan, _("您无权审核该方案。"))
    note = _clean_note(note)
    Zone.objects.select_for_update().filter(pk=plan.zone_id).first()  # one approval per zone at a time
    plan = _locked(plan)
    source, target = plan.state, _check_transition(plan, "approve")
    for previous in Plan.objects.select_for_update().filter(zone_id=plan.zone_id, state=PlanState.APPROVED):
        previous.state = rules.transition_target("supersede", previous.state)
        previous.save()
        _log(
            previous,
            from_state=PlanState.APPROVED,
            user=user,
            note=_("被第 %(version)d 版替代。") % {"version": plan.version},
        )
    snapshot = _latest_snapshot(plan)
    plan.state, plan.approved_at = target, timezone.now()
    plan.save()
    _log(plan, from_state=source, user=user, note=note, snapshot=snapshot)
    _write_establishment(plan, snapshot)
    return plan


def _write_establishment(plan: Plan, snapshot: PlanSnapshot) -> ZoneEstablishment:
    """The approved submission's figures become the zone's establishment (staffing reads it)."""
    data = snapshot.data
    missing = [name for name in ("headcount_cap", "leadership_posts") if not data.get(name)]
    if missing:
        raise ValidationError(
            {
                name: [_("方案未载明该数字，不能据此核定机构编制。")] for name in missing
            }  # the rule set may not require it
        )
    establishment = ZoneEstablishment.objects.select_for_update().filter(zone_id=plan.zone_id).first()
    if establishment is None:
        establishment = ZoneEstablishment(zone_id=plan.zone_id)
    establishment.headcount_cap = data["headcount_cap"]
    establishment.leadership_posts = data["leadership_posts"]
    establishment.contract_term_years = data.get("contract_term_years")
    establishment.source_plan = plan
    establishment.source_version = plan.version
    establishment.source_submission = snapshot.number
    establishment.approved_at = plan.approved_at
    establishment.save()
    for kind, key in (
        (EstablishmentUnitKind.INTERNAL, "internal_bodies"),
        (EstablishmentUnitKind.DISPATCHED, "dispatched_agencies"),
    ):
        units = data.get(key) or []
        existing = {u.name: u for u in EstablishmentUnit.objects.filter(establishment=establishment, kind=kind)}
        wanted = {u["name"] for u in units}
        for name, row in existing.items():
            if name not in wanted:
                row.delete()
        for order, unit in enumerate(units, start=1):
            row = existing.get(unit["name"])
            if row is None:
                EstablishmentUnit.objects.create(
                    establishment=establishment, kind=kind, name=unit["name"], duties=unit["duties"], order=order
                )
            elif (row.duties, row.order) != (unit["duties"], order):
                row.duties, row.order = unit["duties"], order
                row.save()
    return establishment


@transaction.atomic
def ensure_default_plan_rules() -> PlanRuleSet:
    """The shipped default rule set, created if missing; existing rows are left as the province set them."""
    from . import rule_defaults

    return rule_defaults.load(PlanRuleSet, PlanBodyBound)


# --- Named sub-areas (SPEC §1 "named sub-areas", e.g. 化工产业区; ADR 0163) --------------------


@transaction.atomic
def create_sub_area(*, user: Any, zone: Zone, data: dict[str, Any]) -> ZoneArea:
    """Add a named sub-area inside one of the zone's areas (``data["parent"]``: a ZoneArea)."""
    if not can(user, EDIT_REGISTRY, zone):
        raise PermissionDenied(_("您无权修改该开发区档案。"))
    slug, parent = data.get("slug") or "", data.get("parent")
    errors: dict[str, list[str]] = {}
    if slug in STANDARD_AREAS:
        errors["slug"] = [_("该标识保留给目录核准面积、规划面积和实控面积。")]
    elif ZoneArea.objects.filter(zone=zone, slug=slug).exists():
        errors["slug"] = [_("本开发区已有标识为 %(slug)s 的区域。") % {"slug": slug}]
    if not (data.get("name") or "").strip():
        errors["name"] = [_("请填写片区名称。")]
    if not isinstance(parent, ZoneArea) or parent.zone_id != zone.pk:
        errors["parent"] = [_("所属区域须是本开发区的区域。")]
    if errors:
        raise ValidationError(errors)
    area = ZoneArea(zone=zone, slug=slug, kind=AreaKind.SUB_AREA, name=data["name"].strip(), parent=parent)
    geometry_changed = _apply_area(area, data)
    area.save()
    if geometry_changed:
        request_recompute(AREA, area.pk)
    return area
