"""Land plots of a zone (亩产论英雄, 调出; SPEC §1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.audit.models import audit_history
from zones.areas.models import ZoneArea
from zones.registry.models import Zone


class PlotUse(models.TextChoices):
    INDUSTRIAL = "industrial", _("产业用地")
    SUPPORTING = "supporting", _("配套用地")
    NON_INDUSTRIAL = "non_industrial", _("非产业用地")


class LandPlot(models.Model):
    """A land plot (地块) of a zone, with the figures its per-mu indicators come from.

    ``annual_tax`` and ``annual_output`` are yuan for ``figures_year``; ``needed_supporting``
    marks a supporting plot as part of the needed living/production support area (not moved out).
    """

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="plots")
    area = models.ForeignKey(
        ZoneArea, verbose_name=_("所在区域"), null=True, blank=True, on_delete=models.SET_NULL, related_name="plots"
    )
    code = models.CharField(_("地块编号"), max_length=64)
    use = models.CharField(_("用地性质"), max_length=16, choices=PlotUse.choices)
    area_mu = models.DecimalField(_("面积(亩)"), max_digits=12, decimal_places=2)
    enterprise = models.CharField(_("企业"), max_length=128, blank=True)
    annual_tax = models.DecimalField(_("年度税收(元)"), max_digits=16, decimal_places=2, null=True, blank=True)
    annual_output = models.DecimalField(_("年度产值(元)"), max_digits=18, decimal_places=2, null=True, blank=True)
    figures_year = models.PositiveSmallIntegerField(_("数据年度"), null=True, blank=True)
    needed_supporting = models.BooleanField(_("必要配套"), default=False)
    note = models.TextField(_("备注"), max_length=5000, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("地块")
        verbose_name_plural = _("地块")
        ordering = ["zone", "code"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="landplot_unique_code"),
            models.CheckConstraint(condition=models.Q(area_mu__gt=0), name="landplot_area_positive"),
            models.CheckConstraint(
                condition=models.Q(annual_tax__isnull=True) | models.Q(annual_tax__gte=0),
                name="landplot_tax_nonnegative",
            ),
            models.CheckConstraint(
                condition=models.Q(annual_output__isnull=True) | models.Q(annual_output__gte=0),
                name="landplot_output_nonnegative",
            ),
            models.CheckConstraint(
                condition=models.Q(needed_supporting=False) | models.Q(use="supporting"),
                name="landplot_needed_only_supporting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.code}"


class ZoneTaxFigure(models.Model):
    """A zone's tax revenue for a year as another app reports it (finance, ADR 0406): the
    numerator of 亩均税收 on the revenue basis. Derived, written by a recompute consumer through
    ``services.record_zone_tax``; zones never imports the app that feeds it."""

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="tax_figures")
    year = models.PositiveSmallIntegerField(_("年度"))
    tax_total = models.DecimalField(_("税收收入(元)"), max_digits=18, decimal_places=2)
    source = models.CharField(_("来源"), max_length=32)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("开发区年度税收")
        verbose_name_plural = _("开发区年度税收")
        ordering = ["zone", "year"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="zonetaxfigure_one_per_year")]

    def __str__(self) -> str:
        return f"{self.zone} · {self.year}"
