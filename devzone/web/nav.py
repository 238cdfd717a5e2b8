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
    from devzone.tenancy.scope import has_visible_zone

    out = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        if callable(item.needs) and not item.needs(user):
            continue
        if isinstance(item.needs, str) and not has_visible_zone(user, item.needs):
            continue
        out.append(item)
    return out


# --- Panels on the role homes: each app registers what its domain shows there ----------------


@dataclass(frozen=True)
class HomePanel:
    template: str
    # The panel's context for a user; None: the panel is not shown to this user.
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


_panels: dict[str, HomePanel] = {}


def register_home_panel(
    template: str, context: Callable[[Any], dict[str, Any] | None], order: int = 100, *, key: str | None = None
) -> None:
    """Show ``template`` on the role homes with ``context(user)`` (None: not for this user).

    Panels are keyed by template; several panels sharing one template (``web/_figures.html``,
    the number cards and charts of ``devzone.web.figures``) each give their own ``key``.
    """
    _panels[key or template] = HomePanel(template, context, order)


def home_panels(user: User) -> list[tuple[str, dict[str, Any]]]:
    """``(template, context)`` of every registered panel shown to ``user``, in order."""
    out = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(user)
        if context is not None:
            out.append((panel.template, context))
    return out
