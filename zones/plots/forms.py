"""The land plot form."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zones.registry.models import Zone

from .models import LandPlot, PlotUse


class LandPlotForm(forms.Form):
    code = forms.CharField(label=_("地块编号"), max_length=64)
    use = forms.ChoiceField(label=_("用地性质"), choices=PlotUse.choices)
    area = forms.ChoiceField(label=_("所在区域"), required=False)
    area_mu = forms.DecimalField(label=_("面积(亩)"), max_digits=12, decimal_places=2)
    enterprise = forms.CharField(label=_("企业"), required=False, max_length=128)
    annual_tax = forms.DecimalField(label=_("年度税收(元)"), required=False, max_digits=16, decimal_places=2)
    annual_output = forms.DecimalField(label=_("年度产值(元)"), required=False, max_digits=18, decimal_places=2)
    figures_year = forms.IntegerField(label=_("数据年度"), required=False, min_value=0, max_value=9999)
    needed_supporting = forms.BooleanField(label=_("必要配套(配套用地不调出)"), required=False)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = zone.areas.order_by("kind", "slug")
        cast(forms.ChoiceField, self.fields["area"]).choices = [
            ("", _("未指定")),
            *[(a.slug, a.name or a.get_kind_display()) for a in areas],
        ]

    @staticmethod
    def initial_for(plot: LandPlot) -> dict[str, Any]:
        return {
            "code": plot.code,
            "use": plot.use,
            "area": plot.area.slug if plot.area else "",
            "area_mu": plot.area_mu,
            "enterprise": plot.enterprise,
            "annual_tax": plot.annual_tax,
            "annual_output": plot.annual_output,
            "figures_year": plot.figures_year,
            "needed_supporting": plot.needed_supporting,
            "note": plot.note,
        }
