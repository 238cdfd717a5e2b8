"""The zone list PDF, on the devzone/reports framework (imported from ZonesConfig.ready())."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.reports.registry import OutOfScope, Report, ReportParams, list_params, register
from devzone.reports.selectors import user_scope
from devzone.types import User

from . import selectors
from .filters import ZoneFilterSet, _regions
from .models import RegionLevel


def _city_in_scope(form: ReportParams) -> str:
    code: str = form.cleaned_data.get("city") or ""
    if code and selectors.city_in_scope(user=form.user, code=code) is None:
        raise OutOfScope(code)
    return code


# The zone list's filters (ZoneFilterSet); a city outside the user's scope is a 404.
# On the parameter page, the cities and counties offered are those the user has zones in.
ZoneListParams = list_params(
    ZoneFilterSet,
    clean_city=_city_in_scope,
    page_choices={
        "city": lambda user: _regions(RegionLevel.CITY, user)(),
        "county": lambda user: _regions(RegionLevel.COUNTY, user)(),
    },
)


def _filters_text(params: dict[str, Any]) -> str:
    form = ZoneFilterSet().form
    parts = []
    for name, field in form.fields.items():
        value = params.get(name)
        if not value:
            continue
        shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
        parts.append(f"{field.label} {shown}")
    return "、".join(parts)


def with_city_totals(zones: Iterable[Any]) -> list[Any]:
    """The zones as a list, each with ``city_total`` (its city's zones in the report) and
    ``city_first`` (it opens its city's group): a chunk that starts inside a city's group heads
    it "（续）" with the whole group's count (ADR 0018)."""
    rows = list(zones)
    totals = Counter(z.city_id if hasattr(z, "city_id") else z.city.pk for z in rows)
    previous = None
    for z in rows:
        key = z.city_id if hasattr(z, "city_id") else z.city.pk
        z.city_total = totals[key]
        z.city_first = key != previous
        previous = key
    return rows


def zone_list_scope(user: User, params: dict[str, Any]) -> str:
    scope = user_scope(user)
    filters = _filters_text(params)
    return _("%(scope)s；筛选：%(filters)s") % {"scope": scope, "filters": filters} if filters else scope


ZONE_LIST = register(
    Report(
        slug="zone-list",
        title=gettext_lazy("开发区名录"),
        template="zones/reports/zone_list.html",
        params=ZoneListParams,
        context=lambda user, params: {"zones": with_city_totals(selectors.zone_list(user=user, filters=params))},
        count=lambda user, params: selectors.zone_list(user=user, filters=params).count(),
        scope=zone_list_scope,
        description=gettext_lazy("用户可见范围内的开发区，可按所在市、类型、级别、状态、管理模式筛选"),
        rows_per_page=40,
        chunk_key="zones",
    )
)
