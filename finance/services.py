"""Every write of zone finance (ADR 0401): fiscal model, revenue, agreements and their versions,
the reward's designations and the city's planned growth, projects, stages and payments.
Keyword-only, atomic, the kit's errors with Chinese messages; nothing stored on a refusal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import Conflict, Invalid, NotAllowed, model_update
from devzone.imports.bulk import bulk_written
from devzone.recompute.services import request_recompute
from devzone.tenancy import can, has_role
from devzone.types import User
from zones.registry.models import Region, Zone

from . import events, rules
from .grants import MANAGE_FINANCE, REPORT_STAGES
from .models import (
    Agreement,
    CityTaxPlan,
    FinanceRuleSet,
    FiscalModel,
    FiscalProfile,
    IncentiveScheme,
    Party,
    Project,
    ProjectStage,
    RankingScope,
    Revenue,
    SchemeBasis,
    SchemeKind,
    ShortfallRule,
    TaxType,
)

# The recompute kind finance feeds: a zone's revenue for a year (scope: zone id).
ZONE_TAX = "finance.zone_tax"
MIN_YEAR = 1990
MAX_AMOUNT = Decimal("99999999999999.99")


def rule_set() -> FinanceRuleSet:
    """The rule set in force (the newest); the shipped default when none was made yet."""
    from . import rule_defaults

    found = FinanceRuleSet.objects.order_by("-effective_year").first()
    return found if found is not None else rule_defaults.load(FinanceRuleSet)


def _has_role(user: User, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return has_role(user, *roles)


def may_make_schemes(user: User) -> bool:
    """Incentive schemes are reference data made by province and city staff."""
    return bool(user.is_authenticated and (user.is_superuser or _has_role(user, "province_admin", "city_officer")))


def may_record_designations(user: User) -> bool:
    """The above-plan reward's designation is recorded by the province."""
    return bool(user.is_authenticated and (user.is_superuser or _has_role(user, "province_admin")))


def _require(user: User, action: str, zone: Zone) -> None:
    if not can(user, action, zone):
        raise NotAllowed(_("您无权管理该开发区的财政数据。"))


def max_year() -> int:
    return timezone.localdate().year + 1


def _year_problem(year: Any) -> str | None:
    if not isinstance(year, int) or isinstance(year, bool):
        return _("年度应为整数。")
    if year < MIN_YEAR or year > max_year():
        return _("年度应在 %(low)s 至 %(high)s 之间。") % {"low": MIN_YEAR, "high": max_year()}
    return None


# --- fiscal model ------------------------------------------------------------------------------


@transaction.atomic
def set_fiscal_profile(*, user: User, zone: Zone, data: Mapping[str, Any]) -> FiscalProfile:
    _require(user, MANAGE_FINANCE, zone)
    if data.get("model") not in FiscalModel.values:
        raise Invalid({"model": [_("请选择财政管理模式。")]})
    fields = ["model", "finance_office", "treasury", "note"]
    profile = FiscalProfile.objects.select_for_update().filter(zone=zone).first()
    if profile is None:
        profile = FiscalProfile(zone=zone, **{k: data.get(k, "") for k in fields})
        profile.full_clean()
        profile.save()
        return profile
    profile, _changed = model_update(profile, data, fields=fields, clean=True)
    return profile


# --- revenue -----------------------------------------------------------------------------------


def revenue_problems(
    *, year: Any, month: Any, tax_type: Any, amount: Any, rules_now: FinanceRuleSet | None = None
) -> dict[str, str]:
    """Why one revenue figure cannot be stored, by field (empty: it can). Used by entry and import."""
    problems: dict[str, str] = {}
    year_problem = _year_problem(year)
    if year_problem:
        problems["year"] = year_problem
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        problems["month"] = _("月份应为 1 至 12 的整数，“%(month)s”不是有效月份。") % {"month": month}
    if tax_type not in TaxType.values:
        problems["tax_type"] = _("未知的税种“%(tax_type)s”。可选：%(known)s。") % {
            "tax_type": tax_type,
            "known": "、".join(str(label) for label in TaxType.labels),
        }
    if not isinstance(amount, Decimal):
        problems["amount"] = _("收入金额应为数字。")
    elif amount != amount.quantize(Decimal("0.01")):
        problems["amount"] = _("收入金额最多两位小数（精确到分）。")
    elif abs(amount) > MAX_AMOUNT:
        problems["amount"] = _("收入金额过大。")
    elif amount < 0 and not (rules_now or rule_set()).negative_revenue_allowed:
        problems["amount"] = _("收入金额不能为负数（现行财政规则不允许负数收入）。")
    return problems


