"""Which historical models auditors may browse, and how each leads to its zone.

A domain app declares its browsable history in its own ``history.py`` (discovered by
``AuditConfig.ready()``, like ``admin.py``)::

    from devzone.audit.registry import register
    from .models import Zone, ZoneArea

    register(Zone)
    register(ZoneArea, label=area_label, related=("zone",))

The lookup from the model to its zone is the model's own ``zone_path`` declaration ("" for the
zone model itself; ADR 0009): registering a model that does not declare it fails. It is
applied to the *historical* rows, so a direct foreign key to the zone keeps a deleted record's
history in scope (the zone id is copied onto every historical row); a longer path (``area__zone``)
joins live tables and loses deleted records' history from scoped views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Field, Model
from simple_history.utils import get_history_model_for_model

from devzone.tenancy.scope import zone_path


def _default_label(model: type[Model]) -> Callable[[Any], str]:
    pk = model._meta.pk.attname
    names = {f.name for f in model._meta.concrete_fields}

    def label(obj: Any) -> str:
        name = getattr(obj, "name", "") if "name" in names else ""
        if name:
            return str(name)
        return f"{model._meta.verbose_name} #{getattr(obj, pk)}"

    return label


@dataclass(frozen=True)
class Registration:
    model: type[Model]
    zone_path: str
    # Label of one version of a record; called on historical rows and on live instances, must
    # not query (declare what it follows in ``related``, loaded with select_related).
    label: Callable[[Any], str]
    related: tuple[str, ...] = ()
    exclude: frozenset[str] = field(default_factory=frozenset)
    # A structured field (a JSON document) read part by part: ``structured[field](before, after)``
    # returns ``[{"label", "before", "after", "ops"}]`` — only the parts that changed, labelled
    # in the reader's language, ``ops`` a ``[(equal|delete|insert, text)]`` diff (may be empty).
    # Pure: called while rendering, must not query.
    structured: Mapping[str, Callable[[Any, Any], list[dict[str, Any]]]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """``app_label.modelname``: the record type in URLs, filters and API rows."""
        return self.model._meta.label_lower

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def history_model(self) -> type[Model]:
        return get_history_model_for_model(self.model)

    @property
    def record_id_field(self) -> str:
        return self.model._meta.pk.attname

    @property
    def zone_lookup(self) -> str:
        """The lookup from a historical row to its zone's primary key."""
        return self.zone_path or self.record_id_field

    def fields(self) -> list[Field]:
        """The tracked fields shown in a change, in model order."""
        # simple_history sets ``tracked_fields`` on the historical model it generates.
        tracked = {f.name for f in self.history_model.tracked_fields}  # type: ignore[attr-defined]
        return [
            f
            for f in self.model._meta.concrete_fields
            if f.name in tracked and f.name not in self.exclude and not f.primary_key
        ]


_registry: dict[str, Registration] = {}


def register(
    model: type[Model],
    *,
    label: Callable[[Any], str] | None = None,
    related: Iterable[str] = (),
    exclude: Iterable[str] = (),
    structured: Mapping[str, Callable[[Any, Any], list[dict[str, Any]]]] | None = None,
) -> Registration:
    """Declare ``model``'s change history browsable by those who may read its zone's history."""
    if not hasattr(model._meta, "simple_history_manager_attribute"):
        raise TypeError(f"{model._meta.label} keeps no history: declare `history = audit_history()` on it")
    reg = Registration(
        model=model,
        zone_path=zone_path(model),
        label=label or _default_label(model),
        related=tuple(related),
        exclude=frozenset(exclude),
        structured=dict(structured or {}),
    )
    _registry[reg.key] = reg
    return reg


def registrations() -> list[Registration]:
    return sorted(_registry.values(), key=lambda r: r.key)


def get(key: str) -> Registration | None:
    return _registry.get(key)


def for_model(model: type[Model]) -> Registration | None:
    return _registry.get(model._meta.label_lower)
