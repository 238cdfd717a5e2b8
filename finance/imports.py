"""Revenue in Excel (SPEC §4, §6), on the platform importer (devzone/imports; ADR 0405).

One row per zone, year, month and tax type. A new combination adds the figure; a known one with
another amount is a correction (a new version, on history); the same amount changes nothing.
All or nothing with the row report (ADR 0121). The plans are applied in bulk: the rows are
gathered as the framework hands them over and written with one insert and one update (with
their history rows) when the last one arrives — a province's year (100 zones × 12 months × 10
tax types) imports in seconds. The export writes the same columns, filtered like the revenue
list (``RevenueFilter``), so export then re-import changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.imports.base import CREATE, UNCHANGED, UPDATE, Importer, ImportPlan, Problems, Row
from devzone.imports.columns import ChoiceColumn, DecimalColumn, IntColumn, TextColumn
from devzone.imports.registry import register
from devzone.tenancy import visible_zones

from . import selectors, services
from .grants import MANAGE_FINANCE
from .models import Revenue, TaxType


@register
class RevenueImporter(Importer):
    name = "finance-revenues"
    title = gettext_lazy("税收收入")
    sheet_title = gettext_lazy("税收收入")
    natural_key = ("zone", "year", "month", "tax_type")
    columns = (
        TextColumn("zone", gettext_lazy("开发区代码"), required=True, max_length=64, width=22),
        IntColumn("year", gettext_lazy("年度"), required=True, min_value=services.MIN_YEAR, max_value=9999, width=8),
        IntColumn("month", gettext_lazy("月份"), required=True, width=6, hint=gettext_lazy("1 至 12。")),
        ChoiceColumn("tax_type", gettext_lazy("税种"), required=True, choices=tuple(TaxType.choices), width=16),
        DecimalColumn("amount", gettext_lazy("收入(元)"), required=True, max_digits=16, decimal_places=2, width=18),
    )

    def permitted(self) -> bool:
        user = self.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return bool(user.is_superuser or visible_zones(user, MANAGE_FINANCE).exists())

    def not_permitted_message(self) -> str:
        return _("您无权导入税收收入：导入需要开发区财政的管理权限。")

    def prepare(self, rows: list[Row]) -> None:
        assert self.user is not None
        codes = {r.values["zone"] for r in rows}
        self.zones = {z.code: z for z in visible_zones(self.user).filter(code__in=codes)}
        self.managed = set(
            visible_zones(self.user, MANAGE_FINANCE).filter(code__in=codes).values_list("code", flat=True)
        )
        years = {r.values["year"] for r in rows}
        self.existing = {
            (r.zone_id, r.year, r.month, r.tax_type): r.amount
            for r in Revenue.objects.filter(zone__in=list(self.zones.values()), year__in=years).only(
                "zone_id", "year", "month", "tax_type", "amount"
            )
        }
        self.rule_set = services.rule_set()
        self.pending = 0
        self.buffer: list[tuple[Any, int, int, str, Decimal]] = []

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        v = row.values
        zone = self.zones.get(v["zone"])
        if zone is None:
            problems.add(row, "zone", _("开发区代码“%(code)s”不存在或不在您的范围内。") % {"code": v["zone"]})
            return None
        if zone.code not in self.managed:
            problems.add(row, "zone", _("您无权管理%(zone)s的财政数据。") % {"zone": zone.name})
            return None
        found = services.revenue_problems(
            year=v["year"], month=v["month"], tax_type=v["tax_type"], amount=v["amount"], rules_now=self.rule_set
        )
        for key, message in found.items():
            problems.add(row, key, message)
        if found:
            return None
        found_key = (zone.pk, v["year"], v["month"], v["tax_type"])
        target = (zone, v["year"], v["month"], v["tax_type"], v["amount"])
        if found_key not in self.existing:
            self.pending += 1
            return ImportPlan(row, CREATE, target=target)
        if self.existing[found_key] == v["amount"]:
            return ImportPlan(row, UNCHANGED)
        self.pending += 1
        return ImportPlan(row, UPDATE, target=target)

    def apply(self, plan: ImportPlan) -> None:
        assert self.user is not None
        self.buffer.append(plan.target)
        if len(self.buffer) == self.pending:
            services.apply_revenue_rows(user=self.user, rows=self.buffer)
            self.buffer = []

    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        assert self.user is not None
        for r in selectors.revenue_list(self.user, params).iterator(chunk_size=2000):
            yield {
                "zone": r.zone.code,
                "year": r.year,
                "month": r.month,
                "tax_type": r.tax_type,
                "amount": r.amount,
            }
