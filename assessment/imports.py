"""Indicator values in Excel (SPEC §6), on the platform importer (ADR 0121): one row per zone,
year, indicator and period. A known row is corrected, a new one entered; all or nothing, with the
row report. Export writes the same columns (``ValueFilter``), so export then re-import changes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.imports.base import CREATE, UNCHANGED, UPDATE, Importer, ImportPlan, Problems, Row
from devzone.imports.columns import DecimalColumn, IntColumn, TextColumn
from devzone.imports.registry import register
from devzone.tenancy import visible_zones

from . import selectors, services
from .grants import ENTER_VALUES
from .models import Indicator, IndicatorValue


@register
class IndicatorValueImporter(Importer):
    name = "assessment-values"
    title = gettext_lazy("考核指标数值")
    sheet_title = gettext_lazy("考核指标数值")
    natural_key = ("zone", "year", "indicator", "period")
    columns = (
        TextColumn("zone", gettext_lazy("开发区代码"), required=True, max_length=64, width=20),
        IntColumn("year", gettext_lazy("年度"), required=True, min_value=2000, max_value=2100, width=8),
        TextColumn("indicator", gettext_lazy("指标代码"), required=True, max_length=32, width=16),
        TextColumn(
            "period",
            gettext_lazy("期间"),
            max_length=2,
            hint=gettext_lazy("Y 为全年（计分用），H1/H2 为半年，01–12 为月份；不填为全年。"),
            width=8,
        ),
        DecimalColumn("value", gettext_lazy("数值"), required=True, max_digits=20, decimal_places=4, width=14),
        TextColumn("note", gettext_lazy("说明"), max_length=200, width=24),
    )

    def permitted(self) -> bool:
        user = self.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return bool(user.is_superuser or visible_zones(user, ENTER_VALUES).exists())

    def not_permitted_message(self) -> str:
        return _("您无权导入考核指标数值：导入需要填报考核数据的权限。")

    def prepare(self, rows: list[Row]) -> None:
        assert self.user is not None
        codes = {r.values["zone"] for r in rows}
        self.zones = {z.code: z for z in visible_zones(self.user, ENTER_VALUES).filter(code__in=codes)}
        years = {r.values["year"] for r in rows}
        self.indicators = {
            (i.dimension.system.year, i.dimension.system.group, i.code): i
            for i in Indicator.objects.filter(dimension__system__year__in=years).select_related("dimension__system")
        }
        self.existing = {
            (v.zone_id, v.indicator_id, v.period): v
            for v in IndicatorValue.objects.filter(zone__in=list(self.zones.values()), year__in=years)
        }

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        zone = self.zones.get(row.values["zone"])
        if zone is None:
            problems.add(row, "zone", _("开发区代码“%(code)s”不存在或对您不可用。") % {"code": row.values["zone"]})
            return None
        indicator = self.indicators.get((row.values["year"], str(zone.level), row.values["indicator"]))
        if indicator is None:
            problems.add(
                row, "indicator", _("该年度本开发区考核组别没有指标“%(code)s”。") % {"code": row.values["indicator"]}
            )
            return None
        period = (row.values.get("period") or "Y").upper()
        if period not in services.PERIODS:
            problems.add(row, "period", _("期间须为 Y、H1、H2 或 01–12。"))
            return None
        note = row.values.get("note") or ""
        current = self.existing.get((zone.pk, indicator.pk, period))
        changes = {"zone": zone, "indicator": indicator, "period": period, "value": row.values["value"], "note": note}
        if current is None:
            return ImportPlan(row, CREATE, changes=changes)
        if current.value == row.values["value"] and current.note == note:
            return ImportPlan(row, UNCHANGED, target=current)
        return ImportPlan(row, UPDATE, target=current, changes=changes)

    def apply(self, plan: ImportPlan) -> None:
        assert self.user is not None
        c = plan.changes
        services.save_value(
            user=self.user, zone=c["zone"], indicator=c["indicator"], value=c["value"], period=c["period"],
            note=c["note"],
        )  # fmt: skip

    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        assert self.user is not None
        for v in selectors.value_list(self.user, params):
            yield {
                "zone": v.zone.code, "year": v.year, "indicator": v.indicator.code, "period": v.period,
                "value": v.value, "note": v.note,
            }  # fmt: skip
