"""The delegated-power register (赋权清单, SPEC §2; ADR 0201): the catalogue of powers, their
delegations to zones with a dated life-cycle, the granting departments' evaluations and the
zone–county responsibility list."""

import contextlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.audit.models import audit_history
from zones.registry.models import Zone

from . import rules


class PowerType(models.TextChoices):
    LICENCE = "licence", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    FILING = "filing", _("行政备案")
    INSPECTION = "inspection", _("行政检查")
    PENALTY = "penalty", _("行政处罚")
    OTHER = "other", _("其他")


class GrantingLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class PowerDomain(models.TextChoices):
    INVESTMENT = "investment", _("投资促进")
    MARKET = "market", _("市场监管")
    NATURAL_RESOURCES = "natural_resources", _("自然资源")
    PLANNING = "planning", _("规划建设")
    ENVIRONMENT = "environment", _("生态环境")
    EMERGENCY = "emergency", _("应急管理")
    COMMERCE = "commerce", _("商务外贸")
    HUMAN_RESOURCES = "human_resources", _("人力社保")
    OTHER = "other", _("其他")


class ApprovalStage(models.TextChoices):
    """The five stages of construction-project approval (seed 001 §三, 002 §四(一))."""

    PROJECT = "project", _("立项")
    LAND_PLANNING = "land_planning", _("用地规划许可")
    WORKS_PLANNING = "works_planning", _("工程建设许可")
    CONSTRUCTION = "construction", _("施工许可")
    COMPLETION = "completion", _("竣工验收")


