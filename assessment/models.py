"""Zone assessment and performance-pay pools (SPEC §5; ADR 0501).

Inputs: the province's rule set (:class:`RuleSet` + :class:`ConsequenceRule`), the indicator
system of a year and comparison group (:class:`IndicatorSystem` → :class:`Dimension` →
:class:`Indicator`), the values entered (:class:`IndicatorValue`) and the city's benchmarks
(:class:`Benchmark`). Outputs, written only by the recompute worker (``assessment/recompute.py``):
a :class:`ResultSet` per group and year — one of them current — holding each zone's
:class:`ZoneResult` and :class:`PayPool`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.audit.models import audit_history
from staffing.models import Staff
from zones.plans.models import EstablishmentUnit
from zones.registry.models import Zone


class Group(models.TextChoices):
    NATIONAL = "national", _("国家级开发区")
    PROVINCIAL = "provincial", _("省级开发区")


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class Method(models.TextChoices):
    EFFICACY = "efficacy", _("功效系数法")
    RATIO = "ratio", _("对标比值法")
    DEDUCTION = "deduction", _("固定扣分")


class Source(models.TextChoices):
    ENTERED = "entered", _("填报")
    REVENUE = "revenue", _("平台数据：税收收入")
    TAX_PER_MU = "tax_per_mu", _("平台数据：亩均税收")
    HEADCOUNT = "headcount", _("平台数据：员额")
    POWERS_TAKEN_ON = "powers_taken_on", _("平台数据：已承接赋权事项数")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("按月统计")
    HALF_YEAR = "half_year", _("半年通报")
    ANNUAL = "annual", _("年终考核")


class GradeMethod(models.TextChoices):
    THRESHOLDS = "thresholds", _("按得分率")
    RANKS = "ranks", _("按排名")


class TieBreak(models.TextChoices):
    SHARED = "shared", _("得分相同者名次并列")
    FIRST_DIMENSION = "first_dimension", _("得分相同者比较第一个维度得分，仍相同则并列")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ConsequenceKind(models.TextChoices):
    BOTTOM = "bottom", _("排名末位")
    TOP_PCT = "top_pct", _("排名前列（百分比）")
    FAILING = "failing", _("考核不合格")


def _money(verbose: object, **kw: object) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=16, decimal_places=2, **kw)  # type: ignore[arg-type]


class RuleSet(models.Model):
    """The province's assessment and pay rules (SPEC §5; defaults seeds 000 §9, 003, 004).

    The rule set in force for a year is the one with the latest ``effective_year`` not after it.
    ``version`` is raised by every change (services) and stamped on each result.
    """

    name = models.CharField(_("名称"), max_length=128)
    effective_year = models.PositiveSmallIntegerField(_("起始年度"), unique=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    efficacy_floor = models.DecimalField(
        _("功效系数法底分"), max_digits=5, decimal_places=2, default=Decimal(60), validators=[MinValueValidator(0)]
    )
    tie_break = models.CharField(_("同分规则"), max_length=32, choices=TieBreak.choices, default=TieBreak.SHARED)
    grade_method = models.CharField(
        _("定等方式"), max_length=16, choices=GradeMethod.choices, default=GradeMethod.THRESHOLDS
    )
    excellent_pct = models.DecimalField(_("优秀得分率(%)≥"), max_digits=5, decimal_places=2, default=Decimal(90))
    good_pct = models.DecimalField(_("良好得分率(%)≥"), max_digits=5, decimal_places=2, default=Decimal(80))
    pass_pct = models.DecimalField(_("合格得分率(%)≥"), max_digits=5, decimal_places=2, default=Decimal(60))
    rank_excellent_pct = models.DecimalField(_("按排名：优秀比例(%)"), max_digits=5, decimal_places=2, default=20)
    rank_good_pct = models.DecimalField(_("按排名：良好比例(%)"), max_digits=5, decimal_places=2, default=30)
    rank_fail_bottom = models.PositiveSmallIntegerField(_("按排名：末位不合格个数"), default=0)
    coefficient_excellent = models.DecimalField(_("优秀系数"), max_digits=6, decimal_places=2, default=Decimal(5))
    coefficient_good = models.DecimalField(_("良好系数"), max_digits=6, decimal_places=2, default=Decimal(3))
    coefficient_pass = models.DecimalField(_("合格系数"), max_digits=6, decimal_places=2, default=Decimal(2))
    coefficient_fail = models.DecimalField(_("不合格系数"), max_digits=6, decimal_places=2, default=Decimal(0))
    cap_multiple = models.DecimalField(
        _("绩效薪酬总量上限（基准的倍数）"), max_digits=6, decimal_places=2, default=Decimal(5)
    )
    # Internal grades (seed 002 §八 gives the five grades but no quota: none by default, ADR 0503).
    internal_s_quota_pct = models.DecimalField(
        _("内部考核S等次比例上限(%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    internal_coefficient_s = models.DecimalField(_("内部S系数"), max_digits=6, decimal_places=2, default=Decimal("1.5"))
    internal_coefficient_a = models.DecimalField(_("内部A系数"), max_digits=6, decimal_places=2, default=Decimal("1.2"))
    internal_coefficient_b = models.DecimalField(_("内部B系数"), max_digits=6, decimal_places=2, default=Decimal("1.0"))
    internal_coefficient_c = models.DecimalField(_("内部C系数"), max_digits=6, decimal_places=2, default=Decimal("0.8"))
    internal_coefficient_d = models.DecimalField(_("内部D系数"), max_digits=6, decimal_places=2, default=Decimal("0.5"))
    # The internal breakdown (seed 002 §八(一): three dimensions, the third over three areas; seed 000 §12:
    # raise the weight of investment attraction). Percentages, each triple totals 100 (ADR 0504): the
    # seeds give no figures, so these defaults are placeholders for the province to set.
    internal_weight_task = models.DecimalField(
        _("内部考核：任务绩效权重(%)"), max_digits=5, decimal_places=2, default=Decimal(50)
    )
    internal_weight_management = models.DecimalField(
        _("内部考核：管理绩效权重(%)"), max_digits=5, decimal_places=2, default=Decimal(20)
    )
    internal_weight_overall = models.DecimalField(
        _("内部考核：综合评价权重(%)"), max_digits=5, decimal_places=2, default=Decimal(30)
    )
    internal_area_investment = models.DecimalField(
        _("综合评价：招商引资权重(%)"), max_digits=5, decimal_places=2, default=Decimal(50)
    )
    internal_area_economy = models.DecimalField(
        _("综合评价：经济指标权重(%)"), max_digits=5, decimal_places=2, default=Decimal(25)
    )
    internal_area_core = models.DecimalField(
        _("综合评价：部门主责主业权重(%)"), max_digits=5, decimal_places=2, default=Decimal(25)
    )
    # Department headcount adjustment proposals (seed 002 §八(三) "适当增加或减少员额指数"; no figures
    # in the seeds: placeholders) — places added (+) or removed (−) per department grade.
    internal_headcount_s = models.SmallIntegerField(_("部门S等次员额调整"), default=1)
    internal_headcount_a = models.SmallIntegerField(_("部门A等次员额调整"), default=0)
    internal_headcount_b = models.SmallIntegerField(_("部门B等次员额调整"), default=0)
    internal_headcount_c = models.SmallIntegerField(_("部门C等次员额调整"), default=0)
    internal_headcount_d = models.SmallIntegerField(_("部门D等次员额调整"), default=-1)
    source = models.TextField(_("依据"), blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("考核规则")
        verbose_name_plural = _("考核规则")
        ordering = ["-effective_year"]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_year}) v{self.version}"

    @property
    def label(self) -> str:
        return f"{self.name} · {self.effective_year} · v{self.version}"


class ConsequenceRule(models.Model):
    """One consequence of a rank or grade, possibly over consecutive years (003, 004)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="consequences")
    group = models.CharField(_("考核组别"), max_length=16, choices=Group.choices)
    kind = models.CharField(_("条件"), max_length=16, choices=ConsequenceKind.choices)
    n = models.DecimalField(
        _("末位个数或前列百分比"), max_digits=6, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    years = models.PositiveSmallIntegerField(_("连续年数"), default=1, validators=[MinValueValidator(1)])
    code = models.SlugField(_("后果代码"), max_length=32)
    label = models.CharField(_("后果"), max_length=128)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("考核结果运用规则")
        verbose_name_plural = _("考核结果运用规则")
        ordering = ["rule_set", "group", "kind", "n"]

    def __str__(self) -> str:
        return self.label


class IndicatorSystem(models.Model):
    """The indicator system of one year for one comparison group, edited by the province."""

    year = models.PositiveSmallIntegerField(_("年度"))
    group = models.CharField(_("考核组别"), max_length=16, choices=Group.choices)
    name = models.CharField(_("名称"), max_length=128)
    total_points = models.DecimalField(_("总分"), max_digits=8, decimal_places=2)
    source = models.TextField(_("依据"), blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("复制自"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("考核指标体系")
        verbose_name_plural = _("考核指标体系")
        ordering = ["-year", "group"]
        constraints = [models.UniqueConstraint(fields=["year", "group"], name="assessment_system_year_group")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class Dimension(models.Model):
    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="dimensions")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("维度"), max_length=64)
    weight = models.DecimalField(_("分值"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])

    history = audit_history()

    class Meta:
        verbose_name = _("考核维度")
        verbose_name_plural = _("考核维度")
        ordering = ["system", "order"]
        constraints = [models.UniqueConstraint(fields=["system", "order"], name="assessment_dimension_order")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("序号"))
    code = models.SlugField(_("指标代码"), max_length=32)
    name = models.CharField(_("指标"), max_length=128)
    unit = models.CharField(_("单位"), max_length=32, blank=True)
    weight = models.DecimalField(_("分值"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    method = models.CharField(_("计分方法"), max_length=16, choices=Method.choices, default=Method.EFFICACY)
    benchmark_value = models.DecimalField(
        _("对标值"), max_digits=20, decimal_places=4, null=True, blank=True, help_text=_("对标比值法使用。")
    )
    deduction_per_unit = models.DecimalField(
        _("每项扣分"), max_digits=8, decimal_places=2, null=True, blank=True, help_text=_("固定扣分法使用。")
    )
    source = models.CharField(_("数据来源"), max_length=32, choices=Source.choices, default=Source.ENTERED)
    third_party = models.BooleanField(_("第三方评估数据"), default=False)
    cadence = models.CharField(_("填报频次"), max_length=16, choices=Cadence.choices, default=Cadence.ANNUAL)

    history = audit_history()

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["dimension__order", "order"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="assessment_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


ANNUAL = "Y"


class IndicatorValue(models.Model):
    """A zone's figure for one indicator and period (``Y`` the year; ``H1``/``H2``; ``01``–``12``).

    The year's score reads the ``Y`` figure; the monthly and half-year figures are the statistics
    and bulletins of seed 002 §八(一)."""

    zone_path = "zone"
    scope_year = "year"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.CharField(_("期间"), max_length=2, default=ANNUAL)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    evidence = models.FileField(_("佐证材料"), upload_to="assessment/evidence/%Y/", blank=True)
    third_party = models.BooleanField(_("第三方评估数据"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("填报时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("考核指标数值")
        verbose_name_plural = _("考核指标数值")
        ordering = ["zone__code", "indicator__dimension__order", "indicator__order", "period"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "indicator", "period"], name="assessment_value_once"),
        ]
        indexes = [models.Index(fields=["year", "zone"], name="assessment_value_year")]

    def __str__(self) -> str:
        return f"{self.zone} · {self.indicator} · {self.period}"


class YearState(models.TextChoices):
    OPEN = "open", _("考核中")
    CLOSED = "closed", _("已关闭并公布")


class AssessmentYear(models.Model):
    """Whether a year's results are open or closed (frozen and published) by the province."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    state = models.CharField(_("状态"), max_length=16, choices=YearState.choices, default=YearState.OPEN)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    history = audit_history()

    class Meta:
        verbose_name = _("考核年度")
        verbose_name_plural = _("考核年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def closed(self) -> bool:
        return self.state == YearState.CLOSED


class YearEvent(models.Model):
    """The log of closing and reopening a year (reopening needs a reason)."""

    year = models.ForeignKey(AssessmentYear, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16)
    reason = models.TextField(_("事由"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.year} {self.action}"


class Benchmark(models.Model):
    """The city's benchmark for a zone and year (000 §9): per-capita performance pay × headcount."""

    zone_path = "zone"
    scope_year = "year"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="pay_benchmarks")
    year = models.PositiveSmallIntegerField(_("年度"))
    benchmark_per_capita = _money(_("人均绩效薪酬基准(元)"), validators=[MinValueValidator(0)])
    headcount = models.PositiveIntegerField(_("人数"))
    base_pay_per_person = _money(_("人均基础薪酬(元)"), null=True, blank=True, validators=[MinValueValidator(0)])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("绩效薪酬基准")
        verbose_name_plural = _("绩效薪酬基准")
        ordering = ["-year", "zone__code"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="assessment_benchmark_once")]

    def __str__(self) -> str:
        return f"{self.zone} · {self.year}"


class ResultSet(models.Model):
    """One computation of a group's year. Readers read the current one; the worker writes a new
    set and flips ``is_current`` in the same transaction, so a reader sees one set or the other."""

    group = models.CharField(_("考核组别"), max_length=16, choices=Group.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("版本号"))
    is_current = models.BooleanField(default=False)
    fingerprint = models.CharField(_("输入指纹"), max_length=64)
    rule_set_label = models.CharField(_("规则版本"), max_length=200)
    system_label = models.CharField(_("指标体系"), max_length=200)
    computed_at = models.DateTimeField(_("计算时间"))
    zone_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-year", "group", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "year", "number"], name="assessment_resultset_number"),
            models.UniqueConstraint(
                fields=["group", "year"], condition=models.Q(is_current=True), name="assessment_resultset_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.group} #{self.number}"


class ZoneResult(models.Model):
    zone_path = "zone"
    scope_year = "year"

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="results")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="assessment_results")
    year = models.PositiveSmallIntegerField(_("年度"))
    group = models.CharField(_("考核组别"), max_length=16, choices=Group.choices)
    score = models.DecimalField(_("得分"), max_digits=10, decimal_places=2)
    score_pct = models.DecimalField(_("得分率(%)"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("名次"))
    group_size = models.PositiveIntegerField(_("参评数"))
    grade = models.CharField(_("等次"), max_length=16, choices=Grade.choices)
    consequences = models.JSONField(_("结果运用"), default=list)
    working = models.JSONField(_("计算过程"), default=dict)
    # indicators without an annual figure when computed (what blocks closing the year), so the
    # province's 待办 counts them in one query
    missing = models.PositiveSmallIntegerField(_("缺少数值的指标数"), default=0)

    class Meta:
        ordering = ["rank", "zone__code"]
        constraints = [models.UniqueConstraint(fields=["result_set", "zone"], name="assessment_result_once")]
        indexes = [models.Index(fields=["year", "group"], name="assessment_result_year")]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.year} #{self.rank}"


class PayPool(models.Model):
    zone_path = "zone"
    scope_year = "year"

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="pools")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="pay_pools")
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("等次"), max_length=16, choices=Grade.choices)
    coefficient = models.DecimalField(_("系数"), max_digits=6, decimal_places=2)
    cap_multiple = models.DecimalField(_("上限倍数"), max_digits=6, decimal_places=2)
    benchmark_per_capita = _money(_("人均绩效薪酬基准(元)"))
    headcount = models.PositiveIntegerField(_("人数"))
    benchmark_total = _money(_("基准总额(元)"))
    uncapped_total = _money(_("按系数核定额(元)"))
    cap_total = _money(_("上限(元)"))
    pool_total = _money(_("绩效薪酬总量(元)"))
    capped = models.BooleanField(_("触及上限"))

    class Meta:
        ordering = ["zone__code"]
        constraints = [models.UniqueConstraint(fields=["result_set", "zone"], name="assessment_pool_once")]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.year} {self.pool_total}"


