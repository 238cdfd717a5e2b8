from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.tenancy import visible_zones

from .models import ManagementModel, Region, RegionLevel, ZoneKind, ZoneLevel, ZoneStatus


def _blank(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", _("全部")), *choices]


class ZoneFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=64)
    kind = forms.ChoiceField(label=_("类型"), choices=_blank(ZoneKind.choices), required=False)
    level = forms.ChoiceField(label=_("级别"), choices=_blank(ZoneLevel.choices), required=False)
    city = forms.ChoiceField(label=_("所在市"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=_blank(ZoneStatus.choices), required=False)
    management_model = forms.ChoiceField(label=_("管理模式"), choices=_blank(ManagementModel.choices), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # On a page, only the cities the user has zones in: the filter reveals nothing beyond the
        # scope. Without a user (report parameters), every city; the report checks the scope.
        cities = Region.objects.filter(level=RegionLevel.CITY)
        if user is not None:
            cities = cities.filter(city_zones__in=visible_zones(user)).distinct()
        cities = cities.order_by("code").values_list("code", "name")
        self.fields["city"].choices = _blank(list(cities))
