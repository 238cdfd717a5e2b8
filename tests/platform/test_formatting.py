"""The number filters (devzone/web/templatetags/formatting.py): separators, 万元/亿元, areas."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from devzone.web.templatetags.formatting import amount, km2, mu, yuan, yuan_auto, yuan_wan


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (Decimal("1260000000.00"), "12.60 亿元", "CNY 1.26 bn"),
        (Decimal("1260000.00"), "126.00 万元", "CNY 1.26 m"),
        (Decimal("9999.50"), "9,999.50 元", "CNY 9,999.50"),
        (Decimal("-250000000"), "-2.50 亿元", "CNY -250.00 m"),
        (None, "—", "—"),
    ],
)
def test_money_in_the_unit_officials_expect(value: Decimal | None, zh: str, en: str) -> None:
    with translation.override("zh-hans"):
        assert yuan_auto(value) == zh
    with translation.override("en"):
        assert yuan_auto(value) == en


def test_money_and_areas_with_separators() -> None:
    with translation.override("zh-hans"):
        assert yuan(Decimal("1260000000")) == "1,260,000,000.00 元"
        assert yuan_wan(Decimal("1260000000")) == "126,000.00 万元"
        assert mu(Decimal("1234.5")) == "1,234.50 亩"
    assert amount(Decimal("77.2700")) == "77.27"
    assert amount("0.005") == "0.01"  # half up, exact: never a float's 0.00
    assert amount(Decimal("1234.5"), 0) == "1,235"
    assert km2(Decimal("77.2700")) == "77.27 km²"
    assert km2("not a number") == "—"


def test_the_filters_in_a_template() -> None:
    html = Template("{% load formatting %}{{ a|km2 }} · {{ m|yuan_auto }}").render(
        Context({"a": Decimal("12574.1234"), "m": Decimal("1260000000.00")})
    )
    assert html == "12,574.12 km² · 12.60 亿元"
