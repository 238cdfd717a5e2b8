"""Zones in Excel: the registry list people keep today, imported and exported (SPEC §1, §6).

One row per zone, identified by its code: a known code updates that zone, a new code creates
one. The declared catalogue/planned/controlled areas ride along as three columns; a blank area
cell leaves the area as it is (an import never deletes an area). A user may create zones only
where ``can_create_zone_in`` allows and change only zones they may edit; a row naming a zone the
user cannot see is refused without saying that the zone exists (ADR 0124).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import JSONField, TextField, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.imports import bulk
from devzone.imports.base import CREATE, UNCHANGED, UPDATE, BatchRefused, Importer, ImportPlan, Problems, Row
from devzone.imports.columns import (
    ChoiceColumn,
    DecimalColumn,
    RegionColumn,
    TextColumn,
)
from devzone.imports.registry import register
from devzone.tenancy.roles import ZONE_CREATORS
from devzone.tenancy.scope import can_create_zone_in, visible_zones
from devzone.types import User
from zones.areas import selectors as areas_selectors
from zones.areas import services as areas_services
from zones.areas.models import AreaKind, ZoneArea
from zones.registry import selectors as registry_selectors
from zones.registry import services as registry_services
from zones.registry.grants import EDIT_REGISTRY
from zones.registry.models import ManagementModel, Region, Zone, ZoneKind, ZoneLevel

ZONE_COLUMNS = ("name", "kind", "level", "city", "county", "management_model")
AREA_COLUMNS = tuple(str(slug) for slug in areas_services.DECLARED_AREA_SLUGS)
# an area's boundary and what is derived from it: not checked again when only its figure changes
AREA_HEAVY_FIELDS = ("geometry", "outline", "computed_flags")


def _area_column(slug: str, header: Any) -> DecimalColumn:
    return DecimalColumn(
        slug,
        header,
        max_digits=12,
        decimal_places=4,
        min_value=Decimal(0),
        width=14,
        hint=gettext_lazy("留空表示不修改已登记的面积。"),
    )


@register
class ZoneImporter(Importer):
    name = "zones"
    title = gettext_lazy("开发区")
    sheet_title = gettext_lazy("开发区")
    natural_key = ("code",)
    columns = (
        TextColumn(
            "code",
            gettext_lazy("代码"),
            required=True,
            max_length=64,
            pattern=r"[-a-zA-Z0-9_]+",
            pattern_message=gettext_lazy("代码只能包含英文字母、数字、连字符和下划线，如 yingkou-coastal。"),
            hint=gettext_lazy("开发区的固定标识：已有的代码表示修改该开发区，新的代码表示新增。"),
            width=22,
        ),
        TextColumn("name", gettext_lazy("名称"), required=True, max_length=128, unique=True, width=30),
        ChoiceColumn("kind", gettext_lazy("类型"), required=True, choices=ZoneKind.choices, width=28),
        ChoiceColumn("level", gettext_lazy("级别"), required=True, choices=ZoneLevel.choices, width=10),
        RegionColumn("city", gettext_lazy("所在市"), required=True, level="city", width=12),
        RegionColumn(
            "county",
            gettext_lazy("所在县(市、区)"),
            level="county",
            width=16,
            hint=gettext_lazy("须属于所在市；留空表示不属于某个县(市、区)。"),
        ),
        ChoiceColumn(
            "management_model", gettext_lazy("管理模式"), required=True, choices=ManagementModel.choices, width=16
        ),
        _area_column("catalogue", gettext_lazy("目录核准面积(平方公里)")),
        _area_column("planned", gettext_lazy("规划面积(平方公里)")),
        _area_column("controlled", gettext_lazy("实控面积(平方公里)")),
    )

    # -- who may import ------------------------------------------------------------------

    @property
    def actor(self) -> User:
        """Who imports: the anonymous user when there is none (no scope, so nothing is visible)."""
        return self.user if self.user is not None else AnonymousUser()

    def permitted(self) -> bool:
        user = self.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        return (
            user.memberships.filter(role__in=ZONE_CREATORS, region__isnull=False).exists()
            or visible_zones(user, EDIT_REGISTRY).exists()
        )

    # -- checking ------------------------------------------------------------------------
    def prepare(self, rows: list[Row]) -> None:
        codes = {row.values["code"] for row in rows}
        names = {row.values["name"] for row in rows}
        # Looked up without scope only to decide; a foreign zone is never shown or named.
        self.existing = {z.code: z for z in Zone.objects.filter(code__in=codes).select_related("city", "county")}
        ids = [z.pk for z in self.existing.values()]
        self.visible = set(visible_zones(self.actor).filter(pk__in=ids).values_list("pk", flat=True))
        self.editable = set(visible_zones(self.actor, EDIT_REGISTRY).filter(pk__in=ids).values_list("pk", flat=True))
        self.name_owner = dict(Zone.objects.filter(name__in=names).values_list("name", "code"))
        self.areas = {
            (zone_id, slug): declared
            for zone_id, slug, declared in ZoneArea.objects.filter(zone_id__in=ids, slug__in=AREA_COLUMNS).values_list(
                "zone_id", "slug", "declared_km2"
            )
        }
        self._creatable: dict[int, bool] = {}

    def may_create_in(self, region: Region) -> bool:
        if region.pk not in self._creatable:
            self._creatable[region.pk] = can_create_zone_in(self.actor, region)
        return self._creatable[region.pk]

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        code = row.values["code"]
        zone = self.existing.get(code)
        if zone is not None and zone.pk not in self.visible:
            problems.add(row, "code", _("开发区代码“%(code)s”不可用，请换用其他代码。") % {"code": code})
            return None
        wanted = {key: row.values[key] for key in ZONE_COLUMNS if row.given(key)}
        areas = {slug: row.values[slug] for slug in AREA_COLUMNS if row.values.get(slug) is not None}
        if zone is None:
            return self._plan_create(row, problems, code, wanted, areas)
        return self._plan_update(row, problems, zone, wanted, areas)

    def _plan_create(
        self, row: Row, problems: Problems, code: str, wanted: dict[str, Any], areas: dict[str, Decimal]
    ) -> ImportPlan | None:
        wanted.setdefault("county", None)
        target = wanted["county"] or wanted["city"]
        if not self.may_create_in(target):
            key = "county" if wanted["county"] else "city"
            problems.add(row, key, _("您无权在%(region)s新增开发区。") % {"region": target.name})
            return None
        self._check_name(row, problems, code, wanted["name"])
        candidate = Zone(code=code, **wanted)
        self._check_zone(row, problems, candidate)
        return ImportPlan(row, CREATE, changes={"zone": {"code": code, **wanted}, "areas": areas})

    def _plan_update(
        self, row: Row, problems: Problems, zone: Zone, wanted: dict[str, Any], areas: dict[str, Decimal]
    ) -> ImportPlan | None:
        changes = {key: value for key, value in wanted.items() if not self._same(zone, key, value)}
        areas = {slug: km2 for slug, km2 in areas.items() if self.areas.get((zone.pk, slug)) != km2}
        if not changes and not areas:
            return ImportPlan(row, UNCHANGED, target=zone)
        if zone.pk not in self.editable:
            problems.add(row, "code", _("您无权修改开发区“%(code)s”的档案。") % {"code": zone.code})
            return None
        if "city" in changes or "county" in changes:
            county = changes.get("county", zone.county)
            target = county or changes.get("city", zone.city)
            if not self.may_create_in(target):
                key = "county" if county else "city"
                problems.add(row, key, _("您无权将开发区移至%(region)s。") % {"region": target.name})
                return None
        if "name" in changes:
            self._check_name(row, problems, zone.code, changes["name"])
        candidate = copy.copy(zone)
        for key, value in changes.items():
            setattr(candidate, key, value)
        self._check_zone(row, problems, candidate)
        return ImportPlan(row, UPDATE, target=zone, changes={"zone": changes, "areas": areas})

    @staticmethod
    def _same(zone: Zone, key: str, value: Any) -> bool:
        if key in ("city", "county"):
            return getattr(zone, f"{key}_id") == (value.pk if value is not None else None)
        return getattr(zone, key) == value

    def _check_name(self, row: Row, problems: Problems, code: str, name: str) -> None:
        owner = self.name_owner.get(name)
        if owner is not None and owner != code:
            problems.add(row, "name", _("名称“%(name)s”不可用，请换用其他名称。") % {"name": name})

    def _check_zone(self, row: Row, problems: Problems, candidate: Zone) -> None:
        try:
            registry_services.validate_zone(candidate, bulk=True)
        except ValidationError as error:
            problems.add_validation_error(row, error, self)

    # -- writing -------------------------------------------------------------------------
    applies_in_batches = True

    def apply_batch(self, plans: Sequence[ImportPlan]) -> None:
        """Write a batch at a constant number of queries (issue 9).

        Updates that keep a zone in its city and county (the bulk of a yearly re-import) and
        their declared areas are written in bulk, with history: the batch's zones and areas are
        locked and reloaded in two queries, ``plan`` already checked every value and the user's
        scope for the file. A new zone, or one moving to another city or county, goes through
        the services one by one: it needs its grants and the regions' totals re-derived.
        """
        simple = [p for p in plans if p.action == UPDATE and not {"city", "county"} & set(p.changes["zone"])]
        one_by_one = {id(p) for p in plans} - {id(p) for p in simple}
        for plan in plans:
            if id(plan) in one_by_one:
                self.apply_one(plan)
        if not simple:
            return
        ids = [plan.target.pk for plan in simple]
        zones = Zone.objects.select_for_update().in_bulk(ids)
        areas: dict[tuple[int, str], ZoneArea] = {}
        slugs = {slug for plan in simple for slug in plan.changes["areas"]}
        if slugs:
            # The boundary only rides along into the history row: it is read as the database's text
            # and written back as such, never decoded (JSON-decoding 2 500 boundaries was ~4 s).
            rows = (
                ZoneArea.objects.select_for_update()
                .filter(zone_id__in=ids, slug__in=slugs)
                .defer(*AREA_HEAVY_FIELDS)
                .annotate(geometry_text=Cast("geometry", TextField()))
            )
            for loaded in rows:
                text = getattr(loaded, "geometry_text", None)
                loaded.geometry = None if text is None else Cast(Value(text), JSONField())
                areas[(loaded.zone_id, loaded.slug)] = loaded
        changed_zones: list[Zone] = []
        fields: set[str] = set()
        new_areas: list[ZoneArea] = []
        changed_areas: list[ZoneArea] = []
        for plan in simple:
            zone = zones[plan.target.pk]
            if plan.changes["zone"]:
                for key, value in plan.changes["zone"].items():
                    setattr(zone, key, value)
                    fields.add(key)
                changed_zones.append(zone)
            for slug, km2 in plan.changes["areas"].items():
                area: ZoneArea | None = areas.get((zone.pk, slug))
                if area is None:
                    area = ZoneArea(zone=zone, slug=slug, kind=slug, name=str(AreaKind(slug).label))
                    new_areas.append(area)
                elif area.declared_km2 == km2:
                    continue
                else:
                    changed_areas.append(area)
                area.declared_km2 = km2
                try:
                    # the figure's own checks; the table's constraints hold at the write (a row
                    # checked against them here would cost a query each)
                    area.full_clean(
                        exclude=["zone", "parent", *AREA_HEAVY_FIELDS],
                        validate_unique=False,
                        validate_constraints=False,
                    )
                except ValidationError as error:
                    raise BatchRefused(plan, ValidationError({slug: error.messages})) from error
        bulk.update(Zone, changed_zones, sorted(fields))
        bulk.create(ZoneArea, new_areas)
        bulk.update(ZoneArea, changed_areas, ["declared_km2"])

    def apply(self, plan: ImportPlan) -> None:
        data = plan.changes["zone"]
        if plan.action == CREATE:
            zone = registry_services.create_zone(user=self.actor, data=data)
        elif data:
            zone = registry_services.update_zone(user=self.actor, zone=plan.target, data=data)
        else:
            zone = plan.target
        for slug, km2 in plan.changes["areas"].items():
            try:
                areas_services.set_declared_area(user=self.actor, zone=zone, slug=slug, declared_km2=km2)
            except ValidationError as error:
                raise ValidationError({slug: error.messages}) from error

    # -- export --------------------------------------------------------------------------
    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        # The zone list's own filters (ZoneFilterSet): invalid ones raise Invalid, a 400.
        zones = areas_selectors.with_areas(registry_selectors.zone_list(user=self.user, filters=params))
        for zone in zones:
            row: dict[str, Any] = {
                "code": zone.code,
                "name": zone.name,
                "kind": zone.kind,
                "level": zone.level,
                "city": zone.city,
                "county": zone.county,
                "management_model": zone.management_model,
            }
            for area in zone.areas.all():
                if area.slug in AREA_COLUMNS:
                    row[area.slug] = area.declared_km2
            yield row
