"""Regions, development zones and their registry: status history, merges,
platform companies, social functions (SPEC §1)."""

from django.conf import settings
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

    zone_path = ""  # the zone itself (ADR 0009)

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
    leading_industries = models.TextField(_("主导产业"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ZoneStatus.choices, default=ZoneStatus.ACTIVE)
    # 一区多园 (registry): the zone this one is a sub-park (园区/区中园) of, or was merged into.
    parent_zone = models.ForeignKey(
        "self", verbose_name=_("上级园区"), null=True, blank=True, on_delete=models.PROTECT, related_name="sub_parks"
    )

    history = audit_history()

    class Meta:
        verbose_name = _("开发区")
        verbose_name_plural = _("开发区")
        ordering = ["city__code", "code"]
        # The permissions on zones that roles hold are declared by the apps checking them, in
        # their grants.py, and created by devzone.tenancy.grants.sync_grants (ADR 0009).

    def __str__(self) -> str:
        return self.name


# django-guardian object permissions on zones, in direct foreign-key tables (DESIGN "Tenancy").
class ZoneUserObjectPermission(UserObjectPermissionBase):
    zone_path = "content_object"

    content_object = models.ForeignKey(Zone, on_delete=models.CASCADE)


class ZoneGroupObjectPermission(GroupObjectPermissionBase):
    zone_path = "content_object"

    content_object = models.ForeignKey(Zone, on_delete=models.CASCADE)


# ---------------------------------------------------------------------------------------------
# Registry (SPEC §1): dated status history, platform companies ("1+1+N"), merges (一区多园),
# social-affairs functions, land plots (亩产论英雄). Rules in zones/rules.py, writes in services.
# ---------------------------------------------------------------------------------------------


class ZoneStatusChange(models.Model):
    """One dated change of a zone's status; ``Zone.status`` holds the current value."""

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("原状态"), max_length=16, choices=ZoneStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=ZoneStatus.choices)
    effective_date = models.DateField(_("生效日期"))
    reason = models.TextField(_("事由"), max_length=2000, blank=True)
    document_no = models.CharField(_("文号"), max_length=64, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["zone", "-effective_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(from_status=models.F("to_status")), name="statuschange_changes")
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.get_from_status_display()} → {self.get_to_status_display()}"


class ZoneMerge(models.Model):
    """A zone merged into a surviving zone (整合, 一区多园): one row per merged zone and merge.

    The merged zone's ``status`` becomes ``merged`` and its ``parent_zone`` the surviving zone;
    a reinstated zone keeps this row as the record of the past merge.
    """

    zone_path = "surviving_zone"

    merged_zone = models.ForeignKey(
        Zone, verbose_name=_("被整合开发区"), on_delete=models.PROTECT, related_name="merges_out"
    )
    surviving_zone = models.ForeignKey(
        Zone, verbose_name=_("整合后开发区"), on_delete=models.PROTECT, related_name="merges_received"
    )
    effective_date = models.DateField(_("生效日期"))
    document_no = models.CharField(_("文号"), max_length=64, blank=True)
    reason = models.TextField(_("说明"), max_length=2000, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = audit_history()

    class Meta:
        verbose_name = _("开发区整合")
        verbose_name_plural = _("开发区整合")
        ordering = ["-effective_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_zone=models.F("surviving_zone")), name="zonemerge_not_into_itself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.merged_zone} → {self.surviving_zone}"


class CompanyTier(models.TextChoices):
    """The "1+1+N" structure (001 §一): owner, one state group company, N specialised companies."""

    OWNER = "owner", _("管委会(出资人)")
    GROUP = "group", _("国有集团公司")
    SPECIALISED = "specialised", _("专业化公司")


class CompanySpecialty(models.TextChoices):
    """The boards specialised companies are built around (001 §一, 002 §七)."""

    DEVELOPMENT = "development", _("开发建设")
    INVESTMENT_ATTRACTION = "investment_attraction", _("招商引资")
    FINANCE = "finance", _("金融投资")
    TRADING = "trading", _("市场资源要素交易")
    HUMAN_RESOURCES = "human_resources", _("人力资源")
    ASSET_OPERATION = "asset_operation", _("资产运营")
    OTHER = "other", _("其他")


class PlatformCompany(models.Model):
    """A platform company of a zone's "管委会+公司" model (000 §10, 001 §一).

    ``shareholding_pct`` is the share its ``parent`` (for the group company: the management
    committee) holds in it, 0–100.
    """

    zone_path = "zone"

    zone = models.ForeignKey(
        Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="platform_companies"
    )
    name = models.CharField(_("名称"), max_length=128)
    tier = models.CharField(_("层级"), max_length=16, choices=CompanyTier.choices)
    specialty = models.CharField(_("业务板块"), max_length=32, choices=CompanySpecialty.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级(出资)单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsidiaries",
    )
    shareholding_pct = models.DecimalField(_("持股比例(%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    business_scope = models.TextField(_("经营范围"), max_length=2000, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("平台公司")
        verbose_name_plural = _("平台公司")
        ordering = ["zone", "tier", "name"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="platformcompany_unique_name"),
            models.UniqueConstraint(
                fields=["zone"], condition=models.Q(tier="group"), name="platformcompany_one_group"
            ),
            models.UniqueConstraint(
                fields=["zone"], condition=models.Q(tier="owner"), name="platformcompany_one_owner"
            ),
            models.CheckConstraint(
                condition=models.Q(shareholding_pct__isnull=True)
                | models.Q(shareholding_pct__gte=0, shareholding_pct__lte=100),
                name="platformcompany_share_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SocialFunctionKind(models.TextChoices):
    """Social-affairs functions a zone may hold or strip (000 §1, 002 §四(二))."""

    EDUCATION = "education", _("教育")
    HEALTH = "health", _("卫生健康")
    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    COMMUNITY = "community", _("社区管理")
    PUBLIC_SECURITY = "public_security", _("社会治安")
    SOCIAL_SECURITY = "social_security", _("社会保障")
    HOUSING = "housing", _("住房保障")
    CULTURE_SPORTS = "culture_sports", _("文化体育")
    PETITIONS = "petitions", _("信访")
    SANITATION = "sanitation", _("环境卫生")
    LAND_REQUISITION = "land_requisition", _("征地拆迁")
    VETERANS = "veterans", _("退役军人事务")
    NON_ENTERPRISE_SERVICES = "non_enterprise_services", _("非涉企政务服务")


class SocialFunctionState(models.TextChoices):
    RETAINED = "retained", _("保留")
    STRIPPED = "stripped", _("剥离")


class SocialFunction(models.Model):
    """Whether a zone keeps a social-affairs function or has handed it to a receiving body."""

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="social_functions")
    function = models.CharField(_("社会事务职能"), max_length=32, choices=SocialFunctionKind.choices)
    state = models.CharField(_("状态"), max_length=16, choices=SocialFunctionState.choices)
    receiving_body = models.CharField(_("承接单位"), max_length=128, blank=True)
    effective_date = models.DateField(_("日期"), null=True, blank=True)
    note = models.TextField(_("备注"), max_length=1000, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("社会事务职能")
        verbose_name_plural = _("社会事务职能")
        ordering = ["zone", "function"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "function"], name="socialfunction_unique"),
            models.CheckConstraint(
                condition=models.Q(state="retained") | ~models.Q(receiving_body=""),
                name="socialfunction_stripped_has_receiver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.get_function_display()}"