# --- internal assessment (seed 002 §八; ADR 0503) -----------------------------------------------


class InternalGrade(models.TextChoices):
    S = "S", _("S(优秀)")
    A = "A", _("A(好)")
    B = "B", _("B(较好)")
    C = "C", _("C(合格)")
    D = "D", _("D(基本合格)")


class DepartmentGrade(models.Model):
    """A department's internal grade of a year, entered by the zone's officers."""

    zone_path = "zone"
    scope_year = "year"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="department_grades")
    year = models.PositiveSmallIntegerField(_("年度"))
    # The body as graded: its name is kept, so a later plan may drop the body (机构调整) and the
    # grade stays on record under that name (ADR 0505).
    department = models.ForeignKey(
        EstablishmentUnit, verbose_name=_("部门"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="internal_grades",
    )  # fmt: skip
    department_name = models.CharField(_("部门名称"), max_length=200)
    grade = models.CharField(_("等次"), max_length=1, choices=InternalGrade.choices)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    task_score = models.DecimalField(_("任务绩效"), max_digits=5, decimal_places=2, null=True, blank=True)
    management_score = models.DecimalField(_("管理绩效"), max_digits=5, decimal_places=2, null=True, blank=True)
    investment_score = models.DecimalField(_("招商引资"), max_digits=5, decimal_places=2, null=True, blank=True)
    economy_score = models.DecimalField(_("经济指标"), max_digits=5, decimal_places=2, null=True, blank=True)
    core_score = models.DecimalField(_("部门主责主业"), max_digits=5, decimal_places=2, null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("部门考核等次")
        verbose_name_plural = _("部门考核等次")
        ordering = ["zone__code", "-year", "department__order", "id"]
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="assessment_department_grade_once")]

    def __str__(self) -> str:
        return f"{self.department_name} · {self.year} · {self.grade}"


