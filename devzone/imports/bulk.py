"""Bulk writes for importers that apply in batches, with their change history (issue 9).

``bulk_create``/``bulk_update`` send no ``save`` signals, so the history rows are written here
with django-simple-history's bulk helpers, stamped with the path and the user the way
``devzone.audit.signals`` stamps a single save (``change_path`` "import", the uploader).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from devzone.audit.context import current_path, current_user


def _stamp() -> dict[str, Any]:
    user = current_user()
    return {
        "default_user": user if user is not None and getattr(user, "is_authenticated", False) else None,
        "custom_historical_attrs": {"change_path": current_path()},
    }


def create(model: type[Model], objs: Sequence[Model]) -> list[Model]:
    """Insert ``objs`` (primary keys set on return) and one "created" history row each."""
    if not objs:
        return []
    return list(bulk_create_with_history(list(objs), model, **_stamp()))


def update(model: type[Model], objs: Sequence[Model], fields: Sequence[str]) -> None:
    """Write ``fields`` of ``objs`` and one "changed" history row each."""
    if objs:
        bulk_update_with_history(list(objs), model, list(fields), **_stamp())
