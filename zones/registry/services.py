"""Every write to zones and their registry: status changes, merges and sub-parks,
platform companies, social functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.domain import Conflict, Invalid, NotAllowed, model_update
from devzone.recompute.services import request_recompute
from devzone.tenancy.scope import can, can_create_zone_in
from devzone.tenancy.services import sync_zone_grants
from devzone.types import Account, User
from zones.registry.grants import CHANGE_STATUS, EDIT_REGISTRY

from . import rules
from .models import (
    CompanyTier,
    PlatformCompany,
    Region,
    RegionLevel,
    SocialFunction,
    SocialFunctionKind,
    SocialFunctionState,
    Zone,
    ZoneMerge,
    ZoneStatus,
    ZoneStatusChange,
)

# The recompute consumer (zones.areas.recompute) that sums areas per region: a zone moved to
# other regions owes it a recompute where it left and where it arrived.
REGION_TOTALS = "zones.region_area"

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
    if zone.kind and zone.level and not rules.level_fits_kind(zone.kind, zone.level):
        errors.setdefault("level", []).append(_("开发区类型与级别不一致。"))
    if zone.city_id and zone.city.level != RegionLevel.CITY:
        errors.setdefault("city", []).append(_("所在市必须是地级市。"))
    if zone.county is not None and zone.county.parent_id != zone.city_id:
        errors.setdefault("county", []).append(_("所在县(市、区)不属于所选的市。"))
    if errors:
        raise Invalid(errors)
    if bulk:
        zone.full_clean(exclude=["city", "county"], validate_unique=False)
    else:
        zone.full_clean(validate_unique=True)


@transaction.atomic
def create_zone(*, user: User, data: dict[str, Any]) -> Zone:
    _check_new_zone_registry_fields(data)
    zone = Zone(**{k: v for k, v in data.items() if k in ZONE_FIELDS})
    target: Region | None = zone.county if zone.county_id else (zone.city if zone.city_id else None)
    if target is not None and not can_create_zone_in(user, target):
        raise NotAllowed(_("您无权在该地区新增开发区。"))
    validate_zone(zone)
    zone.save()
    return zone


def _region_codes(city_id: int | None, county_id: int | None) -> set[str]:
    regions = Region.objects.filter(pk__in=[pk for pk in (city_id, county_id) if pk]).select_related("parent")
    return {code for region in regions for code in (region.code, region.parent.code if region.parent else None) if code}


@transaction.atomic
def update_zone(*, user: User, zone: Zone, data: dict[str, Any]) -> Zone:
    if not can(user, "edit_registry", zone):
        raise NotAllowed(_("您无权修改该开发区档案。"))
    data = dict(data)
    new_status = data.pop("status", None)
    new_parent = data.pop("parent_zone", _UNSET)
    if new_status is not None and new_status != zone.status and not can(user, CHANGE_STATUS, zone):
        raise NotAllowed(_("只有省级管理员可以变更开发区状态。"))
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    before = (zone.city_id, zone.county_id)
    for key, value in data.items():
        if key in ZONE_FIELDS and key not in ("code", "status"):
            setattr(zone, key, value)
    target = zone.county if zone.county_id else zone.city
    if (zone.city_id, zone.county_id) != before and not can_create_zone_in(user, target):
        raise NotAllowed(_("您无权将开发区移至该地区。"))
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


def require(user: User, action: str, obj: models.Model, message: str) -> None:
    """``NotAllowed(message)`` unless ``user`` may ``action`` on the zone (of the plan, plot, …).

    The zones sub-packages' services check their permissions with it."""
    if not can(user, action, obj):
        raise NotAllowed(message)


def account(user: User) -> Account | None:
    """The account to record as the author of a change (None for the anonymous user)."""
    return user if user.is_authenticated else None


def require_registry(user: User, zone: Zone) -> None:
    """``NotAllowed`` unless ``user`` may edit ``zone``'s registry (plots, companies, …)."""
    require(user, EDIT_REGISTRY, zone, _("您无权修改该开发区档案。"))


