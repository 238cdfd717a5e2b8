"""zones.rules: the plan rule set (pure) and the section-by-section comparison."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zones.models import PlanSection
from zones.plans import rules
from zones.plans.rules import BodyBound, PlanFigures, PlanRules, Unit, compare_plan_data, text_diff, validate_plan

RULES = PlanRules(
    bounds={
        "three_in_one": BodyBound(6, 8),
        "zone_government": BodyBound(2, 4, 0),
        "enterprise": BodyBound(1, 3, 0),
        "committee_company": BodyBound(1, 8),
    }
)


def units(n: int, prefix: str = "机构") -> list[Unit]:
    return [Unit(f"{prefix}{i}", "职责。") for i in range(n)]


def figures(model: str = "committee_company", **kw: object) -> PlanFigures:
    base: dict[str, object] = {
        "headcount_cap": 150,
        "leadership_posts": 5,
        "contract_term_years": 2,
        "bodies": units(8),
        "agencies": units(2, "分局"),
        "model_label": "管委会+公司",
    }
    base.update(kw)
    return PlanFigures(management_model=model, **base)  # type: ignore[arg-type]


def messages(violations: list[rules.Violation]) -> list[tuple[str, str]]:
    return [(v.section, v.message % v.params) for v in violations]


def test_yingkou_figures_pass_the_default_rules() -> None:
    assert validate_plan(figures(), RULES) == []


def test_missing_and_non_positive_figures_are_listed_by_section_in_chinese() -> None:
    out = validate_plan(figures(headcount_cap=None, leadership_posts=0, contract_term_years=None), RULES)
    assert messages(out) == [
        ("organisation", "领导职数必须大于 0。"),
        ("personnel", "未填写员额总数。"),
        ("personnel", "未填写聘期（年）。"),
    ]


def test_body_bounds_per_management_model() -> None:
    too_many = validate_plan(figures(bodies=units(9)), RULES)
    assert messages(too_many) == [("organisation", "内设机构 9 个，超过“管委会+公司”模式的上限 8 个。")]
    three = figures("three_in_one", bodies=units(5), model_label="三合一管委会")
    assert messages(validate_plan(three, RULES)) == [
        ("organisation", "内设机构 5 个，少于“三合一管委会”模式的下限 6 个。")
    ]


def test_zone_government_and_enterprise_models_set_up_no_dispatched_agencies() -> None:
    plan = figures("zone_government", bodies=units(3), model_label="区政合一")
    assert messages(validate_plan(plan, RULES)) == [
        ("organisation", "“区政合一”模式原则上不设派驻机构，方案列有 2 个。")
    ]
    capped = PlanRules(bounds={"enterprise": BodyBound(1, 3, 1)})
    plan = figures("enterprise", bodies=units(2), model_label="企业化管理")
    assert messages(validate_plan(plan, capped)) == [
        ("organisation", "派驻机构 2 个，超过“企业化管理”模式的上限 1 个。")
    ]


def test_units_without_duties_and_leadership_above_cap() -> None:
    plan = figures(
        bodies=[Unit("党政办", ""), *units(2)], agencies=[Unit("分局", " ")], leadership_posts=9, headcount_cap=8
    )
    assert messages(validate_plan(plan, RULES)) == [
        ("organisation", "领导职数（9）不得超过员额总数（8）。"),
        ("organisation", "内设机构“党政办”未填写职责。"),
        ("organisation", "派驻机构“分局”未填写职责。"),
    ]
    lenient = PlanRules(bounds=RULES.bounds, required_positive=frozenset({"headcount_cap"}), duties_required=False)
    assert (
        validate_plan(figures(leadership_posts=None, contract_term_years=None, bodies=[Unit("党政办")]), lenient) == []
    )


def test_a_model_without_a_bound_is_not_limited() -> None:
    assert validate_plan(figures("unknown_model", bodies=units(30)), RULES) == []


bounds = st.tuples(st.integers(0, 12), st.integers(0, 12)).map(sorted)


@given(bound=bounds, count=st.integers(0, 20), unbounded_top=st.booleans())
def test_any_body_count_within_the_bound_passes_and_outside_fails(
    bound: list[int], count: int, unbounded_top: bool
) -> None:
    low, high = bound
    rule = PlanRules(bounds={"m": BodyBound(low, None if unbounded_top else high)})
    codes = {v.code for v in validate_plan(figures("m", bodies=units(count)), rule)}
    inside = count >= low and (unbounded_top or count <= high)
    assert ("bodies_below_min" in codes or "bodies_above_max" in codes) == (not inside)
    assert codes <= {"bodies_below_min", "bodies_above_max"}


@given(cap=st.none() | st.integers(-5, 500), posts=st.none() | st.integers(-5, 50))
def test_required_figures_pass_exactly_when_present_and_positive(cap: int | None, posts: int | None) -> None:
    out = validate_plan(figures(headcount_cap=cap, leadership_posts=posts), RULES)
    figure_codes = {v.code for v in out if v.code.startswith(("headcount_cap", "leadership_posts"))}
    assert ("headcount_cap_missing" in figure_codes) == (cap is None)
    assert ("headcount_cap_not_positive" in figure_codes) == (cap is not None and cap <= 0)
    assert ("leadership_posts_missing" in figure_codes) == (posts is None)
    assert ("leadership_posts_not_positive" in figure_codes) == (posts is not None and posts <= 0)


def test_section_slugs_match_the_model_choices() -> None:
    assert tuple(PlanSection.values) == rules.SECTIONS
    assert set(rules.FIGURE_SECTION.values()) <= set(rules.SECTIONS)


def test_transitions_table() -> None:
    allowed = {(a, s) for a, (sources, _t) in rules.PLAN_TRANSITIONS.items() for s in sources}
    assert allowed == {
        ("submit", "draft"),
        ("submit", "returned"),
        ("return", "submitted"),
        ("approve", "submitted"),
        ("supersede", "approved"),
    }
    assert rules.transition_target("approve", "returned") is None
    assert rules.transition_target("submit", "returned") == "submitted"


DOC = {
    "headcount_cap": 150,
    "leadership_posts": 5,
    "internal_bodies": [{"name": "党政综合工作部", "duties": "综合。"}, {"name": "企业服务局", "duties": "服务。"}],
    "dispatched_agencies": [{"name": "自然资源分局", "duties": "土地。"}],
    "sections": {"party": "建立改革领导小组。健全党工委领导工作机制。", "basic": "基本情况。"},
}


def test_compare_marks_only_the_changed_sections() -> None:
    after = {
        **DOC,
        "headcount_cap": 160,
        "internal_bodies": [
            {"name": "党政综合工作部", "duties": "综合协调。"},
            {"name": "商务局", "duties": "招商。"},
        ],
        "sections": {**DOC["sections"], "party": "建立改革领导小组。落实一岗双责。"},
    }
    out = {s["slug"]: s for s in compare_plan_data(DOC, after)}
    assert [slug for slug, s in out.items() if s["changed"]] == ["organisation", "personnel", "party"]
    bodies = out["organisation"]["lists"][0]
    assert (bodies["added"], bodies["removed"], bodies["changed"]) == (["商务局"], ["企业服务局"], ["党政综合工作部"])
    assert out["organisation"]["lists"][1]["changed_any"] is False
    cap = next(f for f in out["personnel"]["fields"] if f["name"] == "headcount_cap")
    assert (cap["a"], cap["b"], cap["changed"]) == (150, 160, True)
    assert out["party"]["text"]["ops"] == [
        ("equal", "建立改革领导小组。"),
        ("delete", "健全党工委领导工作机制。"),
        ("insert", "落实一岗双责。"),
    ]
    assert not any(s["changed"] for s in compare_plan_data(DOC, dict(DOC)))


def test_text_diff_reassembles_both_texts() -> None:
    a, b = "一。二；三\n四。", "一。三\n五。四。"
    ops = text_diff(a, b)
    assert "".join(t for op, t in ops if op != "insert") == a
    assert "".join(t for op, t in ops if op != "delete") == b
