"""Numbers as officials read them, in one place (issue 14): ``{% load formatting %}``.

- ``amount:places`` — thousands separators and a fixed number of decimals: ``1,260,000,000.00``
- ``yuan`` — ``1,260,000,000.00 元`` (English ``CNY 1,260,000,000.00``)
- ``yuan_wan`` — in 万元: ``126,000.00 万元`` (English in millions: ``CNY 1,260.00 m``)
- ``yuan_auto`` — the unit an official expects for the size: 亿元 from 1 亿, 万元 from 1 万, else 元
  (English: bn / m / yuan)
- ``km2`` — an area to 2 decimals with its unit: ``77.27 km²``; ``mu`` — ``1,234.50 亩``
- ``number:places`` — a measured value without trailing zeros: ``3,151``, ``2.0134``
- ``wan`` — yuan in 万 without the unit, for a column headed "(万元)": ``207,410.81``
Empty values (``None``, ``""``) show as "—". Values are ``Decimal``-exact (never floats).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

DASH = "—"
WAN = Decimal(10_000)
YI = Decimal(100_000_000)
MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def grouped(number: Decimal, places: int = 2) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{number.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def amount(value: Any, places: int = 2) -> str:
    number = _decimal(value)
    return DASH if number is None else grouped(number, int(places))


@register.filter
def yuan(value: Any) -> str:
    number = _decimal(value)
    if number is None:
        return DASH
    return _("%(amount)s 元") % {"amount": grouped(number)}


@register.filter
def yuan_wan(value: Any) -> str:
    number = _decimal(value)
    if number is None:
        return DASH
    if _english():
        return _("%(amount)s 百万元") % {"amount": grouped(number / MILLION)}
    return _("%(amount)s 万元") % {"amount": grouped(number / WAN)}


@register.filter
def yuan_auto(value: Any) -> str:
    number = _decimal(value)
    if number is None:
        return DASH
    size = abs(number)
    if _english():
        if size >= BILLION:
            return _("%(amount)s 十亿元") % {"amount": grouped(number / BILLION)}
        if size >= MILLION:
            return _("%(amount)s 百万元") % {"amount": grouped(number / MILLION)}
        return yuan(number)
    if size >= YI:
        return _("%(amount)s 亿元") % {"amount": grouped(number / YI)}
    if size >= WAN:
        return _("%(amount)s 万元") % {"amount": grouped(number / WAN)}
    return yuan(number)


@register.filter
def km2(value: Any) -> str:
    number = _decimal(value)
    return DASH if number is None else f"{grouped(number)} km²"


@register.filter
def mu(value: Any) -> str:
    number = _decimal(value)
    return DASH if number is None else _("%(amount)s 亩") % {"amount": grouped(number)}


@register.filter
def number(value: Any, places: int = 4) -> str:
    """A measured value (an indicator's, a ratio) as read: separators, at most ``places``
    decimals, no trailing zeros — ``3151.0000`` → ``3,151``, ``2.0134`` → ``2.0134`` (where
    ``Decimal.normalize`` would print ``3.1E+3`` for ``3100.0000``)."""
    number_ = _decimal(value)
    if number_ is None:
        return DASH
    text = grouped(number_, int(places))
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def wan(value: Any) -> str:
    """A sum of yuan in 万 (10 000), without the unit, for a column headed "(万元)":
    ``2074108086.06`` → ``207,410.81``."""
    number_ = _decimal(value)
    return DASH if number_ is None else grouped(number_ / WAN)
