"""Regions and development zones (SPEC §1)."""

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
    # 一区多园 (registry): the zone this one is a sub-park (园区/区中园) of, or was merged into.
    parent_zone = models.ForeignKey(
        "self", verbose_name=_("上级园区"), null=True, blank=True, on_delete=models.PROTECT, related_name="sub_parks"
    )

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
            ("change_status", _("变更开发区状态")),
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
    # geometric flags (overlaps, outside_parent) written by the recompute worker (ADR 0161)
    computed_flags = models.JSONField(_("空间校验结果"), default=list, blank=True)

    history = audit_history(
        excluded_fields=["computed_km2", "computed_mu", "computed_version", "computed_at", "computed_flags"]
    )

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


# ---------------------------------------------------------------------------------------------
# Registry (SPEC §1): dated status history, platform companies ("1+1+N"), merges (一区多园),
# social-affairs functions, land plots (亩产论英雄). Rules in zones/rules.py, writes in services.
# ---------------------------------------------------------------------------------------------


class ZoneStatusChange(models.Model):
    """One dated change of a zone's status; ``Zone.status`` holds the current value."""

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("原状态"), max_length=16, choices=ZoneStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=ZoneStatus.choices)
    effective_date = models.DateField(_("生效日期"))
    reason = models.TextField(_("事由"), blank=True)
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

    merged_zone = models.ForeignKey(
        Zone, verbose_name=_("被整合开发区"), on_delete=models.PROTECT, related_name="merges_out"
    )
    surviving_zone = models.ForeignKey(
        Zone, verbose_name=_("整合后开发区"), on_delete=models.PROTECT, related_name="merges_received"
    )
    effective_date = models.DateField(_("生效日期"))
    document_no = models.CharField(_("文号"), max_length=64, blank=True)
    reason = models.TextField(_("说明"), blank=True)
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
    business_scope = models.TextField(_("经营范围"), blank=True)

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

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="social_functions")
    function = models.CharField(_("社会事务职能"), max_length=32, choices=SocialFunctionKind.choices)
    state = models.CharField(_("状态"), max_length=16, choices=SocialFunctionState.choices)
    receiving_body = models.CharField(_("承接单位"), max_length=128, blank=True)
    effective_date = models.DateField(_("日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

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


class PlotUse(models.TextChoices):
    INDUSTRIAL = "industrial", _("产业用地")
    SUPPORTING = "supporting", _("配套用地")
    NON_INDUSTRIAL = "non_industrial", _("非产业用地")


class LandPlot(models.Model):
    """A land plot (地块) of a zone, with the figures its per-mu indicators come from.

    ``annual_tax`` and ``annual_output`` are yuan for ``figures_year``; ``needed_supporting``
    marks a supporting plot as part of the needed living/production support area (not moved out).
    """

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
    note = models.TextField(_("备注"), blank=True)

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


# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans (SPEC §1 "一区一策 reform plans", seed 002) and the zone's establishment
# ---------------------------------------------------------------------------------------------


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已批准")
    SUPERSEDED = "superseded", _("已被替代")


# A zone has at most one plan in progress and at most one in force.
OPEN_PLAN_STATES = (PlanState.DRAFT, PlanState.SUBMITTED, PlanState.RETURNED)


class PlanSection(models.TextChoices):
    """The sections of a plan, mirroring seed 002 (slugs as in ``zones.rules.SECTIONS``)."""

    BASIC = "basic", _("基本情况")
    ORGANISATION = "organisation", _("组织架构")
    PERSONNEL = "personnel", _("人事制度")
    POWERS = "powers", _("承接事权")
    ECONOMY = "economy", _("经济工作与招商激励")
    FINANCE = "finance", _("财税管理")
    MARKET = "market", _("市场运作与平台公司")
    ASSESSMENT = "assessment", _("绩效考核")
    PARTY = "party", _("党的领导")


class FinanceModel(models.TextChoices):
    INDEPENDENT = "independent", _("独立金库、独立核算")
    DEPARTMENTAL = "departmental", _("纳入本级政府部门预算、单独列示")


class Plan(models.Model):
    """One version of a zone's 一区一策 reform plan, filed by the city, reviewed by the province.

    Figures and lists the rules check are columns and child rows; the prose of each section is
    ``sections[slug]``. Transitions are service functions (``zones.services``) that check the
    source state and write a ``PlanTransition``.
    """

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField(_("版本"))
    state = models.CharField(_("状态"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    based_on = models.ForeignKey(
        "self", verbose_name=_("基于版本"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leadership_posts = models.PositiveSmallIntegerField(_("领导职数"), null=True, blank=True)
    leadership_note = models.TextField(_("领导职数说明"), blank=True)
    headcount_cap = models.PositiveIntegerField(_("员额总数"), null=True, blank=True)
    hiring_mode = models.TextField(_("选人用人方式"), blank=True)
    contract_term_years = models.PositiveSmallIntegerField(_("聘期（年）"), null=True, blank=True)
    exit_rule = models.TextField(_("退出机制"), blank=True)
    finance_model = models.CharField(_("财政管理方式"), max_length=16, choices=FinanceModel.choices, blank=True)
    sections = models.JSONField(_("各部分正文"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("一区一策方案")
        verbose_name_plural = _("一区一策方案")
        ordering = ["zone", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "version"], name="plan_unique_zone_version"),
            models.UniqueConstraint(
                fields=["zone"], condition=models.Q(state__in=OPEN_PLAN_STATES), name="plan_one_open_per_zone"
            ),
            models.UniqueConstraint(
                fields=["zone"], condition=models.Q(state=PlanState.APPROVED), name="plan_one_in_force_per_zone"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="plan_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.version}"

    @property
    def editable(self) -> bool:
        from .rules import EDITABLE_STATES

        return self.state in EDITABLE_STATES


class PlanUnit(models.Model):
    """An internal body or a dispatched agency of a plan: name, duties, position."""

    name = models.CharField(_("名称"), max_length=64)
    duties = models.TextField(_("职责"), blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PlanBody(PlanUnit):
    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="bodies")

    history = audit_history()

    class Meta(PlanUnit.Meta):
        verbose_name = _("内设机构")
        verbose_name_plural = _("内设机构")
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="planbody_unique_name")]


class PlanAgency(PlanUnit):
    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="agencies")

    history = audit_history()

    class Meta(PlanUnit.Meta):
        verbose_name = _("派驻机构")
        verbose_name_plural = _("派驻机构")
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="planagency_unique_name")]


class PlanSnapshot(models.Model):
    """A submission, frozen: the whole plan as it was sent to the province (never changed)."""

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="snapshots")
    number = models.PositiveSmallIntegerField(_("报送次数"))
    data = models.JSONField(_("方案内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("方案报送快照")
        verbose_name_plural = _("方案报送快照")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plansnapshot_unique_number")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.number}"


class PlanTransition(models.Model):
    """The workflow log: every state change of a plan, who made it, when and why."""

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("原状态"), max_length=16, choices=PlanState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, choices=PlanState.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)
    snapshot = models.ForeignKey(
        PlanSnapshot, verbose_name=_("报送快照"), null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )

    class Meta:
        verbose_name = _("方案流转记录")
        verbose_name_plural = _("方案流转记录")
        ordering = ["plan", "at", "id"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_state} → {self.to_state}"


class PlanComment(models.Model):
    """A reviewer's comment on one section, attached when the plan is returned."""

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="comments")
    snapshot = models.ForeignKey(
        PlanSnapshot, verbose_name=_("报送快照"), on_delete=models.RESTRICT, related_name="comments"
    )
    section = models.CharField(_("部分"), max_length=16, choices=PlanSection.choices)
    text = models.TextField(_("意见"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审核意见")
        verbose_name_plural = _("审核意见")
        ordering = ["plan", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.section}"


class PlanRuleSet(models.Model):
    """The province's rule set for checking a plan at submission (SPEC §1; defaults seed 004).

    The rule set in force for a year is the one with the latest ``effective_year`` not after it.
    """

    name = models.CharField(_("名称"), max_length=128)
    effective_year = models.PositiveSmallIntegerField(_("起始年度"), unique=True)
    require_headcount_cap = models.BooleanField(_("员额总数必填且大于0"), default=True)
    require_leadership_posts = models.BooleanField(_("领导职数必填且大于0"), default=True)
    require_contract_term = models.BooleanField(_("聘期必填且大于0"), default=True)
    duties_required = models.BooleanField(_("内设机构和派驻机构须列明职责"), default=True)
    source = models.TextField(_("依据"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("方案审核规则")
        verbose_name_plural = _("方案审核规则")
        ordering = ["-effective_year"]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_year})"


class PlanBodyBound(models.Model):
    """Per management model: how many internal bodies (and dispatched agencies) a plan may set up."""

    rule_set = models.ForeignKey(PlanRuleSet, verbose_name=_("规则"), on_delete=models.CASCADE, related_name="bounds")
    management_model = models.CharField(_("管理模式"), max_length=32, choices=ManagementModel.choices)
    min_bodies = models.PositiveSmallIntegerField(_("内设机构下限"), default=0)
    max_bodies = models.PositiveSmallIntegerField(_("内设机构上限"), null=True, blank=True)
    max_agencies = models.PositiveSmallIntegerField(_("派驻机构上限"), null=True, blank=True)
    source = models.TextField(_("依据"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("内设机构限额")
        verbose_name_plural = _("内设机构限额")
        ordering = ["rule_set", "management_model"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "management_model"], name="planbodybound_unique_model"),
            models.CheckConstraint(
                condition=models.Q(max_bodies__isnull=True) | models.Q(max_bodies__gte=models.F("min_bodies")),
                name="planbodybound_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} · {self.get_management_model_display()}"


class EstablishmentUnitKind(models.TextChoices):
    INTERNAL = "internal", _("内设机构")
    DISPATCHED = "dispatched", _("派驻机构")


class ZoneEstablishment(models.Model):
    """The zone's establishment (编制/员额, SPEC §3), from its approved plan; staffing reads it."""

    zone = models.OneToOneField(Zone, verbose_name=_("开发区"), on_delete=models.CASCADE, related_name="establishment")
    headcount_cap = models.PositiveIntegerField(_("员额总数"))
    leadership_posts = models.PositiveSmallIntegerField(_("领导职数"))
    contract_term_years = models.PositiveSmallIntegerField(_("聘期（年）"), null=True, blank=True)
    source_plan = models.ForeignKey(
        Plan, verbose_name=_("来源方案"), on_delete=models.PROTECT, related_name="establishments"
    )
    source_version = models.PositiveIntegerField(_("来源方案版本"))
    source_submission = models.PositiveSmallIntegerField(_("来源报送次数"))
    approved_at = models.DateTimeField(_("批准时间"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("机构编制")
        verbose_name_plural = _("机构编制")

    def __str__(self) -> str:
        return f"{self.zone} · {self.headcount_cap}"

    @property
    def internal_bodies(self) -> list["EstablishmentUnit"]:
        return [u for u in self.units.all() if u.kind == EstablishmentUnitKind.INTERNAL]

    @property
    def dispatched_agencies(self) -> list["EstablishmentUnit"]:
        return [u for u in self.units.all() if u.kind == EstablishmentUnitKind.DISPATCHED]


class EstablishmentUnit(models.Model):
    """An internal body or dispatched agency on the zone's establishment (matched by name)."""

    establishment = models.ForeignKey(
        ZoneEstablishment, verbose_name=_("机构编制"), on_delete=models.CASCADE, related_name="units"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=EstablishmentUnitKind.choices)
    name = models.CharField(_("名称"), max_length=64)
    duties = models.TextField(_("职责"), blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    history = audit_history()

    class Meta:
        verbose_name = _("编制机构")
        verbose_name_plural = _("编制机构")
        ordering = ["establishment", "kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "kind", "name"], name="establishmentunit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


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
