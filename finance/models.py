"""Zone finance (SPEC §4; ADR 0401): fiscal model, revenue by tax type, sharing agreements
versioned by effective year, the above-plan reward's designations, investment-incentive projects
paid by stage. Money is ``Decimal`` yuan with two places; every business row keeps history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.audit.models import audit_history
from zones.registry.models import Region, Zone

from . import rules

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


class TaxType(models.TextChoices):
    """The tax types of SPEC §4."""

    VAT = "vat", _("增值税")
    CORPORATE_INCOME = "corporate_income", _("企业所得税")
    INDIVIDUAL_INCOME = "individual_income", _("个人所得税")
    PROPERTY = "property", _("房产税")
    LAND_USE = "land_use", _("城镇土地使用税")
    LAND_APPRECIATION = "land_appreciation", _("土地增值税")
    DEED = "deed", _("契税")
    URBAN_CONSTRUCTION = "urban_construction", _("城市维护建设税")
    STAMP = "stamp", _("印花税")
    OTHER = "other", _("其他")


class Party(models.TextChoices):
    CITY = rules.CITY, _("市级")
    COUNTY = rules.COUNTY, _("县(市、区)")
    ZONE = rules.ZONE, _("开发区")


PARTY_LABELS = {**dict(Party.choices), rules.UNSHARED: _("未纳入分成协议")}


class ShortfallRule(models.TextChoices):
    PROPORTIONAL = rules.PROPORTIONAL, _("按基数比例分担（收入不足基数时全部收入按基数比例分成）")
    ZONE_FIRST = rules.ZONE_FIRST, _("开发区先行承担（其他各方按基数足额分得，差额由开发区承担）")
    INCREMENT_RATIOS = rules.INCREMENT_RATIOS, _("按增量比例分担（基数照常分成，负增量按增量比例分担）")


class FiscalModel(models.TextChoices):
    INDEPENDENT = "independent", _("独立金库、财政独立核算")
    LISTED_SEPARATELY = "listed_separately", _("纳入部门预决算并单独列示")


class Stage(models.TextChoices):
    LANDED = rules.LANDED, _("落地")
    STARTED = rules.STARTED, _("开工")
    STRUCTURE_DONE = rules.STRUCTURE_DONE, _("主体完工")
    COMPLETED = rules.COMPLETED, _("竣工")


class SchemeKind(models.TextChoices):
    ATTRACTION = "attraction", _("招商激励（含招商经费）")
    PROJECT_AWARD = "project_award", _("项目奖励")


class SchemeBasis(models.TextChoices):
    PERCENT = "percent", _("按比例")
    AMOUNT = "amount", _("按金额")


class RankingScope(models.TextChoices):
    NATIONAL = "national", _("全国排名（国家级开发区）")
    PROVINCIAL = "provincial", _("全省排名（省级开发区）")


class FinanceRuleSet(models.Model):
    """The province's finance rules as data (defaults in ``finance/rule_defaults.py``)."""

    name = models.CharField(_("名称"), max_length=200)
    effective_year = models.PositiveIntegerField(_("生效年度"), unique=True)
    default_shortfall_rule = models.CharField(_("默认的不足基数分担规则"), max_length=24, choices=ShortfallRule.choices)
    national_top_percent = models.DecimalField(_("全国排名前(%)"), max_digits=5, decimal_places=2)
    provincial_top_percent = models.DecimalField(_("全省排名前(%)"), max_digits=5, decimal_places=2)
    reward_percent = models.DecimalField(_("超计划增量奖励比例(%)"), max_digits=5, decimal_places=2)
    reward_years = models.PositiveSmallIntegerField(_("奖励年限(年)"))
    negative_revenue_allowed = models.BooleanField(_("允许负数收入（退库）"), default=False)
    source = models.TextField(_("依据"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("财政规则")
        verbose_name_plural = _("财政规则")
        ordering = ["-effective_year"]

    def __str__(self) -> str:
        return f"{self.name}（{self.effective_year}）"


class FiscalProfile(models.Model):
    """A zone's fiscal model (seed 000 §4, 002 §六)."""

    zone_path = "zone"

    zone = models.OneToOneField(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="fiscal_profile")
    model = models.CharField(_("财政管理模式"), max_length=24, choices=FiscalModel.choices)
    finance_office = models.CharField(_("财政管理机构"), max_length=100, blank=True)
    treasury = models.CharField(_("金库"), max_length=100, blank=True)
    note = models.TextField(_("说明"), blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("财政管理模式")
        verbose_name_plural = _("财政管理模式")
        ordering = ["zone"]

    def __str__(self) -> str:
        return f"{self.zone} · {self.get_model_display()}"


class Revenue(models.Model):
    """Revenue collected in a zone in one month of one tax type. A correction raises ``version``
    and is kept on history (who, when, before, after) — never a silent overwrite."""

    zone_path = "zone"
    scope_year = "year"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="revenues")
    year = models.PositiveIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    tax_type = models.CharField(_("税种"), max_length=24, choices=TaxType.choices)
    amount = models.DecimalField(_("收入(元)"), **MONEY)
    version = models.PositiveIntegerField(_("版本"), default=1)
    note = models.CharField(_("更正说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("税收收入")
        verbose_name_plural = _("税收收入")
        ordering = ["zone", "year", "month", "tax_type"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "year", "month", "tax_type"], name="revenue_one_per_month_type"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="revenue_month_1_12"),
        ]
        indexes = [models.Index(fields=["zone", "year"], name="revenue_zone_year")]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}-{self.month:02d} {self.get_tax_type_display()}"


class Agreement(models.Model):
    """One version of a zone's revenue-sharing agreement (财力分成).

    In force from ``effective_from`` to ``effective_to`` (years, inclusive; open when empty).
    A revision closes this version and starts the next (``supersedes``); a version's terms never
    change once made, so a past year's statement is reproduced under the version then in force.
    """

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="agreements")
    name = models.CharField(_("协议名称"), max_length=200)
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    tax_types = models.JSONField(_("分成税种"))
    base_year = models.PositiveIntegerField(_("基数年度"))
    base_amount = models.DecimalField(_("基数(元)"), **MONEY)
    base_amounts = models.JSONField(_("分税种基数"), null=True, blank=True)
    base_ratios = models.JSONField(_("基数分成比例(%)"))
    increment_ratios = models.JSONField(_("增量分成比例(%)"))
    shortfall_rule = models.CharField(_("收入不足基数时"), max_length=24, choices=ShortfallRule.choices)
    effective_from = models.PositiveIntegerField(_("起始年度"))
    effective_to = models.PositiveIntegerField(_("终止年度"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("修订前版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("财力分成协议")
        verbose_name_plural = _("财力分成协议")
        ordering = ["zone", "effective_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
                name="agreement_years_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(base_year__lt=models.F("effective_from")), name="agreement_base_before_effective"
            ),
        ]
        indexes = [models.Index(fields=["zone", "effective_from", "effective_to"], name="agreement_in_force")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"

    def terms(self) -> rules.Terms:
        from decimal import Decimal

        return rules.Terms(
            key=f"{self.effective_from:04d}-{self.pk or 0:08d}",
            tax_types=tuple(t for t in TaxType.values if t in self.tax_types),
            base_amount=self.base_amount,
            base_amounts={k: Decimal(v) for k, v in self.base_amounts.items()} if self.base_amounts else None,
            base_ratios={k: Decimal(v) for k, v in self.base_ratios.items()},
            increment_ratios={k: Decimal(v) for k, v in self.increment_ratios.items()},
            shortfall_rule=self.shortfall_rule,
        )


class CityTaxPlan(models.Model):
    """A city's planned growth rate of city-level tax for a year (the reward's yardstick)."""

    city = models.ForeignKey(Region, verbose_name=_("市"), on_delete=models.PROTECT, related_name="tax_plans")
    year = models.PositiveIntegerField(_("年度"))
    planned_growth_percent = models.DecimalField(_("市级税收计划增速(%)"), max_digits=6, decimal_places=2)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("市级税收计划增速")
        verbose_name_plural = _("市级税收计划增速")
        ordering = ["city", "year"]
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="citytaxplan_one_per_year")]

    def __str__(self) -> str:
        return f"{self.city} {self.year}: {self.planned_growth_percent}%"


class RewardDesignation(models.Model):
    """A recorded designation: the ranking that earned a zone the above-plan reward (seed 003).

    Until the assessment app provides rankings this is entered by the province, with the ranking
    it cites; :mod:`finance.sources` is the one place that reads designations (ADR 0403).
    """

    zone_path = "zone"

    zone = models.ForeignKey(
        Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="reward_designations"
    )
    ranking_year = models.PositiveIntegerField(_("排名年度"))
    scope = models.CharField(_("排名范围"), max_length=16, choices=RankingScope.choices)
    rank = models.PositiveIntegerField(_("名次"))
    out_of = models.PositiveIntegerField(_("参评总数"))
    ranking = models.CharField(_("排名依据"), max_length=200, help_text=_("如：2025年度国家级经开区综合发展水平考核"))
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("超计划增量奖励认定")
        verbose_name_plural = _("超计划增量奖励认定")
        ordering = ["zone", "ranking_year"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "ranking_year"], name="designation_one_per_year"),
            models.CheckConstraint(condition=models.Q(rank__lte=models.F("out_of")), name="designation_rank_le_total"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.ranking_year} · {self.rank}/{self.out_of}"


