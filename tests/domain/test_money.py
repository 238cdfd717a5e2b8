"""The exact allocator (devzone.domain.money): parts sum to the whole to the fen, whatever the input."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devzone.domain.money import AllocationError, allocate, allocate_list, to_fen

amounts = st.integers(min_value=-(10**12), max_value=10**12).map(lambda fen: Decimal(fen) / 100)
weights = st.one_of(
    st.integers(min_value=0, max_value=10**6),
    st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False, allow_infinity=False),
)
weight_maps = st.dictionaries(st.text(min_size=1, max_size=4), weights, min_size=1, max_size=12).filter(
    lambda m: sum(Decimal(v) for v in m.values()) > 0
)


@given(amounts, weight_maps)
def test_parts_sum_exactly_to_the_whole(total: Decimal, parts: dict[str, Decimal]) -> None:
    result = allocate(total, parts)
    assert sum(result.values(), Decimal(0)) == total
    assert set(result) == set(parts)


@given(amounts, weight_maps)
def test_parts_have_the_sign_of_the_whole_and_stay_within_a_fen_of_their_share(
    total: Decimal, parts: dict[str, Decimal]
) -> None:
    result = allocate(total, parts)
    weight_sum = sum(Decimal(w) for w in parts.values())
    for key, part in result.items():
        assert part == 0 or (part > 0) == (total > 0)
        exact = total * Decimal(parts[key]) / weight_sum
        assert abs(part - exact) < Decimal("0.01")
        if Decimal(parts[key]) == 0:
            assert part == 0


@given(amounts, weight_maps, st.randoms())
def test_result_does_not_depend_on_input_order(total: Decimal, parts: dict[str, Decimal], rnd: random.Random) -> None:
    items = list(parts.items())
    rnd.shuffle(items)
    assert allocate(total, dict(items)) == allocate(total, parts)


def test_ties_go_to_the_larger_weight_then_the_smaller_key() -> None:
    assert allocate(Decimal("100.00"), {"zone": 1, "city": 1, "county": 1}) == {
        "zone": Decimal("33.33"),
        "city": Decimal("33.34"),
        "county": Decimal("33.33"),
    }
    # 0.05 over 3:2:... remainders tie → larger weight wins the odd fen.
    assert allocate_list(Decimal("0.05"), [1, 1, 2]) == [Decimal("0.01"), Decimal("0.01"), Decimal("0.03")]
    assert allocate_list(Decimal("0.01"), [1, 1]) == [Decimal("0.01"), Decimal("0.00")]


def test_hand_computed_split() -> None:
    # 1 234 567.89 at 40 / 35 / 25 %.
    result = allocate(
        Decimal("1234567.89"), {"city": Decimal("40.00"), "county": Decimal("35.00"), "zone": Decimal("25.00")}
    )
    assert result == {"city": Decimal("493827.16"), "county": Decimal("432098.76"), "zone": Decimal("308641.97")}
    assert sum(result.values()) == Decimal("1234567.89")


def test_refuses_undefined_splits() -> None:
    with pytest.raises(AllocationError):
        allocate(Decimal("1.00"), {"a": -1, "b": 2})
    with pytest.raises(AllocationError):
        allocate(Decimal("1.00"), {"a": 0})
    with pytest.raises(AllocationError):
        allocate(Decimal("1.00"), {})
    with pytest.raises(AllocationError):
        allocate(Decimal("1.005"), {"a": 1})
    assert allocate(Decimal("0"), {"a": 0, "b": 0}) == {"a": Decimal("0.00"), "b": Decimal("0.00")}
    assert to_fen(Decimal("12.3")) == Decimal("12.30")
    assert allocate(Decimal("10"), {"a": 1}, quantum=Decimal("1")) == {"a": Decimal("10")}