def _check_new_zone_registry_fields(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if data.get("status", ZoneStatus.ACTIVE) != ZoneStatus.ACTIVE:
        errors["status"] = [_("新设开发区的状态为“正常”；状态变更请在创建后办理。")]
    if data.get("parent_zone") is not None:
        errors["parent_zone"] = [_("请在创建后再设置上级园区。")]
    if errors:
        raise Invalid(errors)


def _check_effective_date(zone: Zone, effective_date: date, field: str = "effective_date") -> None:
    if effective_date > timezone.localdate():
        raise Invalid({field: [_("生效日期不能晚于今天。")]})
    last = zone.status_changes.order_by("-effective_date").values_list("effective_date", flat=True).first()
    if last is not None and effective_date < last:
        raise Invalid(
            {field: [_("生效日期不能早于上一次状态变更的生效日期（%(date)s）。") % {"date": last.isoformat()}]}
        )


def _status_label(value: str) -> str:
    return str(ZoneStatus(value).label) if value in ZoneStatus.values else value


@transaction.atomic
def change_status(
    *, user: User, zone: Zone, to_status: str, effective_date: date, reason: str = "", document_no: str = ""
) -> ZoneStatusChange:
    """Record a dated status change (warn, rectify, delist, reinstate) and set ``zone.status``.

    Legal transitions are data (``rules.STATUS_TRANSITIONS``); an illegal one is a 409. A
    merged zone that is reinstated leaves its surviving zone (``parent_zone`` cleared).
    """
    require(user, CHANGE_STATUS, zone, _("只有省级管理员可以变更开发区状态。"))
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    if to_status not in ZoneStatus.values:
        raise Invalid({"to_status": [_("没有这种开发区状态：%(value)s。") % {"value": to_status}]})
    if to_status == zone.status:
        message = _("开发区已处于“%(status)s”状态。") % {"status": _status_label(to_status)}
        raise Invalid({"to_status": [message]})
    if to_status == ZoneStatus.MERGED:
        raise Invalid({"to_status": [_("整合须通过“开发区整合”办理，并指定整合后的开发区。")]})
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
        changed_by=account(user),
    )
    change.full_clean()
    change.save()
    left_merge = {"parent_zone": None} if zone.status == ZoneStatus.MERGED else {}
    model_update(zone, {"status": to_status, **left_merge}, fields=("status", "parent_zone"))
    return change


@transaction.atomic
def merge_zones(
    *,
    user: User,
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
        require(user, CHANGE_STATUS, zone, _("只有省级管理员可以办理开发区整合。"))
    if not merged:
        raise Invalid({"merged": [_("请至少选择一个被整合的开发区。")]})
    ids = [z.pk for z in merged]
    if len(set(ids)) != len(ids):
        raise Invalid({"merged": [_("被整合的开发区有重复。")]})
    if surviving.pk in ids:
        raise Invalid({"merged": [_("开发区不能整合到自身。")]})
    locked = {z.pk: z for z in Zone.objects.select_for_update().filter(pk__in=[surviving.pk, *ids]).order_by("pk")}
    surviving = locked[surviving.pk]
    if surviving.status not in rules.RECEIVING:
        raise Conflict(
            _("“%(zone)s”当前为“%(status)s”，不能接收整合。")
            % {"zone": surviving.name, "status": _status_label(surviving.status)}
        )
    if surviving.parent_zone_id is not None:
        message = _("“%(zone)s”本身是园区，不能作为整合后的开发区。") % {"zone": surviving.name}
        raise Invalid({"surviving": [message]})
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
            changed_by=account(user),
        )
        for sub in Zone.objects.select_for_update().filter(parent_zone=zone).order_by("pk"):
            model_update(sub, {"parent_zone": surviving}, fields=("parent_zone",))
        model_update(zone, {"status": ZoneStatus.MERGED, "parent_zone": surviving}, fields=("status", "parent_zone"))
        record = ZoneMerge(
            merged_zone=zone,
            surviving_zone=surviving,
            effective_date=effective_date,
            document_no=document_no.strip(),
            reason=reason.strip(),
            merged_by=account(user),
        )
        record.full_clean()
        record.save()
        records.append(record)
    return records


