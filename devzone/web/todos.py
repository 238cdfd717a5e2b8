"""The 待办 registry: what a person must act on now, gathered from every app (ADR 0021).

An app registers a provider from its ``AppConfig.ready()`` (or a module it imports there)::

    from devzone.web.todos import Todo, register_todos

    def plan_todos(user):
        return [Todo(title="…", url="/plans/12/", due=None, kind="plans.review") for plan in …]

    register_todos("plans", plan_todos)

A provider takes the user and returns a list of :class:`Todo` — only what that user may act on,
through the app's scoped selectors, in a fixed number of queries whatever the number of items.
The home page shows them all, the overdue and soonest due first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Todo:
    title: str | Promise
    url: str
    # The day it must be done by (None: no deadline); past it, the item is overdue.
    due: date | None = None
    # What sort of item ("plans.review", "powers.evaluation"): a CSS class and a test hook.
    kind: str = ""
    # A short line under the title (the zone, the state it is in).
    detail: str | Promise = ""

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


Provider = Callable[[Any], list[Todo]]
_providers: dict[str, Provider] = {}


def register_todos(name: str, provider: Provider) -> None:
    """Register (or replace) the provider ``name``: ``provider(user) -> list[Todo]``."""
    _providers[name] = provider


def todos_for(user: Any) -> list[Todo]:
    """Every registered provider's items for ``user``: dated ones first, soonest due first."""
    if not user.is_authenticated:
        return []
    items: list[Todo] = []
    for name in sorted(_providers):
        items.extend(_providers[name](user))
    return sorted(items, key=lambda t: (t.due is None, t.due or date.max))
