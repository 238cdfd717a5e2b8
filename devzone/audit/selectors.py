"""Reads of the change history: one scoped, filterable, paginated list across registered models.

``change_list(user, filters)`` and ``record_history(user, model, record_id)`` return a lazy
:class:`ChangeList` that Django's ``Paginator`` (pages), DRF's pagination (API) and a plain
``list(...)`` (PDF) all consume. Reading one page costs a fixed number of queries whatever its
length: the count, the page of keys (a UNION over the registered historical tables), and per
record type on the page one query for its versions and one for their predecessors, then one per
related model whose labels are shown (ADR 0102).

Scope (ADR 0101): a row is visible when its zone is one the user holds ``read_history`` on
(``visible_zones``), and — for zones the user reaches only through memberships with a period
(auditors) — when the change was made within one of those periods.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import CharField, F, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.tenancy import visible_zones, zone_model
from devzone.tenancy.roles import READ_HISTORY
from devzone.tenancy.scope import Periods, Window, periods
from devzone.types import User
from devzone.web.templatetags.formatting import amount, number

from . import registry
from .context import ChangePath
from .registry import Registration


class ChangeType(models.TextChoices):
    CREATED = "created", gettext_lazy("新增")
    CHANGED = "changed", gettext_lazy("修改")
    DELETED = "deleted", gettext_lazy("删除")


HISTORY_TYPES: dict[str, str] = {"+": ChangeType.CREATED, "~": ChangeType.CHANGED, "-": ChangeType.DELETED}
HISTORY_CODES: dict[str, str] = {v: k for k, v in HISTORY_TYPES.items()}
BATCH = 500


class HistoryNotFound(Http404):
    """No such record type, or nothing the user may read: shown as 404 (existence not revealed)."""


# --------------------------------------------------------------------------------------------
# Filters


@dataclass(frozen=True)
class HistoryFilters:
    zone: str | None = None  # zone code
    model: str | None = None  # registration key, e.g. "zones.zonearea"
    record_id: int | None = None
    user: str | None = None  # login name, or part of the display name (user_q)
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    year: int | None = None
    change_type: str | None = None  # ChangeType
    path: str | None = None  # ChangePath

    @classmethod
    def of(cls, data: HistoryFilters | Mapping[str, Any] | None) -> HistoryFilters:
        if isinstance(data, HistoryFilters):
            return data
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in (data or {}).items() if k in names and v not in (None, "")})


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day), timezone.get_default_timezone())


def _year_start(year: int | None) -> dt.datetime | None:
    if year is None or not 1 <= year <= 9999:
        return None
    return _day_start(dt.date(year, 1, 1))


def _dates_q(f: HistoryFilters) -> Q:
    q = Q()
    if f.date_from:
        q &= Q(history_date__gte=_day_start(f.date_from))
    if f.date_to:
        q &= Q(history_date__lt=_day_start(f.date_to) + dt.timedelta(days=1))
    if f.year:
        start, end = _year_start(f.year), _year_start(f.year + 1)
        if start:
            q &= Q(history_date__gte=start)
        if end:
            q &= Q(history_date__lt=end)
    return q


# --------------------------------------------------------------------------------------------
# Scope


def _in_period(window: Window) -> Q:
    """A change made within the years of a period-bound membership."""
    q = Q()
    start, end = _year_start(window.first), _year_start(window.last + 1) if window.last else None
    if start:
        q &= Q(history_date__gte=start)
    if end:
        q &= Q(history_date__lt=end)
    return q


@dataclass(frozen=True)
class HistoryScope:
    """Which historical rows a user may read, as a ``Q`` on any registered historical model."""

    everything: bool = False
    zones: QuerySet | None = None  # pks of zones with read_history (None: nothing)
    periods: Periods = field(default_factory=Periods)

    def q(self, lookup: str) -> Q:
        if self.everything:
            return Q()
        if self.zones is None:
            raise ValueError("an empty scope has no rows to select")
        # A zone reached through an unbounded membership (or a direct grant) shows all its
        # history; a zone reached only through period-bound memberships shows the changes made
        # within those periods (devzone.tenancy.scope.Periods, as for records with a year).
        return Q(**{f"{lookup}__in": self.zones}) & self.periods.q(lookup, _in_period)


def history_scope(user: User) -> HistoryScope:
    """The rows ``user`` may read: zones with ``read_history``, cut to membership periods."""
    if user is None or not user.is_authenticated or not user.is_active:
        return HistoryScope()
    if user.is_superuser:
        return HistoryScope(everything=True)
    return HistoryScope(zones=visible_zones(user, READ_HISTORY).values("pk"), periods=periods(user, READ_HISTORY))


# --------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: Any  # stored value, JSON-compatible (choice code, foreign key id, decimal as string)
    after: Any
    before_display: str  # what a person reads: choice label, related record's name
    after_display: str


@dataclass(frozen=True)
class ChangeRow:
    id: str  # "<model>:<history id>": unique across record types
    history_id: int
    model: str
    model_name: str
    record_id: Any
    record_label: str
    zone_id: int | None
    zone_code: str | None
    zone_name: str | None
    change_type: str
    change_type_display: str
    changed_at: dt.datetime
    user_id: int | None
    username: str | None
    user_display: str | None
    path: str
    path_display: str
    changes: list[FieldChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _raw(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class _Labels:
    """Labels of related records, fetched in one query per related model."""

    def __init__(self) -> None:
        self.wanted: dict[tuple[type[Model], str], set[Any]] = defaultdict(set)
        self.found: dict[tuple[type[Model], Any], str] = {}

    def want(self, f: models.Field, value: Any) -> None:
        if isinstance(f, models.ForeignKey) and value is not None:  # the relations a row stores
            self.wanted[(f.related_model, f.target_field.attname)].add(value)

    def load(self) -> None:
        for (model, attname), values in self.wanted.items():
            reg = registry.for_model(model)
            qs = model._base_manager.filter(**{f"{attname}__in": values}).order_by()
            if reg is not None:
                qs = qs.select_related(*reg.related)
            label = reg.label if reg is not None else str
            if model is get_user_model():
                label = _person  # 录入人 / 操作人 as the table names them: the display name
            for obj in qs:
                self.found[(model, getattr(obj, attname))] = label(obj)

    def display(self, f: models.Field, value: Any) -> str:
        if _empty(value):
            return "—"
        if isinstance(f, models.ForeignKey):
            return self.found.get((f.related_model, value), f"#{value}")
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, dt.datetime):
            return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        if isinstance(value, Decimal) and isinstance(f, models.DecimalField):
            # money to its 2 places with separators; a finer scale (km², indicator values) exact
            # without the stored trailing zeros (ADR 0028)
            places = f.decimal_places or 0
            return amount(value, places) if places <= 2 else number(value, places)
        return str(value)


def _person(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def _pairs(reg: Registration, version: Any, previous: Any | None) -> list[tuple[models.Field, Any, Any]]:
    """(field, before, after) for each field the change touched."""
    out = []
    for f in reg.fields():
        after = getattr(version, f.attname)
        if version.history_type == "+":
            if not _empty(after):
                out.append((f, None, after))
        elif version.history_type == "-":
            if not _empty(after):
                out.append((f, after, None))
        elif previous is None:  # history begins with a change: the earlier value is unknown
            out.append((f, None, after))
        else:
            before = getattr(previous, f.attname)
            if before != after:
                out.append((f, before, after))
    return out


def _build(keys: list[dict[str, Any]]) -> list[ChangeRow]:
    """Turn a page of (model, history id) keys into rows, with a fixed number of queries."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        wanted[key["k_model"]].append(key["k_hid"])
    versions: dict[tuple[str, int], tuple[Registration, Any, list[tuple[models.Field, Any, Any]]]] = {}
    labels = _Labels()
    zone_ids: set[int] = set()
    for model_key, hids in wanted.items():
        reg = registry.get(model_key)
        if reg is None:
            continue
        manager = reg.history_model._default_manager
        pk = reg.record_id_field
        earlier = (
            manager.filter(**{pk: OuterRef(pk)})
            .filter(
                Q(history_date__lt=OuterRef("history_date"))
                | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        rows = list(
            manager.filter(history_id__in=hids)
            .select_related("history_user", *reg.related)
            .annotate(prev_hid=Subquery(earlier), zone_ref=F(reg.zone_lookup))
        )
        prev_ids = [r.prev_hid for r in rows if r.prev_hid]
        previous = {p.pk: p for p in manager.filter(history_id__in=prev_ids)} if prev_ids else {}
        for row in rows:
            pairs = _pairs(reg, row, previous.get(row.prev_hid))
            for f, before, after in pairs:
                labels.want(f, before)
                labels.want(f, after)
            if row.zone_ref is not None:
                zone_ids.add(row.zone_ref)
            versions[(model_key, row.history_id)] = (reg, row, pairs)
    labels.load()
    zones = {
        pk: (code, name)
        for pk, code, name in zone_model()
        ._base_manager.filter(pk__in=zone_ids)
        .order_by()
        .values_list("pk", "code", "name")
    }
    paths = dict(ChangePath.choices)
    out = []
    for key in keys:
        found = versions.get((key["k_model"], key["k_hid"]))
        if found is None:
            continue
        reg, row, pairs = found
        user = row.history_user
        kind = HISTORY_TYPES[row.history_type]
        code, name = zones.get(row.zone_ref, (None, None))
        out.append(
            ChangeRow(
                id=f"{reg.key}:{row.history_id}",
                history_id=row.history_id,
                model=reg.key,
                model_name=reg.verbose_name,
                record_id=getattr(row, reg.record_id_field),
                record_label=reg.label(row),
                zone_id=row.zone_ref,
                zone_code=code,
                zone_name=name,
                change_type=str(kind),
                change_type_display=str(ChangeType(kind).label),
                changed_at=row.history_date,
                user_id=user.pk if user else None,
                username=user.get_username() if user else None,
                user_display=(user.get_full_name() or user.get_username()) if user else None,
                path=row.change_path,
                path_display=str(paths.get(row.change_path, row.change_path)),
                changes=[
                    FieldChange(
                        field=f.name,
                        label=str(f.verbose_name),
                        before=_raw(before),
                        after=_raw(after),
                        before_display=labels.display(f, before),
                        after_display=labels.display(f, after),
                    )
                    for f, before, after in pairs
                ],
            )
        )
    return out


ORDER = ("-k_date", "k_model", "-k_hid")


class ChangeList:
    """A lazy, sliceable change list: ``count()``, ``[a:b]`` (one page) and iteration in batches.

    ``parts`` are the per-model key querysets. A page ``[a:b]`` is the UNION of the parts,
    newest first; where the database allows ordering and limits inside a UNION (PostgreSQL),
    each part is cut to its newest ``b`` rows first, so a page never sorts the whole history.
    """

    def __init__(self, parts: list[QuerySet]) -> None:
        self._parts = parts
        self._count: int | None = None

    def _union(self, stop: int | None = None) -> QuerySet:
        parts = self._parts
        if stop is not None and len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
            parts = [p.order_by("-k_date", "-k_hid")[:stop] for p in parts]
        keys = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return keys.order_by(*ORDER)

    def count(self) -> int:
        if self._count is None:
            self._count = self._union().count() if self._parts else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            if not self._parts:
                return []
            if index.step not in (None, 1) or (index.start or 0) < 0 or (index.stop is not None and index.stop < 0):
                raise ValueError("a change list is sliced forwards only")
            if index.stop is not None and index.stop <= (index.start or 0):
                return []
            return _build(list(self._union(index.stop)[index]))
        rows = self[index : index + 1]
        if not rows:
            raise IndexError(index)
        return rows[0]

    def __iter__(self) -> Iterator[ChangeRow]:
        start = 0
        while True:
            rows = self[start : start + BATCH]
            yield from rows
            if len(rows) < BATCH:
                return
            start += BATCH


def user_q(text: str) -> Q:
    """The operator filter: the login name exactly, or any part of the name the tables show
    (``get_full_name``: first and last name), case-insensitive — "省委编办审核员" finds the
    reviewer whose login is ``province_staff``. Needs the ``k_user_name`` alias."""
    text = text.strip()
    return (
        Q(history_user__username__iexact=text)
        | Q(history_user__first_name__icontains=text)
        | Q(history_user__last_name__icontains=text)
        | Q(k_user_name__icontains=text)
    )


def _component(reg: Registration, scope: HistoryScope, f: HistoryFilters, zone_pk: int | None) -> QuerySet:
    qs = reg.history_model._default_manager.filter(scope.q(reg.zone_lookup))
    if zone_pk is not None:
        qs = qs.filter(**{reg.zone_lookup: zone_pk})
    if f.record_id is not None:
        qs = qs.filter(**{reg.record_id_field: f.record_id})
    if f.user:
        qs = qs.alias(
            k_user_name=Concat(
                F("history_user__first_name"), Value(" "), F("history_user__last_name"), output_field=CharField()
            )
        ).filter(user_q(f.user))
    if f.change_type:
        qs = qs.filter(history_type=HISTORY_CODES[f.change_type])
    if f.path:
        qs = qs.filter(change_path=f.path)
    qs = qs.filter(_dates_q(f))
    return (
        qs.order_by()
        .annotate(k_model=Value(reg.key, output_field=CharField()), k_hid=F("history_id"), k_date=F("history_date"))
        .values("k_model", "k_hid", "k_date")
    )


def change_list(user: User, filters: HistoryFilters | Mapping[str, Any] | None = None) -> ChangeList:
    """Every change ``user`` may read across the registered record types, newest first.

    Raises :class:`HistoryNotFound` for a zone filter outside the user's history scope or an
    unknown record type.
    """
    f = HistoryFilters.of(filters)
    if f.change_type and f.change_type not in HISTORY_CODES:
        raise ValueError(f"unknown change type {f.change_type!r}")
    regs = registry.registrations()
    if f.model:
        reg = registry.get(f.model)
        if reg is None:
            raise HistoryNotFound(_("没有这种记录类型。"))
        regs = [reg]
    zone_pk = None
    if f.zone:
        zone_pk = (
            visible_zones(user, READ_HISTORY).filter(code=f.zone).order_by("pk").values_list("pk", flat=True).first()
        )
        if zone_pk is None:
            raise HistoryNotFound(_("未找到该开发区。"))
    scope = history_scope(user)
    if not scope.everything and scope.zones is None:
        return ChangeList([])
    return ChangeList([_component(reg, scope, f, zone_pk) for reg in regs])


def record_history(
    user: User, model: str, record_id: Any, filters: HistoryFilters | Mapping[str, Any] | None = None
) -> ChangeList:
    """One record's changes (including its deletion) that ``user`` may read; 404 when none."""
    f = HistoryFilters.of(filters)
    whole = change_list(user, {"model": model, "record_id": record_id})
    if not whole.count():
        raise HistoryNotFound(_("未找到该记录的变更记录。"))
    narrowed = HistoryFilters(**{**f.__dict__, "zone": None, "model": model, "record_id": record_id})
    return whole if narrowed == HistoryFilters(model=model, record_id=record_id) else change_list(user, narrowed)
