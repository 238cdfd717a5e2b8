"""System check: every zone-owned model declares how it reaches its zone (ADR 0009).

A model is zone-owned when a foreign key leads from it to the zone model or to a model that
declares ``zone_path``. Such a model must declare ``zone_path`` itself (``UNSCOPED`` when its
rows are not the zone's, e.g. a membership); a declared path must end at the zone model, and a
declared ``scope_year`` must be a field of the model.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

from .filters import UNSCOPED
from .scope import zone_model


def _is_generated(model: type[Model]) -> bool:
    """simple_history's historical models copy their record's fields, not its declarations."""
    return hasattr(model, "instance_type")


def _follow(model: type[Model], path: str) -> type[Model] | None:
    for name in path.split("__") if path else ():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not field.is_relation or field.related_model is None or field.many_to_many or field.one_to_many:
            return None
        model = field.related_model
    return model


def _reaches_a_zone(model: type[Model], zone: type[Model]) -> str | None:
    for field in model._meta.concrete_fields:
        target = field.related_model if field.many_to_one or field.one_to_one else None
        if target is zone or (target is not None and isinstance(getattr(target, "zone_path", None), str)):
            return field.name
    return None


def check_zone_paths(app_configs: Any = None, **_kwargs: Any) -> list[checks.CheckMessage]:
    zone = zone_model()
    errors: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if _is_generated(model) or model._meta.proxy:
            continue
        declared = getattr(model, "zone_path", None)
        if declared is UNSCOPED:
            continue
        if declared is None:
            via = _reaches_a_zone(model, zone)
            if via is not None:
                errors.append(
                    checks.Error(
                        f"{model._meta.label} reaches a zone through {via!r} but declares no zone_path.",
                        hint='Declare zone_path = "<lookup to the zone>" on the model, or UNSCOPED if its rows '
                        "are not a zone's (ADR 0009).",
                        obj=model,
                        id="tenancy.E001",
                    )
                )
            continue
        if not isinstance(declared, str) or _follow(model, declared) is not zone:
            errors.append(
                checks.Error(
                    f"{model._meta.label}.zone_path = {declared!r} does not lead to {zone._meta.label}.",
                    obj=model,
                    id="tenancy.E002",
                )
            )
        year = getattr(model, "scope_year", None)
        if year is not None and year not in {f.name for f in model._meta.concrete_fields}:
            errors.append(
                checks.Error(f"{model._meta.label}.scope_year = {year!r} is not a field.", obj=model, id="tenancy.E003")
            )
    return errors