def _apply_parent_zone(*, user: User, zone: Zone, parent: Zone | None) -> None:
    """Make ``zone`` a sub-park (园区/区中园) of ``parent``, or a zone of its own (``None``)."""
    if (parent.pk if parent else None) == zone.parent_zone_id:
        return
    if zone.status == ZoneStatus.MERGED:
        raise Invalid({"parent_zone": [_("已整合的开发区随整合关系归属；如需调整请先恢复其状态。")]})
    if parent is None:
        zone.parent_zone = None
        return
    if not can(user, "view_zone", parent):
        raise Invalid({"parent_zone": [_("没有代码为 %(value)s 的开发区。") % {"value": parent.code}]})
    require(user, EDIT_REGISTRY, parent, _("您无权修改上级园区的档案。"))
    if parent.pk == zone.pk:
        raise Invalid({"parent_zone": [_("开发区不能是自身的园区。")]})
    if parent.parent_zone_id is not None:
        raise Invalid({"parent_zone": [_("“%(zone)s”本身是园区，不能再下设园区。") % {"zone": parent.name}]})
    if parent.status not in rules.RECEIVING:
        message = _("“%(zone)s”当前为“%(status)s”，不能下设园区。") % {
            "zone": parent.name,
            "status": _status_label(parent.status),
        }
        raise Invalid({"parent_zone": [message]})
    if zone.sub_parks.exists():
        raise Invalid({"parent_zone": [_("该开发区下设园区，不能成为其他开发区的园区。")]})
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
    if rules.specialty_required(company.tier) and not company.specialty:
        add("specialty", _("专业化公司须选择业务板块。"))
    if not rules.specialty_required(company.tier) and company.specialty:
        add("specialty", _("只有专业化公司填写业务板块。"))
    if not rules.shareholding_valid(company.shareholding_pct):
        add("shareholding_pct", _("持股比例须在 0 到 100 之间。"))
    if not rules.shareholding_allowed(company.tier) and company.shareholding_pct is not None:
        add("shareholding_pct", _("管委会(出资人)不填写持股比例。"))
    parent = company.parent
    if parent is not None:
        if parent.zone_id != company.zone_id:
            add("parent", _("上级单位须是本开发区的平台公司。"))
        elif company.tier and not rules.parent_tier_allowed(company.tier, parent.tier):
            add(
                "parent",
                _("“%(tier)s”的上级单位不能是“%(parent)s”。")
                % {"tier": CompanyTier(company.tier).label, "parent": parent.get_tier_display()},
            )
        seen: set[int] = set()
        node: PlatformCompany | None = parent
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
        raise Invalid(errors)
    company.full_clean(validate_unique=False, validate_constraints=False)


def _resolve_company_parent(zone: Zone, value: Any) -> PlatformCompany | None:
    if value is None or value == "":
        return None
    if isinstance(value, PlatformCompany):
        value = value.pk  # reload: the cycle check walks the stored parents, not a stale copy
    parent = PlatformCompany.objects.filter(zone=zone, pk=value).first() if str(value).isdigit() else None
    if parent is None:
        raise Invalid({"parent": [_("上级单位须是本开发区的平台公司。")]})
    return parent


@transaction.atomic
def save_company(
    *, user: User, zone: Zone, data: Mapping[str, Any], company: PlatformCompany | None = None
) -> PlatformCompany:
    """Create (``company=None``) or change a platform company; ``data`` may be partial on change.

    ``data["parent"]`` is a company of the same zone (or its id).
    """
    require_registry(user, zone)
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
def delete_company(*, user: User, company: PlatformCompany) -> None:
    require_registry(user, company.zone)
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
        raise Invalid(errors)
    item.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def save_social_function(
    *, user: User, zone: Zone, data: Mapping[str, Any], item: SocialFunction | None = None
) -> SocialFunction:
    """Record that ``zone`` keeps (保留) or has stripped (剥离) a social-affairs function."""
    require_registry(user, zone)
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
def delete_social_function(*, user: User, item: SocialFunction) -> None:
    require_registry(user, item.zone)
    item.delete()
