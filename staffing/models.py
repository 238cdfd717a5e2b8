"""Staffing (SPEC §3; ADR 0301): posts on the zone's establishment, dual-track staff records,
recruitment rounds from opening to signed contract, renewal and exit. The establishment itself
is ``zones.ZoneEstablishment`` (written by plan approval, ADR 0143), read here."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.audit.models import audit_history
from zones.plans.models import EstablishmentUnit
from zones.registry.models import Zone

from . import rules


class StaffingRuleSet(models.Model):
    """The staffing rule set (SPEC §3; defaults seed 002, ``rules.DEFAULT_RULES``). The one in
    force in a year is the one with the latest ``effective_year`` not after it."""

    name = models.CharField(_("名称"), max_length=128)
    effective_year = models.PositiveSmallIntegerField(_("起始年度"), unique=True)
    max_preferences = models.PositiveSmallIntegerField(_("每人可报岗位志愿数"), default=3)
    tie_break = models.CharField(
        _("同分排序"), max_length=64, default="interview,written,applied_at", help_text="interview,written,applied_at"
    )
    publicity_working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    contract_term_years = models.PositiveSmallIntegerField(_("聘期（年）"), default=2)
    bottom_share_percent = models.DecimalField(_("末位比例(%)"), max_digits=5, decimal_places=2, default=Decimal(10))
    bottom_years = models.PositiveSmallIntegerField(_("连续末位年数"), default=2)
    renewal_grade_years = models.PositiveSmallIntegerField(_("续聘参考考核年数"), default=2)
    offer_response_days = models.PositiveSmallIntegerField(_("录用通知答复期限（天）"), default=5)
    renewal_horizon_days = models.PositiveSmallIntegerField(
        _("续聘提前提醒（天）"), default=180, help_text=_("聘期在此天数内届满的人员列入续聘待办")
    )
    score_max = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=Decimal(100))
    full_id_roles = models.CharField(
        _("可查看完整身份证号的角色"),
        max_length=200,
        blank=True,
        help_text=_("逗号分隔的角色代码；空：任何角色都只见脱敏号码"),
    )
    source = models.TextField(_("依据"), blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("人员聘任规则")
        verbose_name_plural = _("人员聘任规则")
        ordering = ["-effective_year"]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_year})"

    def as_rules(self) -> rules.StaffingRules:
        return rules.StaffingRules(
            max_preferences=self.max_preferences,
            tie_break=rules.parse_tie_break(self.tie_break),
            publicity_working_days=self.publicity_working_days,
            contract_term_years=self.contract_term_years,
            bottom_share_percent=self.bottom_share_percent,
            bottom_years=self.bottom_years,
            renewal_grade_years=self.renewal_grade_years,
            offer_response_days=self.offer_response_days,
            renewal_horizon_days=self.renewal_horizon_days,
            score_max=self.score_max,
            full_id_roles=frozenset(r.strip() for r in self.full_id_roles.split(",") if r.strip()),
        )


class Education(models.TextChoices):
    NONE = "none", _("其他")
    SECONDARY = "secondary", _("中专/高中")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


class FileIdentity(models.TextChoices):
    """档案身份 (seed 000 §8, 002 §三(四))."""

    CIVIL_SERVANT = "civil_servant", _("公务员")
    MANAGED = "civil_servant_managed", _("参公")
    INSTITUTION = "institution", _("事业")
    ENTERPRISE = "enterprise", _("企业")
    SOCIETY = "society", _("社会自然人")


class Post(models.Model):
    """A post (按需设岗): in a department (an internal body) or on the leadership; places."""

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="posts")
    department = models.ForeignKey(
        EstablishmentUnit,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
        help_text=_("内设机构；领导岗位可不填"),
    )
    title = models.CharField(_("岗位名称"), max_length=100)
    post_rank = models.CharField(_("岗位职务"), max_length=64, blank=True)
    places = models.PositiveIntegerField(_("岗位数额"), validators=[MinValueValidator(1)])
    leadership = models.BooleanField(_("领导岗位"), default=False)
    requirements = models.TextField(_("任职条件"), blank=True)
    min_education = models.CharField(_("最低学历"), max_length=16, choices=Education.choices, blank=True)
    max_age = models.PositiveSmallIntegerField(_("年龄上限"), null=True, blank=True)
    internal_only = models.BooleanField(_("仅限内部竞聘"), default=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["zone", "-leadership", "department__order", "title", "id"]
        constraints = [models.UniqueConstraint(fields=["zone", "department", "title"], name="post_unique_title")]

    def __str__(self) -> str:
        return self.title

    def requirement_rules(self) -> rules.Requirements:
        return rules.Requirements(
            min_education=self.min_education, max_age=self.max_age, internal_only=self.internal_only
        )


class StaffStatus(models.TextChoices):
    SERVING = "serving", _("在聘")
    ON_LEAVE = "on_leave", _("休假/借调")
    DISMISSED = "dismissed", _("解聘")
    TRANSFERRED = "transferred", _("调出")
    RETIRED = "retired", _("退休")


# Statuses that count against the headcount cap.
COUNTED = (StaffStatus.SERVING, StaffStatus.ON_LEAVE)


class LeadershipMode(models.TextChoices):
    APPOINTED = "appointed", _("委任")
    HIRED = "hired", _("聘任")


class Staff(models.Model):
    """A person on the zone's staff: file track (档案身份、档案职务/职级) and post track (岗位职务)
    side by side. ``id_number`` is stored for matching and shown masked (``rules.mask_id``)."""

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="staff")
    name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices, default=Education.BACHELOR)
    file_identity = models.CharField(_("档案身份"), max_length=32, choices=FileIdentity.choices)
    file_rank = models.CharField(_("档案职务/职级"), max_length=64, blank=True)
    post_rank = models.CharField(_("岗位职务"), max_length=64, blank=True)
    department = models.ForeignKey(
        EstablishmentUnit, verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("岗位"), null=True, blank=True, on_delete=models.PROTECT, related_name="holders"
    )
    status = models.CharField(_("状态"), max_length=16, choices=StaffStatus.choices, default=StaffStatus.SERVING)
    contract_start = models.DateField(_("聘期开始"), null=True, blank=True)
    contract_end = models.DateField(_("聘期结束"), null=True, blank=True)
    leadership_mode = models.CharField(_("领导任用方式"), max_length=16, choices=LeadershipMode.choices, blank=True)
    approval_record = models.CharField(_("任用批准文号"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history(excluded_fields=["id_number"])

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["zone", "department__order", "name", "id"]
        indexes = [models.Index(fields=["zone", "status"], name="staff_zone_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_start__isnull=True)
                | models.Q(contract_end__isnull=True)
                | models.Q(contract_end__gte=models.F("contract_start")),
                name="staff_contract_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id(self) -> str:
        return rules.mask_id(self.id_number)


class RoundKind(models.TextChoices):
    INTERNAL = "internal", _("全员竞聘")
    MARKET = "market", _("市场化选聘")
    BOTH = "both", _("全员竞聘与市场化选聘")


class RoundState(models.TextChoices):
    DRAFT = rules.DRAFT, _("草稿")
    OPEN = rules.OPEN, _("报名中")
    SCORING = rules.SCORING, _("评分中")
    RANKED = rules.RANKED, _("排名已公布")
    OFFERS = rules.OFFERS, _("发出录用通知")
    PUBLICITY = rules.PUBLICITY, _("公示中")
    CONTRACTS = rules.CONTRACTS, _("签订合同")
    CLOSED = rules.CLOSED, _("已结束")


class Round(models.Model):
    """A recruitment round (全员竞聘 / 市场化选聘): posts with places, a schedule, explicit states."""

    zone_path = "zone"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类型"), max_length=16, choices=RoundKind.choices, default=RoundKind.INTERNAL)
    state = models.CharField(_("状态"), max_length=16, choices=RoundState.choices, default=RoundState.DRAFT)
    written_weight = models.DecimalField(_("笔试权重"), max_digits=4, decimal_places=3, default=Decimal("0.4"))
    interview_weight = models.DecimalField(_("面试权重"), max_digits=4, decimal_places=3, default=Decimal("0.6"))
    apply_from = models.DateField(_("报名开始"), null=True, blank=True)
    apply_to = models.DateField(_("报名截止"), null=True, blank=True)
    published_at = models.DateTimeField(_("排名公布时间"), null=True, blank=True)
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示结束"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("招聘轮次")
        verbose_name_plural = _("招聘轮次")
        ordering = ["zone", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class RoundPost(models.Model):
    """A post a round fills, with the places it opens (≤ the post's places)."""

    zone_path = "round__zone"

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="round_posts")
    post = models.ForeignKey(Post, verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="round_posts")
    places = models.PositiveIntegerField(_("本轮数额"), validators=[MinValueValidator(1)])

    history = audit_history()

    class Meta:
        verbose_name = _("轮次岗位")
        verbose_name_plural = _("轮次岗位")
        ordering = ["round", "post__title", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "post"], name="roundpost_once")]

    def __str__(self) -> str:
        return f"{self.post} × {self.places}"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("已报名")
    INELIGIBLE = "ineligible", _("资格不符")
    OFFERED = "offered", _("已发录用通知")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("放弃")
    EXPIRED = "expired", _("逾期未答复")
    WITHDRAWN = "withdrawn", _("公示异议成立")
    PLACED_ELSEWHERE = "placed_elsewhere", _("已在更高志愿录用")
    CONTRACTED = "contracted", _("已签合同")


