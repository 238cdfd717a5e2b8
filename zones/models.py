"""Regions and development zones (SPEC §1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from devzone.audit.models import audit_history


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县(市、区)")


class Region(models.Model):
    """Province → city (地级市) → county-level unit (县/市/区). Code: the 6-digit adcode."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="province", parent__isnull=True)
                | (~models.Q(level="province") & models.Q(parent__isnull=False)),
                name="region_parent_matches_level",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ZoneKind(models.TextChoices):
    NATIONAL_ETDZ = "national_etdz", _("国家级经济技术开发区")
    NATIONAL_HITECH = "national_hitech", _("国家级高新技术产业开发区")
    PROVINCIAL_EDZ = "provincial_edz", _("省级经济开发区")
    PROVINCIAL_HITECH = "provincial_hitech", _("省级高新技术产业开发区")
    BORDER_COOPERATION = "border_cooperation", _("边(跨)境经济合作区")


class ZoneLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")


class ManagementModel(models.TextChoices):
    COMMITTEE_COMPANY = "committee_company", _("管委会+公司")
    ZONE_GOVERNMENT = "zone_government", _("区政合一")
    ENTERPRISE = "enterprise", _("企业化管理")
    THREE_IN_ONE = "three_in_one", _("三合一管委会")


class ZoneStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    WARNED = "warned", _("警示")
    RECTIFYING = "rectifying", _("整改")
    DELISTED = "delisted", _("摘牌")
    MERGED = "merged", _("已整合")


class ManagingAuthority(models.TextChoices):
    CITY_DIRECT = "city_direct", _("市直接管理")
    COUNTY_AGENCY = "county_agency", _("县(市、区)派出机构")


class Zone(models.Model):
    """A development zone (开发区). Addressed by its stable ``code`` slug."""

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=128, unique=True)
    kind = models.CharField(_("类型"), max_length=32, choices=ZoneKind.choices)
    level = models.CharField(_("级别"), max_length=16, choices=ZoneLevel.choices)
    city = models.ForeignKey(Region, verbose_name=_("所在市"), on_delete=models.PROTECT, related_name="city_zones")
    county = models.ForeignKey(
        Region,
        verbose_name=_("所在县(市、区)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="county_zones",
    )
    management_model = models.CharField(
        _("管理模式"), max_length=32, choices=ManagementModel.choices, default=ManagementModel.COMMITTEE_COMPANY
    )
    managing_authority = models.CharField(
        _("管理主体"), max_length=32, choices=ManagingAuthority.choices, default=ManagingAuthority.CITY_DIRECT
    )
    founded_year = models.PositiveSmallIntegerField(_("成立年份"), null=True, blank=True)
    leading_industries = models.TextField(_("主导产业"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ZoneStatus.choices, default=ZoneStatus.ACTIVE)

    history = audit_history()

    class Meta:
        verbose_name = _("开发区")
        verbose_name_plural = _("开发区")
        ordering = ["city__code", "code"]
        permissions = [
            ("edit_registry", _("维护开发区档案")),
            ("draft_plan", _("编制一区一策方案")),
            ("review_plan", _("审核一区一策方案")),
            ("manage_staffing", _("管理岗位与人员")),
            ("manage_finance", _("管理财政数据")),
            ("manage_powers", _("管理赋权事项")),
            ("read_history", _("查阅变更记录")),
        ]

    def __str__(self) -> str:
        return self.name


# django-guardian object permissions on zones, in direct foreign-key tables (DESIGN "Tenancy").
class ZoneUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Zone, on_delete=models.CASCADE)


class ZoneGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Zone, on_delete=models.CASCADE)


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

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="areas")
    slug = models.SlugField(_("标识"), max_length=64)
    kind = models.CharField(_("类别"), max_length=16, choices=AreaKind.choices)
    name = models.CharField(_("名称"), max_length=128, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("所属区域"), null=True, blank=True, on_delete=models.CASCADE, related_name="sub_areas"
    )
    declared_km2 = models.DecimalField(_("申报面积(平方公里)"), max_digits=12, decimal_places=4)
    bounds_text = models.TextField(_("四至范围"), blank=True)
    geometry = models.JSONField(_("边界(GeoJSON)"), null=True, blank=True)
    geometry_version = models.PositiveIntegerField(default=0)
    computed_km2 = models.DecimalField(_("计算面积(平方公里)"), max_digits=14, decimal_places=4, null=True, blank=True)
    computed_mu = models.DecimalField(_("计算面积(亩)"), max_digits=16, decimal_places=2, null=True, blank=True)
    computed_version = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)

    history = audit_history(excluded_fields=["computed_km2", "computed_mu", "computed_version", "computed_at"])

    class Meta:
        verbose_name = _("开发区区域")
        verbose_name_plural = _("开发区区域")
        ordering = ["zone", "kind", "slug"]
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