class PowerItem(models.Model):
    """One power (事项) of the catalogue kept by province and city staff. Not zone-owned: every
    logged-in user may read the catalogue; what a zone holds is a :class:`Delegation`."""

    code = models.CharField(_("事项编码"), max_length=64, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    type = models.CharField(_("事项类型"), max_length=16, choices=PowerType.choices)
    legal_basis = models.TextField(_("设定依据"), max_length=5000, blank=True)
    granting_level = models.CharField(_("赋权层级"), max_length=16, choices=GrantingLevel.choices)
    granting_department = models.CharField(
        _("赋权部门"), max_length=64, help_text=_("与赋权部门账号的“部门”一致，如“市场监管”。")
    )
    domain = models.CharField(_("领域"), max_length=32, choices=PowerDomain.choices)
    stage = models.CharField(_("工程建设项目审批阶段"), max_length=16, choices=ApprovalStage.choices, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("赋权事项")
        verbose_name_plural = _("赋权事项")
        ordering = ["code"]
        indexes = [models.Index(fields=["granting_department", "code"], name="poweritem_dept")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DelegationMode(models.TextChoices):
    DIRECT = "direct", _("直接下放")
    ENTRUSTED = "entrusted", _("委托")
    STATIONED = "stationed", _("派驻人员")
    DUAL_PLATE = "dual_plate", _("加挂牌子")
    AGENCY = "agency", _("领办代办")


class DelegationStatus(models.TextChoices):
    PROPOSED = rules.PROPOSED, _("拟赋权")
    DELEGATED = rules.DELEGATED, _("已赋权")
    TAKEN_ON = rules.TAKEN_ON, _("已承接")
    DEFERRED = rules.DEFERRED, _("缓放")
    WITHDRAWN = rules.WITHDRAWN, _("已收回")


# The modes a deferred delegation falls back on, and the statuses a new delegation may start in.
FALLBACK_CHOICES = [(c.value, c.label) for c in DelegationMode if c.value in rules.FALLBACK_MODES]
NEW_STATUS_CHOICES = [(c.value, c.label) for c in DelegationStatus if c.value in (rules.PROPOSED, rules.DELEGATED)]


class Delegation(models.Model):
    """One power delegated to one zone. Valid time ``[effective_from, effective_to)`` says when it
    was in force (set by the ``delegate`` and ``withdraw`` moves); ``history`` records every change
    of the row itself; :class:`DelegationTransition` logs each move of ``status``."""

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="delegations")
    item = models.ForeignKey(PowerItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="delegations")
    mode = models.CharField(_("赋权方式"), max_length=16, choices=DelegationMode.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=DelegationStatus.choices, default=DelegationStatus.PROPOSED
    )
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    effective_to = models.DateField(_("终止日期"), null=True, blank=True)
    fallback_mode = models.CharField(
        _("缓放期间的替代方式"),
        max_length=16,
        choices=FALLBACK_CHOICES,
        blank=True,
    )
    build_before_acceptance = models.BooleanField(_("先建后验"), default=False)
    tolerance_approval = models.BooleanField(_("容缺审批"), default=False)
    notify_commitment = models.BooleanField(_("告知承诺制"), default=False)
    duties = models.TextField(_("开发区承接职责"), max_length=4000, blank=True)
    note = models.TextField(_("备注"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("赋权")
        verbose_name_plural = _("赋权")
        ordering = ["zone", "item__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "item"],
                condition=~models.Q(status=rules.WITHDRAWN),
                name="delegation_one_active_per_zone_item",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_from__isnull=True)
                | models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="delegation_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["zone", "effective_from", "effective_to"], name="delegation_in_force")]

    def __str__(self) -> str:
        return f"{self.zone} · {self.item}"

    @property
    def innovations(self) -> list[str]:
        return [
            str(getattr(self._meta.get_field(name), "verbose_name", name))
            for name in INNOVATION_FIELDS
            if getattr(self, name)
        ]


INNOVATION_FIELDS = ("build_before_acceptance", "tolerance_approval", "notify_commitment")


class DelegationTransition(models.Model):
    """The life-cycle log: every move of a delegation — who, when, why, under which document."""

    zone_path = "delegation__zone"

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("赋权"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("操作"), max_length=16)
    from_state = models.CharField(_("原状态"), max_length=16, choices=DelegationStatus.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, choices=DelegationStatus.choices)
    effective_on = models.DateField(_("生效日期"))
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    reason = models.TextField(_("理由"), max_length=4000, blank=True)
    fallback_mode = models.CharField(_("替代方式"), max_length=16, choices=DelegationMode.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("赋权流转记录")
        verbose_name_plural = _("赋权流转记录")
        ordering = ["delegation", "at", "id"]
        indexes = [models.Index(fields=["delegation", "effective_on"], name="delegationlog_on")]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.from_state} → {self.to_state}"

    @property
    def zone(self) -> Zone:
        return self.delegation.zone


class Recommendation(models.TextChoices):
    KEEP = "keep", _("继续赋权")
    ADJUST = "adjust", _("调整")
    WITHDRAW = "withdraw", _("收回")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("好")
    GOOD = "good", _("较好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")


class DelegationPeriod:
    """A delegation's record for one evaluation period (an evaluation, a case count): the period
    label typed into ``year``, ``period_start`` and ``period_end`` on every save (ADR 0204)."""

    delegation: Delegation
    period: str

    def __str__(self) -> str:
        return f"{self.delegation} · {self.period}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_period()
        super().save(*args, **kwargs)  # type: ignore[misc]

    def fill_period(self) -> None:
        """Set ``year``, ``period_start`` and ``period_end`` from the ``period`` label."""
        for name, value in rules.period_values(self.period).items():
            setattr(self, name, value)

    def clean_fields(self, exclude: Any = None) -> None:
        with contextlib.suppress(ValueError):  # the services check the label against the rule set
            self.fill_period()
        super().clean_fields(exclude=exclude)  # type: ignore[misc]

    @property
    def zone(self) -> Zone:
        return self.delegation.zone


class Evaluation(DelegationPeriod, models.Model):
    """The granting department's periodic evaluation of one delegation ("谁赋权、谁指导")."""

    zone_path = "delegation__zone"
    scope_year = "year"  # an auditor sees the evaluations of the years of its period (ADR 0009, 0204)

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("赋权"), on_delete=models.PROTECT, related_name="evaluations"
    )
    period = models.CharField(_("评估期"), max_length=8)
    # The period label's typed form (``rules.period_values``): the year an auditor's period is
    # compared with, and the days it covers (owed evaluations compare dates, not labels).
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    period_start = models.DateField(_("期间起"), editable=False)
    period_end = models.DateField(_("期间止"), editable=False)
    cases_handled = models.PositiveIntegerField(_("办件量"))
    on_time_rate = models.DecimalField(_("按时办结率(%)"), max_digits=5, decimal_places=2)
    problems = models.TextField(_("发现的问题"), max_length=4000, blank=True)
    rating = models.CharField(_("评价等次"), max_length=16, choices=Rating.choices)
    recommendation = models.CharField(_("建议"), max_length=16, choices=Recommendation.choices)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("评估时间"), auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("赋权评估")
        verbose_name_plural = _("赋权评估")
        ordering = ["delegation", "period"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "period"], name="evaluation_one_per_period"),
            models.CheckConstraint(
                condition=models.Q(on_time_rate__gte=0) & models.Q(on_time_rate__lte=100),
                name="evaluation_rate_percent",
            ),
        ]


class CaseRecord(DelegationPeriod, models.Model):
    """Cases a zone handled under one delegation in one period, recorded by the zone; the
    granting department's evaluation starts from it."""

    zone_path = "delegation__zone"
    scope_year = "year"  # an auditor sees the cases of the years of its period (ADR 0009, 0204)

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("赋权"), on_delete=models.CASCADE, related_name="case_records"
    )
    period = models.CharField(_("期间"), max_length=8)
    # The period label's typed form (``rules.period_values``): the year an auditor's period is
    # compared with, and the days it covers (owed evaluations compare dates, not labels).
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    period_start = models.DateField(_("期间起"), editable=False)
    period_end = models.DateField(_("期间止"), editable=False)
    cases_handled = models.PositiveIntegerField(_("办件量"))
    on_time = models.PositiveIntegerField(_("按时办结件数"))
    note = models.TextField(_("说明"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("填报时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("办件记录")
        verbose_name_plural = _("办件记录")
        ordering = ["delegation", "period"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "period"], name="caserecord_one_per_period"),
            models.CheckConstraint(
                condition=models.Q(on_time__lte=models.F("cases_handled")), name="caserecord_on_time_le_cases"
            ),
        ]


class Responsibility(models.Model):
    """One line of the zone–county power and responsibility list (权责清单, seed 000 §2)."""

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="responsibilities")
    item = models.ForeignKey(
        PowerItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="responsibilities"
    )
    zone_duties = models.TextField(_("开发区职责"), max_length=4000)
    county_duties = models.TextField(_("县(市、区)职责"), max_length=4000)
    handover = models.TextField(_("交接程序"), max_length=4000, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("权责清单事项")
        verbose_name_plural = _("权责清单")
        ordering = ["zone", "item__code"]
        constraints = [models.UniqueConstraint(fields=["zone", "item"], name="responsibility_one_per_zone_item")]

    def __str__(self) -> str:
        return f"{self.zone} · {self.item}"


class EvaluationPeriod(models.IntegerChoices):
    YEAR = 12, _("每年")
    HALF_YEAR = 6, _("每半年")
    QUARTER = 3, _("每季度")


class EvaluationRuleSet(models.Model):
    """The evaluation rule set (ADR 0203; default yearly, ``rules.DEFAULT_EVALUATION_RULES``): how
    often a granting department evaluates what it delegated, and how long after a period's end the
    evaluation is due. The one in force in a year is the one with the latest ``effective_year``
    not after it. Kept by the operators (admin), on history."""

    name = models.CharField(_("名称"), max_length=128)
    effective_year = models.PositiveSmallIntegerField(_("起始年度"), unique=True)
    months = models.PositiveSmallIntegerField(
        _("评估周期"), choices=EvaluationPeriod.choices, default=rules.DEFAULT_EVALUATION_RULES.months
    )
    grace_days = models.PositiveSmallIntegerField(
        _("期满后提交期限（天）"), default=rules.DEFAULT_EVALUATION_RULES.grace_days
    )
    source = models.TextField(_("依据"), max_length=1000, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("赋权评估规则")
        verbose_name_plural = _("赋权评估规则")
        ordering = ["-effective_year"]

    def __str__(self) -> str:
        return f"{self.name}（{self.effective_year}）"

    def as_rules(self) -> rules.EvaluationRules:
        return rules.EvaluationRules(months=self.months, grace_days=self.grace_days)
