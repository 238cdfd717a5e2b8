"""Indicator values in Excel (SPEC §6), on the platform importer (ADR 0121): one row per zone,
year, indicator and period. A known row is corrected, a new one entered; all or nothing, with the
row report. Export writes the same columns (``ValueFilter``), so export then re-import changes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import Invalid
from devzone.imports.base import CREATE, UNCHANGED, UPDATE, Importer, ImportPlan, Problems, Row
from devzone.imports.columns import DecimalColumn, IntColumn, TextColumn
from devzone.imports.registry import register
from devzone.tenancy import visible_zones
from staffing.models import Staff
from zones.plans.models import EstablishmentUnit

from . import rules, selectors, services
from .grants import ENTER_VALUES
from .models import DepartmentGrade, Indicator, IndicatorValue, StaffGrade


def may_enter_somewhere(user: Any) -> bool:
    """Whether ``user`` may enter assessment figures in at least one zone (both importers)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or visible_zones(user, ENTER_VALUES).exists())


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
        return may_enter_somewhere(self.user)

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


# --- internal grades (ADR 0504): one row per department / person and year ------------------------

_GRADE = TextColumn(
    "grade", gettext_lazy("等次"), required=True, max_length=1, hint=gettext_lazy("S、A、B、C 或 D。"), width=6
)
_PARTS = tuple(
    DecimalColumn(key, label, max_digits=5, decimal_places=2, min_value=Decimal(0), width=10)
    for key, label in (
        ("task_score", gettext_lazy("任务绩效")),
        ("management_score", gettext_lazy("管理绩效")),
        ("investment_score", gettext_lazy("综合评价·招商引资")),
        ("economy_score", gettext_lazy("综合评价·经济指标")),
        ("core_score", gettext_lazy("综合评价·部门主责主业")),
    )
)
_SCORE = DecimalColumn(
    "score", gettext_lazy("总分"), max_digits=7, decimal_places=2, min_value=Decimal(0), width=10,
    hint=gettext_lazy("填写五项分项得分时总分按考核规则的权重计算，此列不必填写。"),
)  # fmt: skip
_ZONE = TextColumn("zone", gettext_lazy("开发区代码"), required=True, max_length=64, width=20)
_YEAR = IntColumn("year", gettext_lazy("年度"), required=True, min_value=2000, max_value=2100, width=8)


class _GradeImporter(Importer):
    """Shared: permission, zones, the grade data and the comparison with the stored row."""

    what = ""

    def permitted(self) -> bool:
        return may_enter_somewhere(self.user)

    def not_permitted_message(self) -> str:
        return _("您无权导入内部考核等次：导入需要本开发区填报考核数据的权限。")

    def _zones(self, rows: list[Row]) -> None:
        assert self.user is not None
        codes = {r.values["zone"] for r in rows}
        self.zones = {z.code: z for z in visible_zones(self.user, ENTER_VALUES).filter(code__in=codes)}
        self.seen: set[tuple[Any, ...]] = set()

    def _zone(self, row: Row, problems: Problems) -> Any:
        zone = self.zones.get(row.values["zone"])
        if zone is None:
            problems.add(row, "zone", _("开发区代码“%(code)s”不存在或您无权填报。") % {"code": row.values["zone"]})
        return zone

    def _data(self, row: Row, problems: Problems) -> dict[str, Any] | None:
        parts = {k: row.values.get(k) for k in rules.PARTS}
        try:
            grade, score, numbers = services.grade_data(
                row.values["grade"], row.values.get("score"), parts, row.values["year"]
            )
        except Invalid as exc:
            detail = exc.detail if isinstance(exc.detail, dict) else {"grade": [exc.detail]}
            for key, messages in detail.items():
                problems.add(row, key if key in self.column_keys() else "grade", str(messages[0]))
            return None
        return {"grade": grade, "score": score, **numbers}

    def column_keys(self) -> set[str]:
        return {c.key for c in self.columns}

    def _compare(self, row: Row, current: Any, data: dict[str, Any], changes: dict[str, Any]) -> ImportPlan:
        if current is None:
            return ImportPlan(row, CREATE, changes=changes)
        if all(getattr(current, k) == v for k, v in data.items()):
            return ImportPlan(row, UNCHANGED, target=current)
        return ImportPlan(row, UPDATE, target=current, changes=changes)

    @staticmethod
    def _export(r: Any) -> dict[str, Any]:
        return {"zone": r.zone.code, "year": r.year, "grade": r.grade, "score": r.score,
                **{k: getattr(r, k) for k in rules.PARTS}}  # fmt: skip


