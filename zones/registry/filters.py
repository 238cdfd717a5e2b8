"""The registry's list filters, declared once (ADR 0010): each is applied inside its selector and
shared by the API (schema included), the page (``filterset.form``), the Excel export and the PDF."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from devzone.tenancy.scope import visible_zones
from devzone.types import User

from .models import (
    ManagementModel,
    Region,
    RegionLevel,
    SocialFunction,
    SocialFunctionState,
    Zone,
    ZoneKind,
    ZoneLevel,
    ZoneStatus,
)

ALL = _("全部")


def _regions(level: str, user: User | None) -> Any:
    """The regions of ``level`` as choices, read when the form is validated or drawn: every one
    (regions are public reference data), or with ``user`` only those the user has zones in."""

    def choices() -> list[tuple[str, str]]:
        regions = Region.objects.filter(level=level)
        if user is not None:
            related = "city_zones" if level == RegionLevel.CITY else "county_zones"
            regions = regions.filter(**{f"{related}__in": visible_zones(user)}).distinct()
        return list(regions.order_by("code").values_list("code", "name"))

    return choices


def _parent_zones(user: User) -> Any:
    """Zones with sub-parks (一区多园) the user sees."""

    def choices() -> list[tuple[str, str]]:
        parents = Zone.objects.filter(pk__in=visible_zones(user), sub_parks__isnull=False).distinct()
        return [("", str(ALL)), *parents.order_by("code").values_list("code", "name")]

    return choices


class RegionFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices)
    parent = django_filters.CharFilter(field_name="parent__code")

    class Meta:
        model = Region
        fields = ["level", "parent"]


class ZoneFilterSet(django_filters.FilterSet):
    """The zone list's filters. A region code that is not a city (county) is invalid; a city
    outside the user's scope is valid and lists nothing (the PDF refuses it as 404).

    On a page, pass ``user``: the city, county and parent-zone choices offered are then only
    those the user has zones in, and a city or county outside them is a form error.
    """

    # Explicit labels: django-filter's automatic ones are lost once the schema has built the
    # class's fields (the page would read "Kind"); they are also the schema's descriptions.
    q = django_filters.CharFilter(method="search", label=_("搜索"), max_length=64)
    kind = django_filters.ChoiceFilter(choices=ZoneKind.choices, label=_("类型"), empty_label=ALL)
    level = django_filters.ChoiceFilter(choices=ZoneLevel.choices, label=_("级别"), empty_label=ALL)
    # choices: the regions, read in __init__ (not enumerated in the schema: they are data)
    city = django_filters.ChoiceFilter(field_name="city__code", label=_("所在市"), empty_label=ALL)
    county = django_filters.ChoiceFilter(field_name="county__code", label=_("所在县(市、区)"), empty_label=ALL)
    status = django_filters.ChoiceFilter(choices=ZoneStatus.choices, label=_("状态"), empty_label=ALL)
    management_model = django_filters.ChoiceFilter(
        choices=ManagementModel.choices, label=_("管理模式"), empty_label=ALL
    )
    parent_zone = django_filters.CharFilter(field_name="parent_zone__code", label=_("上级园区"))

    class Meta:
        model = Zone
        fields = [
            "q",
            "kind",
            "level",
            "city",
            "county",
            "status",
            "management_model",
            "parent_zone",
        ]  # the page's order

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        for name, level in (("city", RegionLevel.CITY), ("county", RegionLevel.COUNTY)):
            fields[name].choices = _regions(level, user)
        if user is not None:
            fields["parent_zone"].widget = forms.Select(choices=_parent_zones(user))

    def search(self, queryset: QuerySet[Zone], name: str, value: str) -> QuerySet[Zone]:
        text = value.strip()
        return queryset.filter(
            Q(name__icontains=text) | Q(code__icontains=text) | Q(leading_industries__icontains=text)
        )


class SocialFunctionFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=SocialFunctionState.choices)

    class Meta:
        model = SocialFunction
        fields = ["state"]
