"""Staffing's rules, pure (SPEC §3; ADR 0301). No Django, no ORM.

- The rule set's defaults (seed 002): preferences per applicant, the ranking's tie-break order,
  publicity of 5 working days, a 2-year contract term, bottom 10 % two years running, who may
  read whole ID numbers. The rows in ``StaffingRuleSet`` are what counts; these are what ships.
- ``ROUND_TRANSITIONS``: the round's life-cycle.
- The cap ledger's arithmetic, the posts' sums, eligibility, weighted totals, the ranking and
  the allocation of places honouring preferences, ID-number checksum and masking, the renewal
  proposal and placement after dismissal by file identity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal


def _(text: str) -> str:
    """Marks a message for extraction; translated where shown."""
    return text


# --- The rule set's shipped defaults ---------------------------------------------------------

TIE_BREAK_KEYS = ("interview", "written", "applied_at")
DEFAULT_RULES = {
    "name": "营口沿海产业基地人员聘任规则（默认）",
    "effective_year": 2025,
    "max_preferences": 3,
    "tie_break": "interview,written,applied_at",
    "publicity_working_days": 5,
    "contract_term_years": 2,
    "bottom_share_percent": Decimal("10"),
    "bottom_years": 2,
    "renewal_grade_years": 2,
    "offer_response_days": 5,
    "renewal_horizon_days": 180,
    "score_max": Decimal("100"),
    "full_id_roles": "",
    "source": "《辽宁(营口)沿海产业基地“一区一策”改革方案》（种子材料 002）：全员竞聘、双向选择、聘期2年、"
    "连续两年考核排名末位10%解聘；公示期按5个工作日；完整身份证号默认不向任何角色展示。",
}


@dataclass(frozen=True)
class StaffingRules:
    max_preferences: int = 3
    tie_break: tuple[str, ...] = TIE_BREAK_KEYS
    publicity_working_days: int = 5
    contract_term_years: int = 2
    bottom_share_percent: Decimal = Decimal("10")
    bottom_years: int = 2
    renewal_grade_years: int = 2
    offer_response_days: int = 5
    renewal_horizon_days: int = 180
    score_max: Decimal = Decimal("100")
    full_id_roles: frozenset[str] = frozenset()


def parse_tie_break(text: str) -> tuple[str, ...]:
    """``"interview,written,applied_at"`` → the keys; unknown keys are an error."""
    keys = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in keys if k not in TIE_BREAK_KEYS]
    if unknown or len(set(keys)) != len(keys):
        raise ValueError(f"bad tie-break keys: {text!r}")
    return keys


# --- Round life-cycle ------------------------------------------------------------------------

DRAFT = "draft"
OPEN = "open"
SCORING = "scoring"
RANKED = "ranked"
OFFERS = "offers"
PUBLICITY = "publicity"
CONTRACTS = "contracts"
CLOSED = "closed"

ROUND_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "open": ({DRAFT}, OPEN),
    "start_scoring": ({OPEN}, SCORING),
    "publish": ({SCORING}, RANKED),
    "start_offers": ({RANKED}, OFFERS),
    "start_publicity": ({OFFERS}, PUBLICITY),
    "end_publicity": ({PUBLICITY}, CONTRACTS),
    "close": ({CONTRACTS}, CLOSED),
}

# --- Offers -----------------------------------------------------------------------------------

OFFER_OPEN = "open"
OFFER_ACCEPTED = "accepted"
OFFER_DECLINED = "declined"
OFFER_EXPIRED = "expired"
OFFER_WITHDRAWN = "withdrawn"  # an objection upheld in publicity
OFFER_CONTRACTED = "contracted"
# Offers that hold a place on the ledger.
HOLDING = frozenset({OFFER_OPEN, OFFER_ACCEPTED})
# Offers that took the applicant out of the running for that post.
LOST = frozenset({OFFER_DECLINED, OFFER_EXPIRED, OFFER_WITHDRAWN})


# --- The cap ledger ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ledger:
    """A zone's (or a post's) places: ``cap`` = serving + reserved + free, never less."""

    cap: int
    serving: int
    reserved: int

    @property
    def free(self) -> int:
        return self.cap - self.serving - self.reserved

    def can_take(self, n: int = 1) -> bool:
        return self.serving + self.reserved + n <= self.cap

    def reserve(self, n: int = 1) -> Ledger:
        if not self.can_take(n):
            raise ValueError("no place left")
        return Ledger(self.cap, self.serving, self.reserved + n)

    def release(self, n: int = 1) -> Ledger:
        if n > self.reserved:
            raise ValueError("nothing reserved")
        return Ledger(self.cap, self.serving, self.reserved - n)

    def use(self, n: int = 1) -> Ledger:
        """A reserved place becomes a serving one (a signed contract)."""
        if n > self.reserved:
            raise ValueError("nothing reserved")
        return Ledger(self.cap, self.serving + n, self.reserved - n)


def posts_problems(
    cap: int, leadership_posts: int, places: Iterable[tuple[int, bool]]
) -> list[tuple[str, str, dict[str, int]]]:
    """The sums posts must keep: Σ places ≤ cap, leadership places ≤ leadership posts.
    ``places``: ``(places, is_leadership)`` per post. Returns ``(field, message, numbers)``."""
    rows = list(places)
    total = sum(n for n, _lead in rows)
    leading = sum(n for n, lead in rows if lead)
    out: list[tuple[str, str, dict[str, int]]] = []
    if total > cap:
        out.append(
            (
                "places",
                _("岗位数额合计 %(total)d 个，超过员额总数 %(cap)d 个。"),
                {"total": total, "cap": cap},
            )
        )
    if leading > leadership_posts:
        out.append(
            (
                "places",
                _("领导岗位数额合计 %(total)d 个，超过领导职数 %(cap)d 个。"),
                {"total": leading, "cap": leadership_posts},
            )
        )
    return out


def plan_problems(
    new_cap: int, serving: int, reserved: int, bodies_kept: set[str], bodies_with_posts: Mapping[str, int]
) -> list[tuple[str, str, dict[str, object]]]:
    """Why a revised plan may not become the establishment: it cuts the cap below serving +
    reserved, or drops an internal body that still holds posts."""
    out: list[tuple[str, str, dict[str, object]]] = []
    if new_cap < serving + reserved:
        out.append(
            (
                "headcount_cap",
                _("新方案员额总数 %(cap)d 个，少于在聘 %(serving)d 人与已发录用通知 %(reserved)d 个之和。"),
                {"cap": new_cap, "serving": serving, "reserved": reserved},
            )
        )
    for name, count in sorted(bodies_with_posts.items()):
        if name not in bodies_kept and count:
            out.append(
                (
                    "internal_bodies",
                    _("新方案撤销了内设机构“%(name)s”，该机构仍有 %(count)d 个岗位，请先调整岗位。"),
                    {"name": name, "count": count},
                )
            )
    return out


# --- ID numbers (GB 11643) --------------------------------------------------------------------

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def id_problem(value: str) -> str | None:
    """None when ``value`` is a valid 18-character resident ID number, else a message."""
    v = value.strip().upper()
    if len(v) != 18 or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return _("身份证号应为18位（最后一位可为X）。")
    try:
        date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return _("身份证号中的出生日期无效。")
    if id_check_char(v[:17]) != v[17]:
        return _("身份证号校验位不正确。")
    return None


def normalise_id(value: str) -> str:
    return value.strip().upper()


def birth_date(id_number: str) -> date:
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def mask_id(value: str) -> str:
    """``210802199001011234`` → ``2108**********1234`` (first 4 and last 4 shown)."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def with_check(first17: str) -> str:
    return first17 + id_check_char(first17)


