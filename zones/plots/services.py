"""Every write to a zone's land plots (pages, API, Excel import)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.domain import Invalid
from devzone.types import User
from zones.areas.models import ZoneArea
from zones.registry.models import Zone
from zones.registry.services import require_registry

from .models import LandPlot, PlotUse

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
            raise Invalid({"area": [_("所在区域须是本开发区的区域。")]})
        return value
    area = zone.areas.filter(slug=str(value)).first()
    if area is None:
        raise Invalid({"area": [_("本开发区没有标识为 %(value)s 的区域。") % {"value": value}]})
    return area


PLOT_WRITE_FIELDS = tuple(f for f in PLOT_FIELDS if f != "code")


def validate_plot_without_queries(plot: LandPlot) -> None:
    """``_validate_plot`` for a bulk import whose ``prepare`` already settled the code's uniqueness
    and the zone and area (they are not looked up again: no query)."""
    _validate_plot(plot, check_unique=False)


def _validate_plot(plot: LandPlot, errors: dict[str, list[str]] | None = None, *, check_unique: bool = True) -> None:
    errors = errors if errors is not None else {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    plot.code = (plot.code or "").strip()
    if not plot.code:
        add("code", _("请填写地块编号。"))
    elif any(ch == "/" or ch.isspace() for ch in plot.code):
        add("code", _("地块编号不能包含“/”或空白字符。"))
    elif check_unique and LandPlot.objects.filter(zone_id=plot.zone_id, code=plot.code).exclude(pk=plot.pk).exists():
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
        raise Invalid(errors)
    # The zone and area were resolved from loaded rows when not checking uniqueness: no FK query.
    exclude = None if check_unique else ["zone", "area"]
    plot.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


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
def create_plot(*, user: User, zone: Zone, data: Mapping[str, Any]) -> LandPlot:
    """A new land plot; ``data["area"]`` is the slug of the zone area it lies in (or None)."""
    require_registry(user, zone)
    return _save_plot(LandPlot(zone=zone), data)


@transaction.atomic
def update_plot(*, user: User, plot: LandPlot, data: Mapping[str, Any]) -> LandPlot:
    require_registry(user, plot.zone)
    locked = LandPlot.objects.select_for_update().select_related("zone").get(pk=plot.pk)
    return _save_plot(locked, data)


@transaction.atomic
def delete_plot(*, user: User, plot: LandPlot) -> None:
    require_registry(user, plot.zone)
    plot.delete()


@transaction.atomic
def upsert_plot(
    *,
    user: User,
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

    Returns (plot, created). Raises ``Invalid`` (Chinese, per field) and changes nothing
    on bad input, ``NotAllowed`` without EDIT_REGISTRY on the zone.
    """
    require_registry(user, zone)
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


# --- the zone's tax revenue, fed by another app (ADR 0406) -----------------------------------


def record_zone_tax(*, zone_id: int, year: int, tax_total: Decimal | None, source: str) -> None:
    """Set (or, with ``None``, clear) a zone's tax revenue for ``year``: idempotent, an upsert.
    Called by the recompute consumer of the app that keeps revenue (finance)."""
    from .models import ZoneTaxFigure

    if tax_total is None:
        ZoneTaxFigure.objects.filter(zone_id=zone_id, year=year).delete()
        return
    ZoneTaxFigure.objects.update_or_create(
        zone_id=zone_id, year=year, defaults={"tax_total": tax_total, "source": source}
    )
