"""What a domain app writes to get an Excel import and export: an :class:`Importer` subclass.

The app declares its columns (Chinese headers, types), its natural key, and three steps:

* :meth:`Importer.prepare` loads, in bulk, what checking the rows needs (existing records, scope);
* :meth:`Importer.plan` checks one row against the database and the user's scope and says what
  it would do — create, update (with the changes) or nothing — reporting every problem;
* :meth:`Importer.apply` carries one plan out through the app's services.

The framework (:mod:`devzone.imports.services`) parses cells, checks required values, duplicate
natural keys and unique columns within the file, resolves lookups in bulk, and applies all plans
in one transaction only when no row has a problem (ADR 0121). ``export_rows`` feeds the export,
which writes the same columns in the same order, so an export re-imports unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from devzone.types import User

from .cells import display
from .columns import Column, Label, in_every_language

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"


@dataclass
class Row:
    """One data row: ``values`` holds parsed values for the columns the file has (``None``: blank)."""

    number: int
    values: dict[str, Any]
    raw: dict[str, Any]

    def given(self, key: str) -> bool:
        """Does the file have this column at all? (A missing optional column changes nothing.)"""
        return key in self.values

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value


@dataclass
class ImportPlan:
    """What applying a row will do. ``changes`` is whatever the importer's ``apply`` needs."""

    row: Row
    action: str
    target: Any = None
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Problem:
    row: int | None
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


class Problems:
    """Every problem found in a file, row by row; only the first ``limit`` are kept for the report."""

    def __init__(self, importer: type[Importer], limit: int) -> None:
        self.importer = importer
        self.limit = limit
        self.items: list[Problem] = []
        self.count = 0
        self.rows: set[int] = set()

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, row: Row | None, key: str | None, message: str, value: Any = None, column: str | None = None) -> None:
        """Record a problem in ``row`` (``None``: the file) and column ``key`` (``None``: the row)."""
        declared = self.importer.column(key) if key else None
        if value is None and row is not None and key:
            value = row.raw.get(key)
        if column is None:
            column = str(declared.header) if declared is not None else ""
        self.count += 1
        if row is not None:
            self.rows.add(row.number)
        if len(self.items) < self.limit:
            self.items.append(
                Problem(
                    row=row.number if row is not None else None,
                    column=column,
                    value=display(value),
                    message=str(message),
                )
            )

    def add_validation_error(self, row: Row, error: ValidationError, importer: Importer) -> None:
        """A model/service ``ValidationError``: each field's messages go to its column."""
        if hasattr(error, "error_dict"):
            for field_name, messages in error.message_dict.items():
                key = importer.column_for_field(field_name)
                for message in messages:
                    self.add(row, key, message)
        else:
            for message in error.messages:
                self.add(row, None, message)


class BatchRefused(Exception):
    """A batch cannot be written (a race since checking): the file is undone, ``plan``'s row says why."""

    def __init__(self, plan: ImportPlan, error: ValidationError) -> None:
        super().__init__(str(error))
        self.plan = plan
        self.error = error


class Importer:
    """Base for one importable/exportable list. Subclass in ``<app>/imports.py`` and register it."""

    #: URL segment, e.g. ``zones`` → ``/api/v1/imports/zones/``.
    name: ClassVar[str]
    #: What the list is, for pages and file names, e.g. _("开发区").
    title: ClassVar[Label]
    columns: ClassVar[Sequence[Column]]
    #: Column keys that identify a record across imports (re-import = update, not duplicate).
    natural_key: ClassVar[tuple[str, ...]]
    #: Title of the data sheet in templates and exports (an upload may use any first sheet).
    sheet_title: ClassVar[Label]
    #: Templates may be handed the class itself: show its attributes, do not instantiate it.
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(self, user: User | None) -> None:
        self.user = user

    # -- declarations ------------------------------------------------------------------------
    @classmethod
    def column(cls, key: str) -> Column | None:
        return next((c for c in cls.columns if c.key == key), None)

    @classmethod
    def column_of(cls, key: str) -> Column:
        """The column ``key`` that the importer is known to have (``KeyError`` otherwise)."""
        column = cls.column(key)
        if column is None:
            raise KeyError(f"{cls.__name__} has no column {key!r}")
        return column

    @classmethod
    def sheet_titles(cls) -> set[str]:
        return in_every_language(cls.sheet_title)

    def column_for_field(self, field_name: str) -> str | None:
        """Which column a model field's validation error belongs to (None: the whole row)."""
        return field_name if self.column(field_name) is not None else None

    # -- the steps an app implements -------------------------------------------------------
    def permitted(self) -> bool:
        """May this user import into this list at all? (Scope per row is checked in ``plan``.)"""
        raise NotImplementedError

    def prepare(self, rows: list[Row]) -> None:
        """Load in bulk what checking ``rows`` needs (called once, before ``plan``)."""

    def plan(self, row: Row, problems: Problems) -> ImportPlan | None:
        """Check one row (report problems with ``problems.add``) and say what applying it does."""
        raise NotImplementedError

    def apply(self, plan: ImportPlan) -> None:
        """Carry out one create/update plan through the app's services (inside the transaction)."""
        raise NotImplementedError

    def apply_one(self, plan: ImportPlan) -> None:
        """``apply`` inside a batch: a service refusing the row undoes the file (``BatchRefused``)."""
        try:
            self.apply(plan)
        except ValidationError as error:
            raise BatchRefused(plan, error) from error
        except PermissionDenied as error:
            raise BatchRefused(plan, ValidationError(str(error) or _("您无权执行此操作。"))) from error

    #: An importer that writes in bulk sets this and implements :meth:`apply_batch`.
    applies_in_batches: ClassVar[bool] = False

    def apply_batch(self, plans: Sequence[ImportPlan]) -> None:
        """Carry out a batch of create/update plans at a constant number of queries (issue 9).

        Everything checking needs was loaded in ``prepare`` and every row passed ``plan``, with
        the user's scope checked once for the file; write with ``bulk_create``/``bulk_update``
        and their history rows (``devzone.imports.bulk``). Raise ``BatchRefused`` to undo the
        whole file with a problem on one row.
        """
        raise NotImplementedError

    def export_rows(self, params: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
        """The rows of the list as the user sees it (scoped, filtered by ``params``), key → value.

        Raise ``ValidationError`` for invalid filter parameters.
        """
        raise NotImplementedError

    def not_permitted_message(self) -> str:
        return _("您无权导入%(title)s数据。") % {"title": self.title}
