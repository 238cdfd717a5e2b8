"""``model_update``: the one way a service changes an existing row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from .errors import Invalid

M = TypeVar("M", bound=models.Model)


def model_update(
    instance: M, data: Mapping[str, Any], *, fields: Iterable[str], clean: bool = False
) -> tuple[M, list[str]]:
    """Set the ``fields`` present in ``data`` that differ from ``instance``; save only those.

    ``fields`` is what the caller allows to change (keys of ``data`` outside it are ignored, so a
    serializer's extra keys never reach the row). With ``clean=True`` the instance is
    ``full_clean()``-ed first and a failure is :class:`~devzone.domain.errors.Invalid` (400, by
    field). Nothing changed: no query at all. Returns the instance and the changed field names,
    in ``fields`` order. Foreign keys may be given as instances under the field's name.
    """
    changed: list[str] = []
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    if not changed:
        return instance, changed
    if clean:
        try:
            instance.full_clean()
        except ValidationError as exc:
            raise Invalid.from_validation_error(exc) from exc
    update_fields = list(changed)
    if any(getattr(f, "auto_now", False) for f in instance._meta.concrete_fields):
        update_fields += [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
    instance.save(update_fields=sorted(set(update_fields), key=update_fields.index))
    return instance, changed
