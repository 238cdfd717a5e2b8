"""一区一策 reform plans, their rule sets, and the establishment an approved plan sets (SPEC §1, ADR 0141)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.audit.models import audit_history
from zones.registry.models import ManagementModel, Zone

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

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField(_("版本"))
    state = models.CharField(_("状态"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    based_on = models.ForeignKey(
        "self", verbose_name=_("基于版本"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leadership_posts = models.PositiveSmallIntegerField(_("领导职数"), null=True, blank=True)
    leadership_note = models.TextField(_("领导职数说明"), max_length=2000, blank=True)
    headcount_cap = models.PositiveIntegerField(_("员额总数"), null=True, blank=True)
    hiring_mode = models.TextField(_("选人用人方式"), max_length=5000, blank=True)
    contract_term_years = models.PositiveSmallIntegerField(_("聘期（年）"), null=True, blank=True)
    exit_rule = models.TextField(_("退出机制"), max_length=5000, blank=True)
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
    # The approval (批复): who approved, the 审批意见 and the document number (文号) it was issued under.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approval_opinion = models.TextField(_("审批意见"), max_length=5000, blank=True)
    approval_number = models.CharField(_("批复文号"), max_length=64, blank=True)

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
    duties = models.TextField(_("职责"), max_length=5000, blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PlanBody(PlanUnit):
    zone_path = "plan__zone"

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="bodies")

    history = audit_history()

    class Meta(PlanUnit.Meta):
        verbose_name = _("内设机构")
        verbose_name_plural = _("内设机构")
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="planbody_unique_name")]


class PlanAgency(PlanUnit):
    zone_path = "plan__zone"

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="agencies")

    history = audit_history()

    class Meta(PlanUnit.Meta):
        verbose_name = _("派驻机构")
        verbose_name_plural = _("派驻机构")
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="planagency_unique_name")]


class PlanSnapshot(models.Model):
    """A submission, frozen: the whole plan as it was sent to the province (never changed)."""

    zone_path = "plan__zone"

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

    zone_path = "plan__zone"

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("原状态"), max_length=16, choices=PlanState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, choices=PlanState.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), max_length=5000, blank=True)
    # A reviewer's decision (return, approval): the 审批意见 and the document number (文号).
    opinion = models.TextField(_("审批意见"), max_length=5000, blank=True)
    document_number = models.CharField(_("文号"), max_length=64, blank=True)
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

    zone_path = "plan__zone"

    plan = models.ForeignKey(Plan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="comments")
    snapshot = models.ForeignKey(
        PlanSnapshot, verbose_name=_("报送快照"), on_delete=models.RESTRICT, related_name="comments"
    )
    section = models.CharField(_("部分"), max_length=16, choices=PlanSection.choices)
    text = models.TextField(_("意见"), max_length=5000)
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
    source = models.TextField(_("依据"), max_length=1000, blank=True)

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
    source = models.TextField(_("依据"), max_length=1000, blank=True)

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

    zone_path = "zone"

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

    zone_path = "establishment__zone"

    establishment = models.ForeignKey(
        ZoneEstablishment, verbose_name=_("机构编制"), on_delete=models.CASCADE, related_name="units"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=EstablishmentUnitKind.choices)
    name = models.CharField(_("名称"), max_length=64)
    duties = models.TextField(_("职责"), max_length=5000, blank=True)
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
