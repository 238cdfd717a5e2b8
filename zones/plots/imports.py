"""Land plots in Excel: imported and exported per zone (SPEC §1, §6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.imports import bulk
from devzone.imports.base import CREATE, UNCHANGED, UPDATE, BatchRefused, Importer, ImportPlan, Problems, Row
from devzone.imports.columns import (
    ChoiceColumn,
    DecimalColumn,
    IntColumn,
    TextColumn,
    in_every_language,
    normalise_header,
    text_column_for,
)
from devzone.imports.registry import register
from devzone.tenancy.scope import visible_zones
from devzone.types import User
from zones.areas.models import ZoneArea
from zones.registry.grants import EDIT_REGISTRY
from zones.registry.models import Zone

from . import selectors, services
from .models import LandPlot, PlotUse

# ---------------------------------------------------------------------------------------------
# Land plots (地块) in Excel (issue 4, ADR 0171): one row per plot, identified by (开发区代码,
# 地块编号). A known pair replaces that plot's values, a new pair creates a plot; an import
# never deletes a plot. Scope: a row needs EDIT_REGISTRY on its zone to change anything; a zone
# the user cannot see reads exactly like a zone that does not exist.
# ---------------------------------------------------------------------------------------------

# The short words people write in their lists; the model's labels (产业用地…) are read as well.
PLOT_USE_CHOICES = (
    (PlotUse.INDUSTRIAL.value, gettext_lazy("产业")),
    (PlotUse.SUPPORTING.value, gettext_lazy("配套")),
    (PlotUse.NON_INDUSTRIAL.value, gettext_lazy("非产业")),
)
YES, NO = "yes", "no"


@dataclass(frozen=True)
class AliasedChoiceColumn(ChoiceColumn):
    """A choice column that also reads other spellings of a value (e.g. the model's longer label)."""

    aliases: tuple[tuple[str, Any], ...] = ()

    @cached_property
    def _lookup(self) -> dict[str, str]:
        table = dict(super()._lookup)
        for value, label in self.aliases:
            for text in in_every_language(label):
                table.setdefault(normalise_header(text).casefold(), value)
        return table


@dataclass(frozen=True)
class YesNoColumn(AliasedChoiceColumn):
    """是/否 (also TRUE/FALSE, 1/0, Y/N); a blank cell is 否."""

    choices: Sequence[tuple[str, Any]] = ((YES, gettext_lazy("是")), (NO, gettext_lazy("否")))
    aliases: tuple[tuple[str, Any], ...] = (
        (YES, "true"),
        (YES, "1"),
        (YES, "y"),
        (NO, "false"),
        (NO, "0"),
        (NO, "n"),
    )

    def parse(self, value: Any) -> bool:  # type: ignore[override]
        if isinstance(value, bool):
            return value
        return super().parse(value) == YES

    def to_cell(self, value: Any) -> Any:
        return str(self.choices[0][1] if value else self.choices[1][1])


# Optional plot fields: the column key (= the LandPlot field) and what a blank cell means.
PLOT_OPTIONAL = {
    "area": None,
    "enterprise": "",
    "annual_tax": None,
    "annual_output": None,
    "figures_year": None,
    "needed_supporting": False,
    "note": "",
}


@register
class PlotImporter(Importer):
    name = "plots"
    title = gettext_lazy("地块")
    sheet_title = gettext_lazy("地块")
    natural_key = ("zone", "code")
    columns = (
        TextColumn(
            "zone",
            gettext_lazy("开发区代码"),
            required=True,
            max_length=64,
            hint=gettext_lazy("地块所属开发区的代码，如 yingkou-coastal（见开发区档案页）。"),
            width=20,
        ),
        TextColumn(
            "code",
            gettext_lazy("地块编号"),
            required=True,
            max_length=64,
            pattern=r"[^/\s]+",
            pattern_message=gettext_lazy("地块编号不能包含“/”或空白字符。"),
            hint=gettext_lazy("同一开发区内唯一：已有的编号表示修改该地块，新的编号表示新增。"),
            width=16,
        ),
        AliasedChoiceColumn(
            "use",
            gettext_lazy("用途"),
            required=True,
            choices=PLOT_USE_CHOICES,
            aliases=tuple(PlotUse.choices),
            width=10,
        ),
        TextColumn(
            "area",
            gettext_lazy("所在区域"),
            max_length=64,
            hint=gettext_lazy(
                "开发区区域的标识，如 catalogue（目录核准范围）、planned、controlled 或子区域的标识；可留空。"
            ),
            width=16,
        ),
        DecimalColumn("area_mu", gettext_lazy("面积(亩)"), required=True, max_digits=12, decimal_places=2, width=12),
        text_column_for(LandPlot, "enterprise", width=28),
        DecimalColumn(
            "annual_tax", gettext_lazy("年度税收(元)"), max_digits=16, decimal_places=2, min_value=Decimal(0), width=16
        ),
        DecimalColumn(
            "annual_output",
            gettext_lazy("年度产值(元)"),
            max_digits=18,
            decimal_places=2,
            min_value=Decimal(0),
            width=18,
        ),
        IntColumn(
            "figures_year",
            gettext_lazy("数据年度"),
            width=10,
            hint=gettext_lazy("税收、产值所属的年度；填写税收或产值时必填。"),
        ),
        YesNoColumn(
            "needed_supporting",
            gettext_lazy("是否必要配套"),
            width=14,
            hint=gettext_lazy("只有配套用地可填“是”；留空表示“否”（应调出）。"),
        ),
        text_column_for(LandPlot, "note", width=30),
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
        return bool(user.is_superuser or visible_zones(user, EDIT_REGISTRY).exists())

    def not_permitted_message(self) -> str:
        return _("您无权导入地块数据：导入地块需要开发区档案的编辑权限。")

    # -- checking ------------------------------------------------------------------------
    def prepare(self, rows: list[Row]) -> None:
        codes = {row.values["zone"] for row in rows}
        # Only visible zones are ever loaded: an invisible zone and a missing one look the same.
        self.zones = {z.code: z for z in visible_zones(self.actor).filter(code__in=codes)}
        ids = [z.pk for z in self.zones.values()]
        self.editable = set(visible_zones(self.actor, EDIT_REGISTRY).filter(pk__in=ids).values_list("pk", flat=True))
        plot_codes = {row.values["code"] for row in rows}
        # the areas only by their slugs: their boundaries are not needed (a province's are megabytes)
        heavy = ("geometry", "outline", "computed_flags")
        self.plots = {
            (p.zone_id, p.code): p
            for p in LandPlot.objects.filter(zone_id__in=ids, code__in=plot_codes)
            .select_related("area")
            .defer(*(f"area__{name}" for name in heavy))
        }
        self.areas = {(a.zone_id, a.slug): a for a in ZoneArea.objects.filter(zone_id__in=ids).defer(*heavy)}
        self.this_year = timezone.localdate().year

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        zone = self.zones.get(row.values["zone"])
        if zone is None:
            problems.add(row, "zone", _("开发区代码“%(code)s”不存在或对您不可用。") % {"code": row.values["zone"]})
            return None
        plot = self.plots.get((zone.pk, row.values["code"]))
        wanted: dict[str, Any] = {"use": row.values["use"], "area_mu": row.values["area_mu"]}
        for key, blank in PLOT_OPTIONAL.items():
            if row.given(key):
                value = row.values[key]
                wanted[key] = blank if value is None else value
            elif plot is not None:  # a column the file does not have leaves the plot's value alone
                wanted[key] = plot.area.slug if key == "area" and plot.area is not None else getattr(plot, key)
            else:
                wanted[key] = blank
        if key_problems := self._check_plot(zone, wanted):
            for key, message in key_problems:
                problems.add(row, key, message)
            return None
        if plot is not None and self._same(plot, wanted):
            return ImportPlan(row, UNCHANGED, target=plot)
        if zone.pk not in self.editable:
            problems.add(row, "zone", _("您无权修改开发区“%(code)s”的地块。") % {"code": zone.code})
            return None
        action = CREATE if plot is None else UPDATE
        return ImportPlan(row, action, target=zone, changes={"code": row.values["code"], **wanted})

    def _check_plot(self, zone: Zone, wanted: dict[str, Any]) -> list[tuple[str, str]]:
        """The checks of ``services.upsert_plot`` that need no query, so a bad file is refused whole."""
        found: list[tuple[str, str]] = []
        slug = wanted["area"]
        if slug and (zone.pk, slug) not in self.areas:
            found.append(("area", _("本开发区没有标识为 %(value)s 的区域。") % {"value": slug}))
        if wanted["area_mu"] <= 0:
            found.append(("area_mu", _("地块面积须大于 0 亩。")))
        has_figures = wanted["annual_tax"] is not None or wanted["annual_output"] is not None
        year = wanted["figures_year"]
        if has_figures and year is None:
            found.append(("figures_year", _("填写税收或产值时须注明数据年度。")))
        if year is not None and not services.FIRST_FIGURES_YEAR <= year <= self.this_year:
            found.append(
                (
                    "figures_year",
                    _("数据年度须在 %(first)d 年至 %(last)d 年之间。")
                    % {"first": services.FIRST_FIGURES_YEAR, "last": self.this_year},
                )
            )
        if wanted["needed_supporting"] and wanted["use"] != PlotUse.SUPPORTING:
            found.append(("needed_supporting", _("只有配套用地可标记为必要配套。")))
        return found

    @staticmethod
    def _same(plot: LandPlot, wanted: dict[str, Any]) -> bool:
        current = {key: getattr(plot, key) for key in wanted if key != "area"}
        current["area"] = plot.area.slug if plot.area is not None else None
        return all(current[key] == value for key, value in wanted.items())

    # -- writing -------------------------------------------------------------------------
    applies_in_batches = True

    def apply_batch(self, plans: Sequence[ImportPlan]) -> None:
        """Write a batch of plots in two statements plus their history rows (issue 9).

        ``plan`` already checked each row against the rows loaded in ``prepare`` (the zone in
        the user's editable scope, the area, the figures); what is left of ``services``'s checks
        (the code's form, field lengths) runs here without a query, and a refused row undoes
        the file like a service refusing it would.
        """
        created: list[LandPlot] = []
        updated: list[LandPlot] = []
        for plan in plans:
            data = dict(plan.changes)
            code = data.pop("code")
            slug = data.pop("area")
            zone = plan.target
            plot = self.plots.get((zone.pk, code))
            if plot is None:
                plot = LandPlot(zone=zone, code=code)
            plot.area = self.areas[(zone.pk, slug)] if slug else None
            for key, value in data.items():
                if key in ("enterprise", "note") and value is None:
                    value = ""
                setattr(plot, key, bool(value) if key == "needed_supporting" else value)
            try:
                services.validate_plot_without_queries(plot)
            except ValidationError as error:
                raise BatchRefused(plan, error) from error
            (created if plot.pk is None else updated).append(plot)
        bulk.create(LandPlot, created)
        bulk.update(LandPlot, updated, services.PLOT_WRITE_FIELDS)

    def apply(self, plan: ImportPlan) -> None:
        data = dict(plan.changes)
        services.upsert_plot(
            user=self.actor,
            zone=plan.target,
            code=data.pop("code"),
            area_slug=data.pop("area"),
            **data,
        )

    # -- export --------------------------------------------------------------------------
    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        for plot in selectors.plot_export_list(user=self.actor, filters=params):
            yield {
                "zone": plot.zone.code,
                "code": plot.code,
                "use": plot.use,
                "area": plot.area.slug if plot.area is not None else None,
                "area_mu": plot.area_mu,
                "enterprise": plot.enterprise,
                "annual_tax": plot.annual_tax,
                "annual_output": plot.annual_output,
                "figures_year": plot.figures_year,
                "needed_supporting": plot.needed_supporting,
                "note": plot.note,
            }
