"""Policy rule sets in one place (ADR 0033): every app's rule set — the numbers the seeds set as
defaults (plan checks, contract terms and publicity days, evaluation periods, revenue-sharing
rewards, the assessment's coefficients and the 5× cap) — listed at ``/rules/``, each row with
its change history (who, when, before → after), and edited in the browser by the province
admin instead of the Django admin.

An app registers its model from ``AppConfig.ready()``::

    register_rule_set(StaffingRuleSet, fields=("contract_term_years", ...), order=30)

``after_change(row, changed)`` runs in the edit's transaction (e.g. to owe a recompute). An app
with its own editing page (assessment: weights checked together, versions) passes ``page``, a URL
name taking ``?year=``; the list links there instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.domain import NotAllowed, NotFound, model_update
from devzone.tenancy.roles import Role
from devzone.tenancy.scope import has_role
from devzone.types import User

AfterChange = Callable[[Any, list[str]], None]


@dataclass(frozen=True)
class RuleSetType:
    model: type[Model]
    fields: tuple[str, ...]
    order: int = 100
    after_change: AfterChange | None = None
    page: str | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def app(self) -> str:
        from django.apps import apps

        return str(apps.get_app_config(self.model._meta.app_label).verbose_name)


_registry: dict[str, RuleSetType] = {}


def register_rule_set(
    model: type[Model],
    *,
    fields: Iterable[str] = (),
    order: int = 100,
    after_change: AfterChange | None = None,
    page: str | None = None,
) -> RuleSetType:
    names = {f.name for f in model._meta.concrete_fields}
    missing = [f for f in (*fields, "effective_year") if f not in names]
    if missing:
        raise TypeError(f"{model._meta.label} has no field(s) {missing}")
    if not hasattr(model._meta, "simple_history_manager_attribute"):
        raise TypeError(f"{model._meta.label} keeps no history: a rule set's changes must be on record")
    reg = RuleSetType(model=model, fields=tuple(fields), order=order, after_change=after_change, page=page)
    _registry[reg.key] = reg
    return reg


def rule_set_types() -> list[RuleSetType]:
    return sorted(_registry.values(), key=lambda r: (r.order, r.key))


def get_type(key: str) -> RuleSetType:
    found = _registry.get(key)
    if found is None:
        raise NotFound()
    return found


def may_edit(user: User | None) -> bool:
    return has_role(user, Role.PROVINCE_ADMIN)


@dataclass
class FieldChange:
    label: str
    before: Any
    after: Any


@dataclass
class Version:
    when: Any
    who: str
    kind: str  # "+" created, "~" changed
    changes: list[FieldChange]


def shown_fields(reg: RuleSetType) -> list[Any]:
    """The fields a reader sees: every concrete field but the key (the editable ones included)."""
    return [f for f in reg.model._meta.concrete_fields if not f.primary_key]


def versions(reg: RuleSetType, row: Model, limit: int = 50) -> list[Version]:
    """The row's recorded versions, newest first, each with what it changed (two queries)."""
    history = list(row.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])  # type: ignore[attr-defined]
    fields = shown_fields(reg)
    out = []
    for i, version in enumerate(history[:limit]):
        previous = history[i + 1] if i + 1 < len(history) else None
        changes = [
            FieldChange(str(f.verbose_name), display(f, previous), display(f, version))
            for f in fields
            if previous is None or getattr(previous, f.attname) != getattr(version, f.attname)
        ]
        if previous is not None and not changes:
            continue
        user = version.history_user
        who = (user.get_full_name() or user.username) if user is not None else _("系统")
        out.append(Version(version.history_date, who, version.history_type, changes if previous else []))
    return out


def display(field: Any, version: Any) -> Any:
    if version is None:
        return None
    value = getattr(version, field.attname)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _ensure_baseline(row: Model) -> None:
    """A rule set shipped by a migration has no history row (historical models write none): record
    its figures as they stand before the first edit, so that edit reads "before → after"."""
    manager = getattr(row, row._meta.simple_history_manager_attribute)  # type: ignore[attr-defined]
    if manager.exists():
        return
    values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    manager.model.objects.create(history_type="+", history_date=timezone.now(), **values)


@transaction.atomic
def update_rule_row(*, user: User, reg: RuleSetType, row: Model, data: dict[str, Any]) -> tuple[Model, list[str]]:
    """The province admin changes a rule set's figures; the change is on record (history) and the
    app's ``after_change`` runs in the same transaction."""
    if not may_edit(user):
        raise NotAllowed(_("只有省级管理员可以修改规则。"))
    if not reg.fields or reg.page:
        raise NotAllowed(_("该规则在其所属页面修改。"))
    locked = reg.model._default_manager.select_for_update().get(pk=row.pk)
    _ensure_baseline(locked)
    locked, changed = model_update(locked, data, fields=reg.fields, clean=True)
    if changed and reg.after_change is not None:
        reg.after_change(locked, changed)
    return locked, changed