# --- Eligibility ------------------------------------------------------------------------------

EDUCATION_ORDER = ("none", "secondary", "college", "bachelor", "master", "doctor")


@dataclass(frozen=True)
class Requirements:
    min_education: str = ""
    max_age: int | None = None
    internal_only: bool = False
    file_identities: frozenset[str] = frozenset()  # empty: any


@dataclass(frozen=True)
class Candidate:
    education: str
    birth: date
    internal: bool
    file_identity: str = ""


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def eligibility(req: Requirements, who: Candidate, on: date) -> list[tuple[str, dict[str, object]]]:
    """The reasons ``who`` does not meet ``req`` (empty: eligible)."""
    reasons: list[tuple[str, dict[str, object]]] = []
    if req.internal_only and not who.internal:
        reasons.append((_("该岗位仅限本单位在职人员竞聘。"), {}))
    if req.min_education and (
        who.education not in EDUCATION_ORDER
        or EDUCATION_ORDER.index(who.education) < EDUCATION_ORDER.index(req.min_education)
    ):
        reasons.append((_("学历不符合岗位要求（最低：%(min)s）。"), {"min": req.min_education}))
    if req.max_age is not None:
        age = age_on(who.birth, on)
        if age > req.max_age:
            reasons.append((_("年龄 %(age)d 岁，超过岗位要求的 %(max)d 岁。"), {"age": age, "max": req.max_age}))
    if req.file_identities and who.internal and who.file_identity not in req.file_identities:
        reasons.append((_("档案身份不符合岗位要求。"), {}))
    return reasons


# --- Scores and ranking -----------------------------------------------------------------------

CENT = Decimal("0.01")


def weighted_total(written: Decimal, interview: Decimal, w_written: Decimal, w_interview: Decimal) -> Decimal:
    """Σ score × weight, rounded half-up to the hundredth (weights are fractions summing to 1)."""
    return (written * w_written + interview * w_interview).quantize(CENT, rounding=ROUND_HALF_UP)


def score_problem(score: Decimal | None, score_max: Decimal) -> str | None:
    if score is None:
        return None
    if score < 0 or score > score_max:
        return _("分数应在 0 至 %(max)s 之间。")
    return None


def weights_problem(w_written: Decimal, w_interview: Decimal) -> str | None:
    if w_written < 0 or w_interview < 0 or w_written + w_interview != 1:
        return _("笔试与面试权重应为非负数，且合计为1。")
    return None