class StaffGrade(models.Model):
    """An individual's internal grade of a year (read by staffing's renewal: ADR 0304, 0503)."""

    zone_path = "zone"
    scope_year = "year"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="staff_grades")
    year = models.PositiveSmallIntegerField(_("年度"))
    staff = models.ForeignKey(Staff, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="internal_grades")
    grade = models.CharField(_("等次"), max_length=1, choices=InternalGrade.choices)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    task_score = models.DecimalField(_("任务绩效"), max_digits=5, decimal_places=2, null=True, blank=True)
    management_score = models.DecimalField(_("管理绩效"), max_digits=5, decimal_places=2, null=True, blank=True)
    investment_score = models.DecimalField(_("招商引资"), max_digits=5, decimal_places=2, null=True, blank=True)
    economy_score = models.DecimalField(_("经济指标"), max_digits=5, decimal_places=2, null=True, blank=True)
    core_score = models.DecimalField(_("部门主责主业"), max_digits=5, decimal_places=2, null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = audit_history()

    class Meta:
        verbose_name = _("个人考核等次")
        verbose_name_plural = _("个人考核等次")
        ordering = ["zone__code", "-year", "staff__name", "id"]
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="assessment_staff_grade_once")]
        indexes = [models.Index(fields=["zone", "year"], name="assessment_staffgrade_zy")]

    def __str__(self) -> str:
        return f"{self.staff} · {self.year} · {self.grade}"


