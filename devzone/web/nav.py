"""The navigation bar: each app registers its entries from its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from devzone.types import User


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    order: int = 100
    # Who sees the entry: a zone permission the user must hold on at least one zone, or a
    # predicate on the user; None: everyone logged in.
    needs: str | Callable[[Any], bool] | None = None


_items: dict[str, NavItem] = {}


def register(
    url_name: str, label: str | Promise, order: int = 100, needs: str | Callable[[Any], bool] | None = None
) -> None:
    _items[url_name] = NavItem(url_name, label, order, needs)


def items_for(user: User) -> list[NavItem]:
    from devzone.tenancy import visible_zones

    out = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        if callable(item.needs) and not item.needs(user):
            continue
        if isinstance(item.needs, str) and not visible_zones(user, item.needs).exists():
            continue
        out.append(item)
    return out