@register
class DepartmentGradeImporter(_GradeImporter):
    name = "assessment-department-grades"
    title = gettext_lazy("部门考核等次")
    sheet_title = gettext_lazy("部门考核等次")
    natural_key = ("zone", "year", "department")
    columns = (
        _ZONE, _YEAR, TextColumn("department", gettext_lazy("部门"), required=True, max_length=64, width=22),
        _GRADE, *_PARTS, _SCORE,
    )  # fmt: skip

    def prepare(self, rows: list[Row]) -> None:
        self._zones(rows)
        ids = [z.pk for z in self.zones.values()]
        self.units = {
            (u.establishment.zone_id, u.name): u
            for u in EstablishmentUnit.objects.filter(establishment__zone_id__in=ids, kind="internal").select_related(
                "establishment"
            )
        }
        self.existing = {
            (g.department_id, g.year): g
            for g in DepartmentGrade.objects.filter(zone_id__in=ids, year__in={r.values["year"] for r in rows})
        }

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        zone = self._zone(row, problems)
        if zone is None:
            return None
        unit = self.units.get((zone.pk, row.values["department"]))
        if unit is None:
            problems.add(
                row, "department", _("“%(name)s”不是该开发区核定的内设机构。") % {"name": row.values["department"]}
            )
            return None
        if (unit.pk, row.values["year"]) in self.seen:
            problems.add(row, "department", _("同一部门同一年度在文件中出现多次。"))
            return None
        self.seen.add((unit.pk, row.values["year"]))
        data = self._data(row, problems)
        if data is None:
            return None
        changes = {"zone": zone, "department": unit, "year": row.values["year"], "row": row.values}
        return self._compare(row, self.existing.get((unit.pk, row.values["year"])), data, changes)

    def apply(self, plan: ImportPlan) -> None:
        assert self.user is not None
        c = plan.changes
        services.save_department_grade(
            user=self.user, zone=c["zone"], department=c["department"], year=c["year"], grade=c["row"]["grade"],
            score=c["row"].get("score"), parts={k: c["row"].get(k) for k in rules.PARTS},
        )  # fmt: skip

    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        assert self.user is not None
        for r in selectors.department_grade_list(self.user, params):
            yield {**self._export(r), "department": r.department_name}


@register
class StaffGradeImporter(_GradeImporter):
    name = "assessment-staff-grades"
    title = gettext_lazy("个人考核等次")
    sheet_title = gettext_lazy("个人考核等次")
    natural_key = ("zone", "year", "id_number", "name")
    columns = (
        _ZONE, _YEAR,
        TextColumn(
            "id_number", gettext_lazy("身份证号"), required=True, max_length=18, width=22,
            hint=gettext_lazy("完整号码，或导出文件中的脱敏号码（与姓名一起识别人员）。"),
        ),
        TextColumn("name", gettext_lazy("姓名"), required=True, max_length=64, width=10),
        _GRADE, *_PARTS, _SCORE,
    )  # fmt: skip

    def prepare(self, rows: list[Row]) -> None:
        self._zones(rows)
        ids = [z.pk for z in self.zones.values()]
        self.by_id: dict[str, Staff] = {}
        self.by_mask: dict[tuple[int, str, str], list[Staff]] = {}
        for s in Staff.objects.filter(zone_id__in=ids).select_related("zone"):
            self.by_id[s.id_number] = s
            self.by_mask.setdefault((s.zone_id, s.name, s.masked_id), []).append(s)
        self.existing = {
            (g.staff_id, g.year): g
            for g in StaffGrade.objects.filter(zone_id__in=ids, year__in={r.values["year"] for r in rows})
        }

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        zone = self._zone(row, problems)
        if zone is None:
            return None
        raw = row.values["id_number"].strip().upper()
        if "*" in raw:
            found = self.by_mask.get((zone.pk, row.values["name"], raw), [])
            person = found[0] if len(found) == 1 else None
        else:
            person = self.by_id.get(raw)
            if person is not None and (person.zone_id != zone.pk or person.name != row.values["name"]):
                person = None
        if person is None:
            problems.add(row, "id_number", _("身份证号与姓名找不到该开发区的唯一人员。"))
            return None
        if (person.pk, row.values["year"]) in self.seen:
            problems.add(row, "id_number", _("同一人同一年度在文件中出现多次。"))
            return None
        self.seen.add((person.pk, row.values["year"]))
        data = self._data(row, problems)
        if data is None:
            return None
        changes = {"staff": person, "year": row.values["year"], "row": row.values}
        return self._compare(row, self.existing.get((person.pk, row.values["year"])), data, changes)

    def apply(self, plan: ImportPlan) -> None:
        assert self.user is not None
        c = plan.changes
        services.save_staff_grade(
            user=self.user, staff=c["staff"], year=c["year"], grade=c["row"]["grade"], score=c["row"].get("score"),
            parts={k: c["row"].get(k) for k in rules.PARTS},
        )  # fmt: skip

    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        assert self.user is not None
        for r in selectors.staff_grade_list(self.user, params):
            yield {**self._export(r), "id_number": r.staff.masked_id, "name": r.staff.name}
