"""The one exact allocator: every money split in the product goes through :func:`allocate`.

Revenue shares (party × tax type, base / increment, shortfall), investment-incentive stage
payments, performance-pay pools over departments and people — each is "split this amount in
these proportions". Done naively (multiply, round each part) the parts miss the whole by a fen
or two. Here the whole is counted in quanta (fen by default), each part gets the floor of its
exact share, and the quanta left over go one each to the parts with the largest remainders
(Hamilton's largest-remainder method). Ties are broken deterministically by a declared order:
the larger weight first, then the smaller key — never by the order the caller passed the parts,
so the result does not depend on input order.

Pure Python and ``Decimal`` (exact fractions inside); no Django, no database (DESIGN.md rules).

    >>> allocate(Decimal("100.00"), {"city": 1, "county": 1, "zone": 1})
    {'city': Decimal('33.34'), 'county': Decimal('33.33'), 'zone': Decimal('33.33')}
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

FEN = Decimal("0.01")

K = TypeVar("K", bound=Hashable)


class AllocationError(ValueError):
    """The split asked for is not defined (negative weights, nothing to weigh, a sub-fen whole)."""


def to_fen(amount: Decimal, quantum: Decimal = FEN) -> Decimal:
    """``amount`` as an exact multiple of ``quantum``; refuses a value that is not (no silent rounding)."""
    units = Fraction(amount) / Fraction(quantum)
    if units.denominator != 1:
        raise AllocationError(f"{amount} is not a whole number of {quantum}")
    return Decimal(int(units)) * quantum


def allocate(total: Decimal, weights: Mapping[K, Decimal | int], *, quantum: Decimal = FEN) -> dict[K, Decimal]:
    """Split ``total`` over the keys of ``weights`` in proportion to the weights, exactly.

    * ``sum(result.values()) == total``, always, to the quantum;
    * every part has the sign of ``total`` (or is zero); a zero weight gets zero;
    * each part differs from its exact share by less than one quantum;
    * the result depends only on the mapping, not on its order: ties in the remainder go to the
      larger weight, then to the smaller key (keys must be mutually orderable when they tie).

    ``total`` must be a whole number of quanta; weights must be non-negative and, unless
    ``total`` is zero, not all zero.
    """
    total = to_fen(Decimal(total), quantum)
    if not weights:
        if total:
            raise AllocationError("nothing to allocate over")
        return {}
    exact: dict[K, Fraction] = {}
    for key, weight in weights.items():
        w = Fraction(Decimal(weight))
        if w < 0:
            raise AllocationError(f"negative weight for {key!r}")
        exact[key] = w
    weight_sum = sum(exact.values(), Fraction(0))
    if weight_sum == 0:
        if total:
            raise AllocationError("all weights are zero")
        return {key: Decimal(0) * quantum for key in weights}

    sign = -1 if total < 0 else 1
    units = int(abs(Fraction(total) / Fraction(quantum)))
    floors: dict[K, int] = {}
    remainders: dict[K, Fraction] = {}
    for key, w in exact.items():
        share = units * w / weight_sum
        floors[key] = share.numerator // share.denominator
        remainders[key] = share - floors[key]
    left = units - sum(floors.values())
    # Largest remainder first; then the larger weight; then the smaller key. Zero remainders
    # never need a unit (left < number of parts with a positive remainder).
    order = sorted(
        (key for key in exact if remainders[key] > 0),
        key=lambda k: (-remainders[k], -exact[k], _sort_key(k)),
    )
    for key in order[:left]:
        floors[key] += 1
    return {key: Decimal(sign * floors[key]) * quantum for key in weights}


def allocate_list(total: Decimal, weights: list[Decimal | int], *, quantum: Decimal = FEN) -> list[Decimal]:
    """:func:`allocate` over positions: ties go to the larger weight, then the earlier position."""
    parts = allocate(total, dict(enumerate(weights)), quantum=quantum)
    return [parts[i] for i in range(len(weights))]


def _sort_key(key: object) -> tuple[str, object]:
    # Keys of one mapping are usually one type; a (type name, key) pair keeps mixed keys sortable.
    return (type(key).__name__, key)