@transaction.atomic
def record_revenue(
    *,
    user: User,
    zone: Zone,
    year: int,
    month: int,
    tax_type: str,
    amount: Decimal,
    note: str = "",
) -> Revenue:
    """Enter one month's revenue of one tax type; entering it again is a correction: a new
    version, kept on history with who and when (``note`` says why)."""
    _require(user, MANAGE_FINANCE, zone)
    problems = revenue_problems(year=year, month=month, tax_type=tax_type, amount=amount)
    if problems:
        raise Invalid(problems)
    row = Revenue.objects.select_for_update().filter(zone=zone, year=year, month=month, tax_type=tax_type).first()
    who = user if user.is_authenticated else None
    if row is None:
        try:
            with transaction.atomic():
                row = Revenue.objects.create(
                    zone=zone, year=year, month=month, tax_type=tax_type, amount=amount, note=note, entered_by=who
                )
        except IntegrityError:
            raise Conflict(_("该月该税种的收入刚被他人录入，请刷新后再更正。")) from None
    elif row.amount != amount:
        row.amount = amount
        row.version += 1
        row.note = note
        row.entered_by = who
        row.save()
    request_recompute(ZONE_TAX, zone.pk, year)
    return row


def apply_revenue_rows(*, user: User, rows: Iterable[tuple[Zone, int, int, str, Decimal]]) -> tuple[int, int]:
    """Store many checked figures at once (the import): new rows in one bulk insert, corrections
    as new versions in one bulk update, each with its history row. Returns (created, corrected).

    The caller has checked every row and the user's right on every zone; this runs inside the
    import's transaction.
    """
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    rows = list(rows)
    zones = {z.pk: z for z, *_rest in rows}
    for zone in zones.values():
        _require(user, MANAGE_FINANCE, zone)
    years = {y for _z, y, *_rest in rows}
    existing = {
        (r.zone_id, r.year, r.month, r.tax_type): r
        for r in Revenue.objects.select_for_update().filter(zone__in=list(zones), year__in=years)
    }
    who = user if user.is_authenticated else None
    now = timezone.now()
    new: list[Revenue] = []
    changed: list[Revenue] = []
    for zone, year, month, tax_type, amount in rows:
        row = existing.get((zone.pk, year, month, tax_type))
        if row is None:
            new.append(
                Revenue(
                    zone=zone, year=year, month=month, tax_type=tax_type, amount=amount, entered_by=who, updated_at=now
                )
            )
        elif row.amount != amount:
            row.amount = amount
            row.version += 1
            row.note = _("Excel 导入更正")
            row.entered_by = who
            row.updated_at = now
            changed.append(row)
    if new:
        bulk_create_with_history(new, Revenue, batch_size=2000, default_user=who)
    if changed:
        bulk_update_with_history(
            changed,
            Revenue,
            ["amount", "version", "note", "entered_by", "updated_at"],
            batch_size=2000,
            default_user=who,
        )
    # Other apps' post_save receivers do not run for bulk writes: tell them once per write.
    if new:
        bulk_written.send(sender=Revenue, objs=new, created=True)
    if changed:
        bulk_written.send(sender=Revenue, objs=changed, created=False)
    for zone_pk, year in sorted({(z.pk, y) for z, y, *_rest in rows}):
        request_recompute(ZONE_TAX, zone_pk, year)
    return len(new), len(changed)


# --- agreements --------------------------------------------------------------------------------

RATIO_MESSAGES = {
    "empty": gettext_lazy("请填写分成比例。"),
    "unknown_party": gettext_lazy("分成主体只能是市级、县(市、区)和开发区。"),
    "negative": gettext_lazy("分成比例不能为负数。"),
    "places": gettext_lazy("分成比例最多两位小数。"),
}