class IncentiveScheme(models.Model):
    """How an attracted project's incentive is paid over the stages: percentages of the award or
    fixed amounts per stage. Reference data kept by province and city staff."""

    name = models.CharField(_("方案名称"), max_length=200, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=SchemeKind.choices)
    basis = models.CharField(_("分段方式"), max_length=8, choices=SchemeBasis.choices)
    stage_values = models.JSONField(_("各阶段比例(%)或金额(元)"))
    includes_costs = models.BooleanField(_("激励包含招商经费"), default=True)
    source = models.TextField(_("依据"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("招商激励方案")
        verbose_name_plural = _("招商激励方案")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """An attracted project (招引项目) and its incentive award."""

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(_("项目名称"), max_length=200)
    investor = models.CharField(_("投资方"), max_length=200)
    amount = models.DecimalField(_("投资额(元)"), **MONEY)
    leading_industry = models.CharField(_("主导产业"), max_length=100, blank=True)
    scheme = models.ForeignKey(
        IncentiveScheme, verbose_name=_("激励方案"), on_delete=models.PROTECT, related_name="projects"
    )
    award = models.DecimalField(_("激励总额(元)"), **MONEY)
    attraction_costs = models.DecimalField(_("其中招商经费(元)"), default=0, **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("招引项目")
        verbose_name_plural = _("招引项目")
        ordering = ["zone", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(award__gte=0), name="project_award_nonnegative"),
            models.CheckConstraint(
                condition=models.Q(attraction_costs__gte=0) & models.Q(attraction_costs__lte=models.F("award")),
                name="project_costs_within_award",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectStage(models.Model):
    """One stage of a project: its due amount, when it was reached (with evidence), its payment.
    ``(project, stage)`` is unique; paying locks the project's row (ADR 0404)."""

    zone_path = "project__zone"

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    due_amount = models.DecimalField(_("应付激励(元)"), **MONEY)
    reached_on = models.DateField(_("达到日期"), null=True, blank=True)
    evidence = models.TextField(_("佐证材料"), blank=True)
    paid_amount = models.DecimalField(_("已付(元)"), null=True, blank=True, **MONEY)
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("支付经办人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = audit_history()

    class Meta:
        verbose_name = _("项目阶段")
        verbose_name_plural = _("项目阶段")
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="projectstage_one_per_stage"),
            models.CheckConstraint(
                condition=models.Q(paid_amount__isnull=True) | models.Q(paid_amount=models.F("due_amount")),
                name="projectstage_paid_as_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_stage_display()}"

    @property
    def zone(self) -> Zone:
        return self.project.zone