@dataclass(frozen=True)
class Scored:
    key: int  # the application's id
    written: Decimal
    interview: Decimal
    applied_at: datetime
    total: Decimal = Decimal(0)


def ranking(rows: Sequence[Scored], tie_break: Sequence[str]) -> list[tuple[int, int]]:
    """``[(key, rank)]`` best first: total descending, then the tie-break keys (scores
    descending, application time ascending), then the key. Ranks are 1..n, no shared ranks —
    the tie-break decides, so the ranking is a total order reproducible from the inputs."""

    def sort_key(r: Scored) -> tuple[object, ...]:
        parts: list[object] = [-r.total]
        for k in tie_break:
            if k == "interview":
                parts.append(-r.interview)
            elif k == "written":
                parts.append(-r.written)
            elif k == "applied_at":
                parts.append(r.applied_at)
        parts.append(r.key)
        return tuple(parts)

    ordered = sorted(rows, key=sort_key)
    return [(r.key, i) for i, r in enumerate(ordered, start=1)]


# --- Offers with preferences: who holds a place on each post ----------------------------------


@dataclass(frozen=True)
class Bid:
    """One ranked application: ``person`` applied for ``post`` at ``preference`` (1 = first)
    and stands at ``rank`` on that post."""

    key: int
    person: str
    post: int
    preference: int
    rank: int


def allocate(bids: Iterable[Bid], places: Mapping[int, int], excluded: Iterable[int] = ()) -> dict[int, int]:
    """Which applications hold a place, honouring preferences and ranks: applicant-proposing
    deferred acceptance. Each person proposes to posts in preference order; a post keeps its
    best-ranked proposals up to its places. The outcome: nobody holds two places, nobody sits
    on a lower preference while a higher one they rank inside would take them, no post exceeds
    its places. ``excluded``: applications out of the running (declined, expired, withdrawn).
    Returns ``{application key: post}``."""
    out = set(excluded)
    by_person: dict[str, list[Bid]] = {}
    for b in bids:
        if b.key not in out:
            by_person.setdefault(b.person, []).append(b)
    for lst in by_person.values():
        lst.sort(key=lambda b: (b.preference, b.key))
    nxt = dict.fromkeys(by_person, 0)
    held: dict[int, list[Bid]] = {p: [] for p in places}
    free = sorted(by_person)
    while free:
        person = free.pop()
        lst = by_person[person]
        if nxt[person] >= len(lst):
            continue
        bid = lst[nxt[person]]
        nxt[person] += 1
        cap = places.get(bid.post, 0)
        bucket = held.setdefault(bid.post, [])
        bucket.append(bid)
        bucket.sort(key=lambda b: (b.rank, b.key))
        if len(bucket) > cap:
            rejected = bucket.pop()
            free.append(rejected.person)
    return {b.key: post for post, bucket in held.items() for b in bucket}


# --- Publicity and contracts ------------------------------------------------------------------


def contract_end(start: date, years: int) -> date:
    """The last day of a term of ``years`` from ``start``."""
    try:
        same = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        same = start.replace(year=start.year + years, day=28)
    return same - timedelta(days=1)


# --- Renewal and exit -------------------------------------------------------------------------

RENEW = "renew"
NOT_RENEW = "not_renew"
MOVE_POST = "move_post"
WARN = "warn"
DISMISS_PROPOSAL = "dismiss"


@dataclass(frozen=True)
class YearGrade:
    year: int
    grade: str
    rank: int | None = None  # in the annual ranking, 1 = best
    of: int | None = None


def in_bottom(rank: int, of: int, percent: Decimal) -> bool:
    """Whether ``rank`` of ``of`` lies in the bottom ``percent`` % (at least one person when
    ``of * percent / 100`` rounds below 1 is not forced: floor, so 9 people have no bottom 10 %)."""
    size = int((Decimal(of) * percent / 100).to_integral_value(rounding="ROUND_FLOOR"))
    return size > 0 and rank > of - size


def renewal_proposal(grades: Sequence[YearGrade], rules: StaffingRules) -> str:
    """What the system proposes at term end: dismissal when the last ``bottom_years`` years all
    sit in the bottom share of the annual ranking; otherwise renewal (a person decides)."""
    last = sorted(grades, key=lambda g: g.year)[-rules.bottom_years :]
    if len(last) == rules.bottom_years and all(
        g.rank is not None and g.of is not None and in_bottom(g.rank, g.of, rules.bottom_share_percent) for g in last
    ):
        return DISMISS_PROPOSAL
    return RENEW


# File identity → how someone leaves or is placed after dismissal (seed 002 §三(三)).
PLACEMENT_BY_IDENTITY = {
    "civil_servant": _("按公务员身份安排岗位"),
    "civil_servant_managed": _("按参照公务员法管理人员身份安排岗位"),
    "institution": _("按事业单位人员身份安排岗位"),
    "enterprise": _("按企业人员身份安排"),
    "society": _("以社会自然人身份退出"),
}


def placement_for(file_identity: str) -> str:
    return PLACEMENT_BY_IDENTITY[file_identity]
