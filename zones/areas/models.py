"""A zone's areas (catalogue, planned, controlled, named sub-areas), their rule set
and the regions' area totals (SPEC §1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.audit.models import audit_history
from zones.registry.models import Region, Zone


class AreaKind(models.TextChoices):
    CATALOGUE = "catalogue", _("目录核准面积")
    PLANNED = "planned", _("规划面积")
    CONTROLLED = "controlled", _("实控面积")
    SUB_AREA = "sub_area", _("片区")


class ZoneArea(models.Model):
    """One of a zone's areas (SPEC §1): declared km², 四至 text and, when drawn, a geometry.

    ``slug`` addresses the area in the API: ``catalogue``, ``planned``, ``controlled`` or a
    sub-area's own slug. ``computed_*`` are derived by the recompute worker from ``geometry``;
    ``geometry_version`` counts geometry changes and ``computed_version`` says which one the
    computed figures belong to, so a reader can tell a stale figure.
    """

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="areas")
    slug = models.SlugField(_("标识"), max_length=64)
    kind = models.CharField(_("类别"), max_length=16, choices=AreaKind.choices)
    name = models.CharField(_("名称"), max_length=128, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("所属区域"), null=True, blank=True, on_delete=models.CASCADE, related_name="sub_areas"
    )
    declared_km2 = models.DecimalField(_("申报面积(平方公里)"), max_digits=12, decimal_places=4)
    bounds_text = models.TextField(_("四至范围"), max_length=2000, blank=True)
    geometry = models.JSONField(_("边界(GeoJSON)"), null=True, blank=True)
    geometry_version = models.PositiveIntegerField(default=0)
    computed_km2 = models.DecimalField(_("计算面积(平方公里)"), max_digits=14, decimal_places=4, null=True, blank=True)
    computed_mu = models.DecimalField(_("计算面积(亩)"), max_digits=16, decimal_places=2, null=True, blank=True)
    computed_version = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    # geometric flags (overlaps, outside_parent) written by the recompute worker (ADR 0161)
    computed_flags = models.JSONField(_("空间校验结果"), default=list, blank=True)
    # The boundary's bounding box, written with the boundary (services): spatial candidates are
    # picked in SQL on these indexed columns, not by loading the country's boundaries (ADR 0017).
    min_lon = models.FloatField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lon = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)
    # The outline the province map draws, simplified by the recompute worker; ``outline_version``
    # is the ``geometry_version`` it was made from (ADR 0016).
    outline = models.JSONField(null=True, blank=True, editable=False)
    outline_version = models.PositiveIntegerField(default=0, editable=False)

    history = audit_history(
        excluded_fields=[
            "computed_km2",
            "computed_mu",
            "computed_version",
            "computed_at",
            "computed_flags",
            "min_lon",
            "min_lat",
            "max_lon",
            "max_lat",
            "outline",
            "outline_version",
        ]
    )

    class Meta:
        verbose_name = _("开发区区域")
        verbose_name_plural = _("开发区区域")
        ordering = ["zone", "kind", "slug"]
        indexes = [models.Index(fields=["kind", "min_lon", "max_lon", "min_lat", "max_lat"], name="zonearea_kind_bbox")]
        constraints = [
            models.UniqueConstraint(fields=["zone", "slug"], name="zonearea_unique_slug"),
            models.CheckConstraint(condition=models.Q(declared_km2__gte=0), name="zonearea_declared_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.name or self.get_kind_display()}"

    @property
    def stale(self) -> bool:
        return self.computed_version != self.geometry_version


class RegionAreaTotal(models.Model):
    """The summed computed area of one kind of zone area in a region (province, city, county).

    Written only by the recompute worker (``zones/recompute.py``). ``input_version`` is the
    fingerprint of the ``(area, computed version)`` pairs summed; the total is stale when the
    ``(area, geometry version)`` pairs of the areas that now have a boundary fingerprint
    differently (a boundary changed, came or went, or its zone moved).
    """

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="area_totals")
    kind = models.CharField(_("类别"), max_length=16, choices=AreaKind.choices)
    total_km2 = models.DecimalField(_("合计面积(平方公里)"), max_digits=16, decimal_places=4, default=0)
    total_mu = models.DecimalField(_("合计面积(亩)"), max_digits=18, decimal_places=2, default=0)
    area_count = models.PositiveIntegerField(_("已计算区域数"), default=0)
    zone_count = models.PositiveIntegerField(_("开发区数"), default=0)
    input_version = models.CharField(_("输入版本"), max_length=64, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("区域面积合计")
        verbose_name_plural = _("区域面积合计")
        ordering = ["region__code", "kind"]
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="regionareatotal_unique_kind")]

    def __str__(self) -> str:
        return f"{self.region} · {self.get_kind_display()}"

    @property
    def stale(self) -> bool:
        """True until the worker has summed the areas as they are now (one query)."""
        from .rules import inputs_digest
        from .selectors import areas_in_region

        drawn = areas_in_region(self.region, self.kind).filter(geometry__isnull=False)
        current = drawn.values_list("pk", "geometry_version")
        return self.computed_at is None or inputs_digest(current) != self.input_version


class AreaRuleSet(models.Model):
    """The province's area rules from a year on (SPEC §1 "beyond a tolerance"; ADR 0161).

    The rule set in force for a year is the one with the latest ``effective_year`` not after it.
    """

    effective_year = models.PositiveIntegerField(_("起始年度"), unique=True)
    declared_tolerance_pct = models.DecimalField(
        _("申报面积容差(%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("计算面积与申报面积相差超过此百分比时标记。"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("区域校验规则")
        verbose_name_plural = _("区域校验规则")
        ordering = ["-effective_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(declared_tolerance_pct__gte=0) & models.Q(declared_tolerance_pct__lte=100),
                name="arearuleset_tolerance_pct_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.effective_year}: {self.declared_tolerance_pct}%"
