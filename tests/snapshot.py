"""A byte-for-byte snapshot of the seeded test database, restored instead of a flush.

Transactional, live-server and real-worker tests commit, so pytest-django flushes every table
when they end; the next test asking for ``demo`` used to run ``seed_demo`` again (seconds each
once staffing, finance and assessment seeded too). The demo is instead seeded once per test
database and copied out with ``COPY ... TO STDOUT (FORMAT binary)``; restoring is one
``TRUNCATE`` of every table, one ``COPY ... FROM STDIN`` per table and the sequences set back,
in one transaction (Django's foreign keys are deferrable, so the table order does not matter).
The rows, primary keys and sequence positions are exactly those of the first seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from psycopg import sql


@dataclass
class Snapshot:
    tables: dict[str, bytes] = field(default_factory=dict)
    sequences: dict[str, int | None] = field(default_factory=dict)


_snapshot: Snapshot | None = None

# Written by migrations only and not emptied by ``flush``.
KEPT = {"django_migrations"}


def _tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [name for (name,) in cursor.fetchall() if name not in KEPT]


def take() -> None:
    """Copy every table and sequence of the (seeded, committed) test database into memory."""
    global _snapshot
    if connection.vendor != "postgresql":
        return
    snap = Snapshot()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's cursor, for COPY
        for table in _tables(cursor):
            with raw.copy(sql.SQL("COPY {} TO STDOUT (FORMAT binary)").format(sql.Identifier(table))) as copy:
                snap.tables[table] = b"".join(bytes(chunk) for chunk in copy)
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()")
        snap.sequences = dict(cursor.fetchall())
    _snapshot = snap


def restore() -> bool:
    """Put the snapshot back (after a flush); False when there is none to restore."""
    if _snapshot is None or connection.vendor != "postgresql":
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        tables = _tables(cursor)
        # DELETE, not TRUNCATE: for a few thousand rows it is many times faster (TRUNCATE makes
        # and syncs new files for each of ~150 tables); the deferred foreign keys are checked at commit.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        raw = cursor.cursor
        for table in tables:
            raw.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        for table, data in _snapshot.tables.items():
            if data:
                with raw.copy(sql.SQL("COPY {} FROM STDIN (FORMAT binary)").format(sql.Identifier(table))) as copy:
                    copy.write(data)
        for sequence, value in _snapshot.sequences.items():
            if value is None:
                cursor.execute("SELECT setval(quote_ident(%s), 1, false)", [sequence])
            else:
                cursor.execute("SELECT setval(quote_ident(%s), %s, true)", [sequence, value])
    cache.clear()  # per-process marks keyed by primary keys (e.g. the lapsed-membership check)
    return True