class Application(models.Model):
    """One person's application for one post of a round, at a preference (1 = first choice).
    Internal applicants point at their staff record; outside ones carry their own particulars."""

    zone_path = "round__zone"

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="applications")
    round_post = models.ForeignKey(
        RoundPost, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="applications"
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("本单位人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(_("身份证号"), max_length=18)
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices)
    file_identity = models.CharField(_("档案身份"), max_length=32, choices=FileIdentity.choices, blank=True)
    preference = models.PositiveSmallIntegerField(_("志愿"), default=1, validators=[MinValueValidator(1)])
    applied_at = models.DateTimeField(_("报名时间"))
    eligible = models.BooleanField(_("资格审查通过"), default=True)
    eligibility_reasons = models.TextField(_("资格审查意见"), blank=True)
    written_score = models.DecimalField(_("笔试成绩"), max_digits=6, decimal_places=2, null=True, blank=True)
    interview_score = models.DecimalField(_("面试成绩"), max_digits=6, decimal_places=2, null=True, blank=True)
    total_score = models.DecimalField(_("综合成绩"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )

    history = audit_history(excluded_fields=["id_number"])

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["round", "round_post", "rank", "applied_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round_post", "id_number"], name="application_once_per_post"),
            models.UniqueConstraint(fields=["round", "id_number", "preference"], name="application_one_per_preference"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.round_post.post}"

    @property
    def masked_id(self) -> str:
        return rules.mask_id(self.id_number)

    @property
    def internal(self) -> bool:
        return self.staff_id is not None


class OfferState(models.TextChoices):
    OPEN = rules.OFFER_OPEN, _("待答复")
    ACCEPTED = rules.OFFER_ACCEPTED, _("已接受")
    DECLINED = rules.OFFER_DECLINED, _("放弃")
    EXPIRED = rules.OFFER_EXPIRED, _("逾期")
    WITHDRAWN = rules.OFFER_WITHDRAWN, _("异议成立撤回")
    CONTRACTED = rules.OFFER_CONTRACTED, _("已签合同")


class Offer(models.Model):
    """An offer of a place (录用通知). Open and accepted offers hold a place on the ledger: of the
    post always, of the zone's cap when the applicant is not already serving there."""

    zone_path = "round__zone"

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="offers")
    application = models.ForeignKey(
        Application, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="offers"
    )
    post = models.ForeignKey(Post, verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="offers")
    takes_zone_place = models.BooleanField(_("占用员额"), default=True)
    state = models.CharField(_("状态"), max_length=16, choices=OfferState.choices, default=OfferState.OPEN)
    respond_by = models.DateField(_("答复期限"))
    made_at = models.DateTimeField(_("发出时间"), auto_now_add=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    contract_start = models.DateField(_("合同开始"), null=True, blank=True)
    contract_end = models.DateField(_("合同结束"), null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发出人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = audit_history()

    class Meta:
        verbose_name = _("录用通知")
        verbose_name_plural = _("录用通知")
        ordering = ["round", "post", "made_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(state__in=[rules.OFFER_OPEN, rules.OFFER_ACCEPTED, rules.OFFER_CONTRACTED]),
                name="offer_one_live_per_application",
            )
        ]
        indexes = [
            models.Index(fields=["post", "state"], name="offer_post_state"),
            models.Index(fields=["round", "state"], name="offer_round_state"),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_state_display()}"


class RoundEvent(models.Model):
    """The round's log: every move, offer, answer, pass-on, objection and contract."""

    zone_path = "round__zone"

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=32)
    from_state = models.CharField(_("原状态"), max_length=16, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, blank=True)
    application = models.ForeignKey(
        Application, verbose_name=_("报名"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("轮次记录")
        verbose_name_plural = _("轮次记录")
        ordering = ["round", "at", "id"]

    def __str__(self) -> str:
        return f"{self.round} · {self.action}"


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class Objection(models.Model):
    """An objection raised during publicity (公示) against one offer, and its outcome."""

    zone_path = "round__zone"

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="objections")
    offer = models.ForeignKey(Offer, verbose_name=_("录用通知"), on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("异议内容"))
    outcome = models.CharField(
        _("处理结果"), max_length=16, choices=ObjectionOutcome.choices, default=ObjectionOutcome.PENDING
    )
    finding = models.TextField(_("核查意见"), blank=True)
    raised_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["round", "raised_at", "id"]

    def __str__(self) -> str:
        return f"{self.offer} · {self.get_outcome_display()}"


class UnplacedCategory(models.TextChoices):
    """未聘人员分类处置 (seed 002 §七(三))."""

    PENDING = "pending", _("待处置")
    LOWER_POST = "lower_post", _("降低岗位聘任")
    TRAINING = "training", _("待岗培训")
    RETURN_BY_IDENTITY = "by_identity", _("按档案身份安排")
    EXIT = "exit", _("解除聘用关系")


class Unplaced(models.Model):
    """An internal applicant a closed round left without a post, for handling by category."""

    zone_path = "round__zone"

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="unplaced")
    staff = models.ForeignKey(Staff, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="unplaced")
    category = models.CharField(
        _("处置类别"), max_length=16, choices=UnplacedCategory.choices, default=UnplacedCategory.PENDING
    )
    outcome = models.TextField(_("处置结果"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处置人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("处置时间"), null=True, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("未聘人员")
        verbose_name_plural = _("未聘人员")
        ordering = ["round", "staff__name"]
        constraints = [models.UniqueConstraint(fields=["round", "staff"], name="unplaced_once")]

    def __str__(self) -> str:
        return f"{self.staff} · {self.get_category_display()}"


class Grade(models.TextChoices):
    S = "S", _("S(优秀)")
    A = "A", _("A(好)")
    B = "B", _("B(较好)")
    C = "C", _("C(合格)")
    D = "D", _("D(基本合格)")


class IndividualGrade(models.Model):
    """An individual's annual grade and place in the annual ranking, as entered by the zone (the
    assessment app may later provide them instead: ``staffing.sources``)."""

    zone_path = "staff__zone"
    scope_year = "year"

    staff = models.ForeignKey(Staff, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="grades")
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("等次"), max_length=1, choices=Grade.choices)
    rank = models.PositiveIntegerField(_("年度排名"), null=True, blank=True)
    ranked_of = models.PositiveIntegerField(_("参加排名人数"), null=True, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("个人考核等次")
        verbose_name_plural = _("个人考核等次")
        ordering = ["staff", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "year"], name="grade_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True)
                | models.Q(ranked_of__isnull=True)
                | models.Q(rank__lte=models.F("ranked_of")),
                name="grade_rank_within",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.year} · {self.grade}"


class RenewalDecisionKind(models.TextChoices):
    RENEW = rules.RENEW, _("续聘")
    NOT_RENEW = rules.NOT_RENEW, _("不再续聘（解聘）")
    MOVE_POST = rules.MOVE_POST, _("调整（降低）岗位")
    WARN = rules.WARN, _("警告")


class RenewalDecision(models.Model):
    """At term end: what the system proposed, what a person decided and why; after a dismissal,
    the placement by file identity (seed 002 §三(三))."""

    zone_path = "staff__zone"

    staff = models.ForeignKey(Staff, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="renewals")
    term_end = models.DateField(_("聘期结束"))
    proposal = models.CharField(_("系统建议"), max_length=16)
    grades = models.JSONField(_("参考考核结果"), default=list)
    decision = models.CharField(_("决定"), max_length=16, choices=RenewalDecisionKind.choices)
    reason = models.TextField(_("理由"))
    placement = models.CharField(_("解聘后安置"), max_length=64, blank=True)
    new_contract_end = models.DateField(_("新聘期结束"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("续聘决定")
        verbose_name_plural = _("续聘决定")
        ordering = ["staff", "-term_end"]
        constraints = [models.UniqueConstraint(fields=["staff", "term_end"], name="renewal_once_per_term")]

    def __str__(self) -> str:
        return f"{self.staff} · {self.get_decision_display()}"
