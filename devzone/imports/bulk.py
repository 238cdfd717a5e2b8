"""Bulk writes for importers that apply in batches, with their change history (issue 9).

``bulk_create``/``bulk_update`` send no ``save`` signals, so the history rows are written here
with django-simple-history's bulk helpers, stamped with the path and the user the way
``devzone.audit.signals`` stamps a single save (``change_path`` "import", the uploader).

Nor do other apps' ``post_save`` receivers run (e.g. assessment owing a recompute when a plot's
figures or a delegation change): each bulk write sends :data:`bulk_written` once, with every
row it wrote, so a receiver can record the same debts at a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Model
from django.dispatch import Signal
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from devzone.audit.context import current_path, current_user

#: Sent after each bulk write, inside the import's transaction: ``sender`` the model, ``objs``
#: the rows written (primary keys set), ``created`` whether they were inserted or updated.
bulk_written = Signal()


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
    written = list(bulk_create_with_history(list(objs), model, **_stamp()))
    bulk_written.send(sender=model, objs=written, created=True)
    return written


def update(model: type[Model], objs: Sequence[Model], fields: Sequence[str]) -> None:
    """Write ``fields`` of ``objs`` and one "changed" history row each."""
    if not objs:
        return
    objs = list(objs)
    with transaction.atomic(savepoint=False):
        if fields:
            update_rows(model, objs, fields)
        get_history_manager_for_model(model).bulk_history_create(objs, update=True, **_stamp())
    bulk_written.send(sender=model, objs=objs, created=False)


#: Rows per ``UPDATE … FROM (VALUES …)`` statement (PostgreSQL's 65 535 parameters: 1 000 rows
#: of up to 64 fields).
UPDATE_ROWS = 1000


def update_rows(model: type[Model], objs: Sequence[Model], fields: Sequence[str]) -> None:
    """``UPDATE`` ``fields`` of ``objs`` by primary key, in one statement per ``UPDATE_ROWS``.

    Django's ``bulk_update`` writes ``CASE WHEN pk = … THEN …`` per row and field: compiling it
    costs ~6 ms of CPU a row (issue 9: 65 of the 72 s of a 10 000-plot import). On PostgreSQL
    this joins a ``VALUES`` list instead, each value prepared by its field as ``save`` would
    (``get_db_prep_save``) and cast to the column's type. Other databases use ``bulk_update``.
    """
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._base_manager.using(alias).bulk_update(objs, list(fields))
        return
    meta = model._meta
    pk: Any = meta.pk
    columns: list[Any] = [pk, *(meta.get_field(name) for name in fields)]
    quote = connection.ops.quote_name
    casts = [f"%s::{field.db_type(connection)}" for field in columns]
    row_sql = "(" + ", ".join(casts) + ")"
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in columns[1:])
    names = ", ".join(quote(field.column) for field in columns)
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), UPDATE_ROWS):
            chunk = objs[start : start + UPDATE_ROWS]
            params: list[Any] = []
            for obj in chunk:
                for field in columns:
                    params.append(field.get_db_prep_save(getattr(obj, field.attname), connection=connection))
            sql = (
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row_sql] * len(chunk))})"  # noqa: S608
                f" AS v({names}) WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}"
            )
            cursor.execute(sql, params)