def _ratios(value: Any, field: str, errors: dict[str, list[str]]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    if not isinstance(value, Mapping):
        errors[field] = [_('分成比例应为“主体: 百分比”的对照，如 {"city": "30.00", "zone": "70.00"}。')]
        return out
    for party, pct in value.items():
        try:
            out[str(party)] = Decimal(str(pct))
        except (InvalidOperation, ValueError):
            errors[field] = [_("分成比例“%(value)s”不是数字。") % {"value": pct}]
            return out
        if not out[str(party)].is_finite():
            errors[field] = [_("分成比例“%(value)s”不是数字。") % {"value": pct}]
            return out
    problem = rules.ratios_problem(out)
    if problem == "sum":
        total = sum(out.values(), Decimal(0))
        errors[field] = [_("各方分成比例之和应为 100.00%%，现为 %(total)s%%。") % {"total": f"{total:.2f}"}]
    elif problem:
        errors[field] = [str(RATIO_MESSAGES[problem])]
    return {k: v.quantize(Decimal("0.01")) for k, v in out.items()} if not problem else out


def _check_terms(zone: Zone, data: Mapping[str, Any], *, exclude: Agreement | None = None) -> dict[str, Any]:
    """The agreement's terms, checked; ``Invalid`` by field with every problem found."""
    errors: dict[str, list[str]] = {}
    tax_types = list(dict.fromkeys(data.get("tax_types") or []))
    unknown = [t for t in tax_types if t not in TaxType.values]
    if not tax_types:
        errors["tax_types"] = [_("请选择协议覆盖的税种。")]
    elif unknown:
        errors["tax_types"] = [_("未知的税种“%(tax_type)s”。") % {"tax_type": unknown[0]}]
    base_ratios = _ratios(data.get("base_ratios"), "base_ratios", errors)
    increment_ratios = _ratios(data.get("increment_ratios"), "increment_ratios", errors)
    effective_from: Any = data.get("effective_from")
    effective_to: Any = data.get("effective_to")
    base_year: Any = data.get("base_year")
    for key, value in (("effective_from", effective_from), ("base_year", base_year)):
        problem = _year_problem(value)
        if problem:
            errors[key] = [problem]
    if effective_to is not None:
        problem = _year_problem(effective_to)
        if problem:
            errors["effective_to"] = [problem]
        elif isinstance(effective_from, int) and effective_to < effective_from:
            errors["effective_to"] = [_("终止年度不能早于起始年度。")]
    if "base_year" not in errors and "effective_from" not in errors and int(base_year) >= int(effective_from):
        errors["base_year"] = [
            _("基数年度（%(base)s）应早于协议起始年度（%(start)s）。") % {"base": base_year, "start": effective_from}
        ]
    rule = data.get("shortfall_rule") or rule_set().default_shortfall_rule
    if rule not in ShortfallRule.values:
        errors["shortfall_rule"] = [_("未知的不足基数分担规则“%(rule)s”。") % {"rule": rule}]
    elif rule == rules.ZONE_FIRST and Party.ZONE not in base_ratios:
        errors["shortfall_rule"] = [_("“开发区先行承担”要求开发区是基数分成的一方。")]
    base_amounts = data.get("base_amounts") or None
    base_amount = data.get("base_amount")
    if base_amounts is not None:
        parsed: dict[str, Decimal] = {}
        for key, value in dict(base_amounts).items():
            if key not in tax_types:
                errors["base_amounts"] = [_("分税种基数的税种“%(tax_type)s”不在协议税种中。") % {"tax_type": key}]
                break
            try:
                parsed[key] = Decimal(str(value))
            except (InvalidOperation, ValueError):
                errors["base_amounts"] = [_("基数“%(value)s”不是数字。") % {"value": value}]
                break
        if "base_amounts" not in errors:
            if set(parsed) != set(tax_types):
                errors["base_amounts"] = [_("分税种基数须为协议的每个税种各填一个。")]
            elif any(v < 0 or v != v.quantize(Decimal("0.01")) for v in parsed.values()):
                errors["base_amounts"] = [_("基数不能为负数，最多两位小数。")]
            else:
                base_amount = sum(parsed.values(), Decimal("0.00"))
                base_amounts = {k: str(v.quantize(Decimal("0.01"))) for k, v in parsed.items()}
    if not isinstance(base_amount, Decimal) or not base_amount.is_finite():
        errors.setdefault("base_amount", [_("请填写基数金额。")])
    elif base_amount < 0 or base_amount != base_amount.quantize(Decimal("0.01")) or base_amount > MAX_AMOUNT:
        errors.setdefault("base_amount", [_("基数金额不能为负数，最多两位小数。")])
    if not errors:
        clash = _overlapping(zone, tax_types, int(effective_from), effective_to, exclude=exclude)
        if clash is not None:
            common = [str(TaxType(t).label) for t in TaxType.values if t in tax_types and t in clash.tax_types]
            errors["effective_from"] = [
                _("与已有协议“%(name)s”（%(years)s）在%(types)s上的年度重叠，同一开发区、税种和年度只能有一份协议。")
                % {"name": clash.name, "years": _years_label(clash), "types": "、".join(common)}
            ]
    if errors:
        raise Invalid(errors)
    return {
        "tax_types": [t for t in TaxType.values if t in tax_types],
        "base_ratios": {k: str(v) for k, v in base_ratios.items()},
        "increment_ratios": {k: str(v) for k, v in increment_ratios.items()},
        "base_year": base_year,
        "base_amount": base_amount,
        "base_amounts": base_amounts,
        "shortfall_rule": rule,
        "effective_from": effective_from,
        "effective_to": effective_to,
    }


def _years_label(agreement: Agreement) -> str:
    end = agreement.effective_to if agreement.effective_to is not None else _("至今")
    return f"{agreement.effective_from}—{end}"


def _overlapping(
    zone: Zone, tax_types: list[str], start: int, end: int | None, *, exclude: Agreement | None
) -> Agreement | None:
    qs = Agreement.objects.select_for_update().filter(zone=zone)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    for other in qs.order_by("effective_from", "id"):
        if set(other.tax_types) & set(tax_types) and rules.years_overlap(
            start, end, other.effective_from, other.effective_to
        ):
            return other
    return None


def _lock_zone(zone: Zone) -> None:
    """Serialise agreement writes of one zone (the overlap check reads, then inserts)."""
    Zone.objects.select_for_update().filter(pk=zone.pk).first()


@transaction.atomic
def create_agreement(*, user: User, zone: Zone, data: Mapping[str, Any]) -> Agreement:
    _require(user, MANAGE_FINANCE, zone)
    _lock_zone(zone)
    terms = _check_terms(zone, data)
    name = (data.get("name") or "").strip() or _("%(zone)s财力分成协议") % {"zone": zone.name}
    agreement = Agreement(
        zone=zone,
        name=name[:200],
        document_no=(data.get("document_no") or "").strip()[:100],
        created_by=user if user.is_authenticated else None,
        **terms,
    )
    agreement.save()
    events.agreement_saved(agreement, revised=False, by=user)
    return agreement


@transaction.atomic
def revise_agreement(*, user: User, agreement: Agreement, from_year: int, data: Mapping[str, Any]) -> Agreement:
    """A new version in force from ``from_year``: the current one ends the year before. Years
    before ``from_year`` keep being shared under the old version."""
    zone = agreement.zone
    _require(user, MANAGE_FINANCE, zone)
    _lock_zone(zone)
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if hasattr(current, "superseded_by"):
        raise Conflict(_("该版本已被修订，请在最新版本上修订。"))
    if not isinstance(from_year, int) or from_year <= current.effective_from:
        raise Invalid(
            {"effective_from": [_("修订的起始年度应晚于当前版本的起始年度（%(y)s）。") % {"y": current.effective_from}]}
        )
    if current.effective_to is not None and from_year > current.effective_to + 1:
        raise Invalid({"effective_from": [_("当前版本已于 %(y)s 年终止，无需修订。") % {"y": current.effective_to}]})
    merged = {
        "tax_types": current.tax_types,
        "base_year": current.base_year,
        "base_amount": current.base_amount,
        "base_amounts": current.base_amounts,
        "base_ratios": current.base_ratios,
        "increment_ratios": current.increment_ratios,
        "shortfall_rule": current.shortfall_rule,
        "effective_to": current.effective_to,
        **dict(data),
        "effective_from": from_year,
    }
    old_end = current.effective_to
    current.effective_to = from_year - 1
    current.save(update_fields=["effective_to"])
    try:
        terms = _check_terms(zone, merged, exclude=current)
    except Invalid:
        current.effective_to = old_end
        raise
    new = Agreement(
        zone=zone,
        name=(data.get("name") or current.name)[:200],
        document_no=(data.get("document_no") or "").strip()[:100],
        version=current.version + 1,
        supersedes=current,
        created_by=user if user.is_authenticated else None,
        **terms,
    )
    new.save()
    events.agreement_saved(new, revised=True, by=user)
    return new


# --- the above-plan reward ------------------------------------------------------------------


@transaction.atomic
def set_city_plan(*, user: User, city: Region, year: int, planned_growth_percent: Decimal) -> CityTaxPlan:
    zone = Zone.objects.filter(city=city).first()
    if zone is None or not can(user, MANAGE_FINANCE, zone):
        raise NotAllowed(_("您无权设置该市的市级税收计划增速。"))
    problem = _year_problem(year)
    if problem:
        raise Invalid({"year": [problem]})
    if not isinstance(planned_growth_percent, Decimal) or not Decimal("-100") < planned_growth_percent < Decimal(
        "1000"
    ):
        raise Invalid({"planned_growth_percent": [_("计划增速应为大于 -100 的百分数。")]})
    plan, _created = CityTaxPlan.objects.update_or_create(
        city=city, year=year, defaults={"planned_growth_percent": planned_growth_percent}
    )
    return plan


@transaction.atomic
def record_designation(
    *,
    user: User,
    zone: Zone,
    ranking_year: int,
    scope: str,
    rank: int,
    out_of: int,
    ranking: str,
    document_no: str = "",
) -> Any:
    """Record that a ranking earned ``zone`` the above-plan reward (seed 003 §二(三)2).

    Only the province records it. The rank must lie within the rule set's top share for the
    scope (national: national-level zones; provincial: provincial-level zones).
    """
    from .models import RewardDesignation

    if not may_record_designations(user) or not can(user, MANAGE_FINANCE, zone):
        raise NotAllowed(_("超计划增量奖励的认定由省级记录。"))
    errors: dict[str, list[str]] = {}
    problem = _year_problem(ranking_year)
    if problem:
        errors["ranking_year"] = [problem]
    if scope not in RankingScope.values:
        errors["scope"] = [_("请选择排名范围。")]
    elif (scope == RankingScope.NATIONAL) != (zone.level == "national"):
        errors["scope"] = [_("全国前10%适用于国家级开发区，全省前5%适用于省级开发区。")]
    if not isinstance(rank, int) or not isinstance(out_of, int) or rank < 1 or out_of < 1 or rank > out_of:
        errors["rank"] = [_("名次应为 1 至参评总数之间的整数。")]
    elif scope in RankingScope.values:
        rs = rule_set()
        top = rs.national_top_percent if scope == RankingScope.NATIONAL else rs.provincial_top_percent
        if not rules.qualifies(rank, out_of, top):
            errors["rank"] = [
                _("第 %(rank)s 名（共 %(n)s 个）不在前 %(top)s%% 之内，不符合奖励条件。")
                % {"rank": rank, "n": out_of, "top": f"{top.normalize():f}"}
            ]
    if not (ranking or "").strip():
        errors["ranking"] = [_("请填写排名依据。")]
    if not errors and RewardDesignation.objects.filter(zone=zone, ranking_year=ranking_year).exists():
        errors["ranking_year"] = [_("该开发区 %(y)s 年度的认定已记录。") % {"y": ranking_year}]
    if errors:
        raise Invalid(errors)
    return RewardDesignation.objects.create(
        zone=zone,
        ranking_year=ranking_year,
        scope=scope,
        rank=rank,
        out_of=out_of,
        ranking=ranking.strip()[:200],
        document_no=document_no.strip()[:100],
        recorded_by=user if user.is_authenticated else None,
    )


# --- investment incentives -----------------------------------------------------------------


def scheme_problem(kind: Any, basis: Any, stage_values: Any) -> dict[str, str]:
    problems: dict[str, str] = {}
    if kind not in SchemeKind.values:
        problems["kind"] = _("请选择方案类别。")
    if basis not in SchemeBasis.values:
        problems["basis"] = _("请选择分段方式。")
    if not isinstance(stage_values, Mapping) or not stage_values:
        problems["stage_values"] = _("请填写各阶段的比例或金额。")
        return problems
    unknown = [s for s in stage_values if s not in rules.STAGES]
    if unknown:
        problems["stage_values"] = _("未知的阶段“%(stage)s”。") % {"stage": unknown[0]}
        return problems
    try:
        values = {s: Decimal(str(v)) for s, v in stage_values.items()}
    except (InvalidOperation, ValueError):
        problems["stage_values"] = _("各阶段的比例或金额应为数字。")
        return problems
    if any(not v.is_finite() or v < 0 or v != v.quantize(Decimal("0.01")) for v in values.values()):
        problems["stage_values"] = _("各阶段的比例或金额不能为负数，最多两位小数。")
    elif basis == SchemeBasis.PERCENT and sum(values.values()) != 100:
        problems["stage_values"] = _("各阶段比例之和应为 100.00%%，现为 %(total)s%%。") % {
            "total": f"{sum(values.values()):.2f}"
        }
    return problems


@transaction.atomic
def create_scheme(*, user: User, data: Mapping[str, Any]) -> IncentiveScheme:
    if not may_make_schemes(user):
        raise NotAllowed(_("只有省、市工作人员可以制定激励方案。"))
    problems = scheme_problem(data.get("kind"), data.get("basis"), data.get("stage_values"))
    if not (data.get("name") or "").strip():
        problems["name"] = _("请填写方案名称。")
    elif IncentiveScheme.objects.filter(name=data["name"].strip()).exists():
        problems["name"] = _("方案名称“%(name)s”已存在。") % {"name": data["name"].strip()}
    if problems:
        raise Invalid(problems)
    return IncentiveScheme.objects.create(
        name=data["name"].strip(),
        kind=data["kind"],
        basis=data["basis"],
        stage_values={s: str(Decimal(str(v)).quantize(Decimal("0.01"))) for s, v in data["stage_values"].items()},
        includes_costs=bool(data.get("includes_costs", True)),
        source=data.get("source", ""),
    )


def stage_plan(scheme: IncentiveScheme, award: Decimal | None) -> tuple[Decimal, dict[str, Decimal]]:
    """The project's award and each stage's due amount under ``scheme`` (exact to the fen)."""
    values = {s: Decimal(str(v)) for s, v in scheme.stage_values.items()}
    if scheme.basis == SchemeBasis.AMOUNT:
        due = {s: values[s] for s in rules.STAGES if s in values}
        return sum(due.values(), Decimal("0.00")), due
    assert award is not None
    return award, rules.stage_amounts(award, values)


@transaction.atomic
def create_project(*, user: User, zone: Zone, data: Mapping[str, Any]) -> Project:
    _require(user, MANAGE_FINANCE, zone)
    errors: dict[str, list[str]] = {}
    scheme = data.get("scheme")
    if not isinstance(scheme, IncentiveScheme):
        errors["scheme"] = [_("请选择激励方案。")]
    for key in ("name", "investor"):
        if not (data.get(key) or "").strip():
            errors[key] = [_("此项必填。")]
    amount = data.get("amount")
    if not isinstance(amount, Decimal) or amount < 0:
        errors["amount"] = [_("投资额应为非负金额。")]
    award = data.get("award")
    costs = data.get("attraction_costs") or Decimal("0.00")
    percent = isinstance(scheme, IncentiveScheme) and scheme.basis == SchemeBasis.PERCENT
    if percent and (not isinstance(award, Decimal) or award < 0 or award != award.quantize(Decimal("0.01"))):
        errors["award"] = [_("按比例分段的方案须填写激励总额（非负，精确到分）。")]
    if errors or not isinstance(scheme, IncentiveScheme) or not isinstance(amount, Decimal):
        raise Invalid(errors)
    award, due = stage_plan(scheme, award)
    if isinstance(costs, Decimal) and costs < 0:
        raise Invalid({"attraction_costs": [_("招商经费不能为负数。")]})
    if scheme.includes_costs and costs > award:
        raise Invalid(
            {
                "attraction_costs": [
                    _("招商激励包含招商经费：招商经费（%(c)s 元）不能超过激励总额（%(a)s 元）。")
                    % {"c": costs, "a": award}
                ]
            }
        )
    project = Project(
        zone=zone,
        name=data["name"].strip()[:200],
        investor=data["investor"].strip()[:200],
        amount=amount,
        leading_industry=(data.get("leading_industry") or "").strip()[:100],
        scheme=scheme,
        award=award,
        attraction_costs=costs if scheme.includes_costs else Decimal("0.00"),
        created_by=user if user.is_authenticated else None,
    )
    project.full_clean()
    project.save()
    for stage, amount_due in due.items():
        ProjectStage.objects.create(project=project, stage=stage, due_amount=amount_due)
    return project


@transaction.atomic
def report_stage(*, user: User, project: Project, stage: str, reached_on: date, evidence: str) -> ProjectStage:
    """The project reached ``stage`` on ``reached_on``; ``evidence`` names the proof (文件、验收单)."""
    _require(user, REPORT_STAGES, project.zone)
    row = ProjectStage.objects.select_for_update().filter(project=project, stage=stage).first()
    if row is None:
        raise Invalid({"stage": [_("该项目的激励方案没有“%(stage)s”阶段。") % {"stage": stage}]})
    errors: dict[str, list[str]] = {}
    if not isinstance(reached_on, date):
        errors["reached_on"] = [_("请填写达到日期。")]
    elif reached_on > timezone.localdate():
        errors["reached_on"] = [_("达到日期不能晚于今天。")]
    if not (evidence or "").strip():
        errors["evidence"] = [_("请填写佐证材料。")]
    if errors:
        raise Invalid(errors)
    if row.paid_on is not None:
        raise Conflict(_("该阶段激励已支付，不能再修改进度。"), state="paid")
    row, changed = model_update(
        row, {"reached_on": reached_on, "evidence": evidence.strip()}, fields=["reached_on", "evidence"]
    )
    if changed:
        row.project = project
        events.stage_reached(row, by=user)
    return row


@transaction.atomic
def pay_stage(*, user: User, project: Project, stage: str, paid_on: date | None = None) -> ProjectStage:
    """Pay one stage's due amount. Never before the previous stage is paid, never twice, never
    above the award: the project's row is locked, so concurrent requests queue and the second
    one finds the stage paid (409)."""
    _require(user, MANAGE_FINANCE, project.zone)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    stages = {s.stage: s for s in ProjectStage.objects.select_for_update().filter(project=locked)}
    row = stages.get(stage)
    if row is None:
        raise Invalid({"stage": [_("该项目的激励方案没有“%(stage)s”阶段。") % {"stage": stage}]})
    day = paid_on or timezone.localdate()
    if row.reached_on is not None and day < row.reached_on:
        raise Invalid({"paid_on": [_("支付日期不能早于该阶段的达到日期。")]})
    if day > timezone.localdate():
        raise Invalid({"paid_on": [_("支付日期不能晚于今天。")]})
    paid_so_far = sum((s.paid_amount or Decimal(0) for s in stages.values()), Decimal("0.00"))
    problem = rules.pay_problem(
        stage,
        reached=row.reached_on is not None,
        paid={s: r.paid_on is not None for s, r in stages.items()},
        due=row.due_amount,
        paid_so_far=paid_so_far,
        award=locked.award,
    )
    label = row.get_stage_display()
    if problem == "already_paid":
        raise Conflict(
            _("“%(stage)s”阶段的激励已于 %(day)s 支付，不能重复支付。") % {"stage": label, "day": row.paid_on},
            state="paid",
        )
    if problem == "previous_unpaid":
        before = rules.previous_stage(stage, stages)
        before_label = stages[before].get_stage_display() if before else ""
        raise Conflict(
            _("上一阶段“%(before)s”的激励尚未支付，不能先支付“%(stage)s”。") % {"before": before_label, "stage": label},
            state="previous_unpaid",
        )
    if problem == "not_reached":
        raise Conflict(
            _("项目尚未达到“%(stage)s”阶段（请先填报达到日期和佐证材料）。") % {"stage": label}, state="not_reached"
        )
    if problem == "over_award":
        raise Conflict(_("支付后累计金额将超过激励总额。"), state="over_award")
    row.paid_amount = row.due_amount
    row.paid_on = day
    row.paid_by = user if user.is_authenticated else None
    row.save(update_fields=["paid_amount", "paid_on", "paid_by"])
    row.project = project
    events.stage_paid(row, by=user)
    return row
