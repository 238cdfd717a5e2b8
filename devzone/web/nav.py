"""The navigation bar: each app registers its entries from its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    order: int = 100
    # Which zone permission a user needs on at least one zone to see the entry (None: everyone).
    needs: str | None = None


_items: dict[str, NavItem] = {}


def register(url_name: str, label: str | Promise, order: int = 100, needs: str | None = None) -> None:
    _items[url_name] = NavItem(url_name, label, order, needs)


def items_for(user: Any) -> list[NavItem]:
    from devzone.tenancy import visible_zones

    out = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        if item.needs and not visible_zones(user, item.needs).exists():
            continue
        out.append(item)
    return out