class InternalYear(models.Model):
    """A zone's internal assessment of a year, closed by its officers (quotas are checked then)."""

    zone_path = "zone"
    scope_year = "year"

    zone = models.ForeignKey(Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="internal_years")
    year = models.PositiveSmallIntegerField(_("年度"))
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("关闭人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    history = audit_history()

    class Meta:
        verbose_name = _("内部考核年度")
        verbose_name_plural = _("内部考核年度")
        ordering = ["zone__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="assessment_internal_year_once")]

    def __str__(self) -> str:
        return f"{self.zone} · {self.year}"

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    FILED = "filed", _("已报市备案（锁定）")


class DistributionPlan(models.Model):
    """The zone's split of its current pay pool over departments and people (ADR 0503). Filing it
    with the city (备案) locks it: a filed plan refuses every change."""

    zone_path = "zone"
    scope_year = "year"

    zone = models.ForeignKey(
        Zone, verbose_name=_("开发区"), on_delete=models.PROTECT, related_name="distribution_plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    pool_total = _money(_("绩效薪酬总量(元)"))
    distributed = _money(_("已分配(元)"))
    rule_set_label = models.CharField(_("规则版本"), max_length=200, blank=True)
    state = models.CharField(_("状态"), max_length=8, choices=PlanState.choices, default=PlanState.DRAFT)
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("编制人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    filed_at = models.DateTimeField(_("备案时间"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("备案人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    history = audit_history()

    class Meta:
        verbose_name = _("绩效薪酬分配方案")
        verbose_name_plural = _("绩效薪酬分配方案")
        ordering = ["zone__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="assessment_plan_once")]

    def __str__(self) -> str:
        return f"{self.zone} · {self.year}"

    @property
    def filed(self) -> bool:
        return self.state == PlanState.FILED


class DistributionLine(models.Model):
    """One department's share (``staff`` empty) or one person's amount in a plan."""

    zone_path = "plan__zone"

    plan = models.ForeignKey(DistributionPlan, on_delete=models.CASCADE, related_name="lines")
    department = models.ForeignKey(
        EstablishmentUnit, verbose_name=_("部门"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department_name = models.CharField(_("部门名称"), max_length=200, blank=True)  # as planned (ADR 0505)
    staff = models.ForeignKey(
        Staff, verbose_name=_("人员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grade = models.CharField(_("等次"), max_length=1, blank=True)
    coefficient = models.DecimalField(_("系数"), max_digits=6, decimal_places=2)
    amount = _money(_("金额(元)"))

    class Meta:
        verbose_name = _("分配明细")
        verbose_name_plural = _("分配明细")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.staff or self.department_name}"
