"""Running an import: read the file, check every row, then apply all of it or none of it.

``start_import`` reads the upload (file-level problems end the run at once) and keeps the rows
on an :class:`ImportRun`; small files are processed in the request, big ones by a Celery worker
(``IMPORT_ASYNC_ROWS``). ``process_run`` checks every row — cell types, required values,
duplicates within the file, lookups, then the importer's own checks against the database and
the user's scope — and only if no row has a problem applies every change in one transaction,
recorded in the history as coming through the "import" path, by the uploader (ADR 0121/0123).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from devzone.audit.context import ChangePath, change_path
from devzone.inbox.services import in_portal_language, notify
from devzone.types import User

from . import limits, registry, writer
from .base import CREATE, UNCHANGED, UPDATE, BatchRefused, Importer, ImportPlan, Problems, Row
from .cells import CONTROL_CHARACTERS, ErrorValue, Formula, decode, is_blank
from .columns import CellError
from .models import ACTIVE_STATES, ImportRun, RunState
from .reader import FileProblem, read_sheet

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)


class _Rollback(Exception):
    """Leave the import transaction, undoing every change made in it."""


def importer_for(name: str, user: User | None) -> Importer:
    """The importer called ``name`` for ``user`` (``LookupError`` if there is none)."""
    return registry.get(name)(user)


def start_import(*, user: User, importer_name: str, fileobj: IO[bytes], file_name: str) -> ImportRun:
    """Read an upload and import it (now, or queued for a worker when it is big).

    Raises ``LookupError`` for an unknown importer and ``PermissionDenied`` when the user may
    not import into this list at all; every other problem ends up on the returned run.
    """
    importer = importer_for(importer_name, user)
    if not user.is_authenticated or not importer.permitted():
        raise PermissionDenied(importer.not_permitted_message())
    run = ImportRun(
        user=user,
        importer=importer_name,
        file_name=(file_name or "upload.xlsx")[-255:],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    try:
        sheet = read_sheet(fileobj, type(importer))
    except FileProblem as problem:
        run.state = RunState.REJECTED
        run.detail = "\n".join(problem.messages)
        run.finished_at = timezone.now()
        run.save()
        return run
    run.total_rows = len(sheet.rows)
    run.skipped_blank = sheet.skipped_blank
    run.payload = sheet.to_payload()
    run.save()
    if run.total_rows > limits.async_rows() and not settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(lambda: _enqueue(run.pk))
        run.refresh_from_db()
        return run
    return process_run(run_id=run.pk)


def _enqueue(run_id: int) -> None:
    from .tasks import process_import

    try:
        process_import.delay(run_id)
    except Exception:  # the broker is down: say so on the run instead of failing the request
        logger.exception("could not queue import run %s", run_id)
        ImportRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
            state=RunState.FAILED,
            detail=_("后台任务队列暂时不可用，未导入任何数据。请稍后重新上传。"),
            payload=None,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


def _claim(run_id: int) -> bool:
    """Take a queued run (or one whose worker died) for processing; False if someone has it."""
    now = timezone.now()
    claimable = Q(state=RunState.QUEUED) | Q(state__in=ACTIVE_STATES, updated_at__lt=now - STALE_AFTER)
    return bool(
        ImportRun.objects.filter(claimable, pk=run_id, payload__isnull=False).update(
            state=RunState.VALIDATING, progress=0, updated_at=now
        )
    )


def process_run(*, run_id: int, tell: bool = False) -> ImportRun:
    """Check and apply a queued run; idempotent (a finished run is left alone). ``tell``: the
    uploader hears of the outcome in the inbox (a worker's run; a run done in the request is
    seen at once)."""
    if not _claim(run_id):
        return ImportRun.objects.get(pk=run_id)
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    with translation.override(run.language):
        try:
            _process(run)
        except Exception:  # a bug must not leave the run hanging nor reach the user as a 500
            logger.exception("import run %s failed", run.pk)
            run.state = RunState.FAILED
            run.detail = _("导入时发生内部错误，未导入任何数据。请联系管理员。")
        run.payload = None
        run.finished_at = timezone.now()
        run.save()
    if tell:
        _tell(run)
    return run


@in_portal_language
def _tell(run: ImportRun) -> None:
    if run.user_id is None:
        return
    applied = run.state == RunState.APPLIED
    title = (_("“%(file)s”已导入") if applied else _("“%(file)s”未导入：%(state)s")) % {
        "file": run.file_name,
        "state": run.get_state_display(),
    }
    notify(
        [run.user_id],
        kind="import.finished" if applied else "import.rejected",
        title=title,
        url=reverse("imports:run", args=[run.pk]),
        obj=run,
    )


def _process(run: ImportRun) -> None:
    importer = importer_for(run.importer, run.user)
    if run.user is None or not run.user.is_active or not importer.permitted():
        run.state = RunState.REJECTED
        run.detail = importer.not_permitted_message()
        return
    problems = Problems(type(importer), limits.max_reported_errors())
    progress = Progress(run)
    rows = parse_rows(importer, run.payload or {}, problems, progress)
    check_duplicates(importer, rows, problems)
    resolve_lookups(importer, rows, problems)
    clean = [row for row in rows if row.number not in problems.rows]
    importer.prepare(clean)
    plans: list[ImportPlan] = []
    for row in clean:
        plan = importer.plan(row, problems)
        if plan is not None and row.number not in problems.rows:
            plans.append(plan)
    if problems:
        _reject(run, problems)
        return
    _apply(run, importer, plans, problems)


def parse_rows(importer: Importer, payload: Mapping[str, Any], problems: Problems, progress: Progress) -> list[Row]:
    """Cells → typed values, column by column; every cell problem is reported."""
    keys = [key for _index, key in payload.get("columns", [])]
    columns = {key: importer.column_of(key) for key in keys}
    rows: list[Row] = []
    for done, item in enumerate(payload.get("rows", []), start=1):
        raw = {key: decode(value) for key, value in item["c"].items()}
        row = Row(number=item["n"], values=dict.fromkeys(keys), raw=raw)
        for key, column in columns.items():
            value = raw.get(key)
            if is_blank(value):
                if column.required:
                    problems.add(row, key, _("必填，不能为空。"))
                continue
            message = _cell_problem(value)
            if message:
                problems.add(row, key, message)
                continue
            try:
                row.values[key] = column.parse(value)
            except CellError as error:
                problems.add(row, key, error.message)
        for letter, value in item.get("x", []):
            problems.add(
                row,
                None,
                _("这一列没有表头，其中的数据无法导入。请补上表头或删除这一列的内容。"),
                value=decode(value),
                column=_("%(letter)s 列（无表头）") % {"letter": letter},
            )
        rows.append(row)
        progress.tick(done)
    return rows


def _cell_problem(value: Any) -> str | None:
    if isinstance(value, Formula):
        return _("单元格是公式（%(formula)s）。请复制后用“选择性粘贴 → 数值”替换公式再导入。") % {"formula": value.text}
    if isinstance(value, ErrorValue):
        return _("单元格显示错误值 %(code)s，请改正。") % {"code": value.code}
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        return _("含有不可见的控制字符，请删除后重新输入。")
    return None


def check_duplicates(importer: Importer, rows: list[Row], problems: Problems) -> None:
    """The natural key, and every ``unique`` column, appear once in the file."""
    key_columns = importer.natural_key
    first: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = tuple(row.values.get(k) for k in key_columns)
        if any(v is None for v in key):
            continue
        if key in first:
            problems.add(
                row,
                key_columns[0],
                _("与第 %(first)d 行重复：同一“%(what)s”在一个文件中只能出现一次。")
                % {"first": first[key], "what": "、".join(str(importer.column_of(k).header) for k in key_columns)},
            )
        else:
            first[key] = row.number
    for column in importer.columns:
        if not column.unique or (column.key,) == tuple(key_columns):
            continue
        seen: dict[Any, int] = {}
        for row in rows:
            value = row.values.get(column.key)
            if value is None:
                continue
            if value in seen:
                problems.add(
                    row,
                    column.key,
                    _("与第 %(first)d 行的“%(what)s”重复。") % {"first": seen[value], "what": column.header},
                )
            else:
                seen[value] = row.number


def resolve_lookups(importer: Importer, rows: list[Row], problems: Problems) -> None:
    """Columns naming database records (regions…) are looked up once for the whole file."""
    for column in importer.columns:
        if not column.needs_lookup:
            continue
        wanted = {row.values[column.key] for row in rows if row.values.get(column.key) is not None}
        if not wanted:
            continue
        found = column.resolve(wanted)
        for row in rows:
            value = row.values.get(column.key)
            if value is None:
                continue
            if value in found:
                row.values[column.key] = found[value]
            else:
                problems.add(row, column.key, column.resolved_error(value))


def _reject(run: ImportRun, problems: Problems) -> None:
    run.state = RunState.REJECTED
    run.error_count = problems.count
    run.errors = [p.as_dict() for p in problems.items]
    run.created_count = run.updated_count = run.unchanged_count = 0
    run.detail = ngettext(
        "文件中有 %(n)d 处错误，未导入任何数据。请下载错误报告，改正后重新导入。",
        "文件中有 %(n)d 处错误，未导入任何数据。请下载错误报告，改正后重新导入。",
        problems.count,
    ) % {"n": problems.count}


def _apply(run: ImportRun, importer: Importer, plans: list[ImportPlan], problems: Problems) -> None:
    run.state = RunState.APPLYING
    run.progress = 0
    run.save(update_fields=["state", "progress", "updated_at"])
    progress = Progress(run, writing=True)
    try:
        with transaction.atomic(), change_path(ChangePath.IMPORT, user=run.user):
            if importer.applies_in_batches:
                _apply_batches(importer, plans, problems, progress)
            else:
                for done, plan in enumerate(plans, start=1):
                    if plan.action != UNCHANGED:
                        _apply_one(importer, plan, problems)
                    progress.tick(done)
    except _Rollback:
        _reject(run, problems)
        return
    finally:
        progress.close()
    run.state = RunState.APPLIED
    run.progress = len(plans)
    run.created_count = sum(1 for p in plans if p.action == CREATE)
    run.updated_count = sum(1 for p in plans if p.action == UPDATE)
    run.unchanged_count = sum(1 for p in plans if p.action == UNCHANGED)
    run.detail = _("导入完成：新增 %(created)d 条，更新 %(updated)d 条，未变 %(unchanged)d 条。") % {
        "created": run.created_count,
        "updated": run.updated_count,
        "unchanged": run.unchanged_count,
    }


def _apply_batches(importer: Importer, plans: list[ImportPlan], problems: Problems, progress: Progress) -> None:
    """Write the changing plans ``IMPORT_BATCH_ROWS`` at a time through the importer's bulk writer."""
    size = limits.batch_rows()
    for start in range(0, len(plans), size):
        batch = plans[start : start + size]
        changing = [plan for plan in batch if plan.action != UNCHANGED]
        if changing:
            try:
                importer.apply_batch(changing)
            except BatchRefused as refused:
                problems.add_validation_error(refused.plan.row, refused.error, importer)
                raise _Rollback from refused
            except IntegrityError as error:
                problems.add(changing[0].row, None, _("与其他人同时提交的数据冲突，请重新导入。"))
                raise _Rollback from error
        progress.tick_to(start + len(batch))


def _apply_one(importer: Importer, plan: ImportPlan, problems: Problems) -> None:
    """Apply one plan; a service refusing it (a race since checking) undoes the whole file."""
    try:
        importer.apply(plan)
    except ValidationError as error:
        problems.add_validation_error(plan.row, error, importer)
        raise _Rollback from error
    except PermissionDenied as error:
        problems.add(plan.row, None, str(error) or _("您无权执行此操作。"))
        raise _Rollback from error
    except IntegrityError as error:
        problems.add(plan.row, None, _("与其他人同时提交的数据冲突，请重新导入。"))
        raise _Rollback from error


class Progress:
    """Rows done, on the run, for the progress bar.

    While checking, the count is saved on the run directly. While writing, the changes sit in
    an open transaction, invisible to the page that polls; on PostgreSQL the count is then
    written through a second, autocommitting connection so that it can be seen (the run row is
    never touched inside the import transaction, so the two never wait on each other).
    """

    def __init__(self, run: ImportRun, *, writing: bool = False) -> None:
        self.run_id = run.pk
        self.step = max(25, run.total_rows // 50)
        self.writing = writing
        self.side: Any = None

    def tick(self, done: int) -> None:
        if done % self.step:
            return
        self.tick_to(done)

    def tick_to(self, done: int) -> None:
        """Report ``done`` rows now (after a batch: one write per batch)."""
        now = timezone.now()
        if not self.writing:
            ImportRun.objects.filter(pk=self.run_id).update(progress=done, updated_at=now)
            return
        if connection.vendor != "postgresql":
            return
        if self.side is None:
            main = connections[DEFAULT_DB_ALIAS]
            self.side = type(main)(dict(main.settings_dict), alias="imports_progress")
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportRun._meta.db_table} SET progress = %s, updated_at = %s WHERE id = %s",  # noqa: S608
                [done, now, self.run_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def error_report(run: ImportRun) -> tuple[bytes, str]:
    """The run's error report workbook and its file name, in the uploader's language."""
    with translation.override(run.language):
        return writer.error_report(run), _("导入错误报告-%(id)d.xlsx") % {"id": run.pk}


def template(importer_name: str) -> tuple[bytes, str]:
    importer = registry.get(importer_name)
    return writer.template(importer), _("%(title)s导入模板.xlsx") % {"title": importer.title}


def export(*, user: User, importer_name: str, params: Mapping[str, Any]) -> tuple[bytes, str]:
    """The list as the user sees it (scoped, filtered) in the import layout.

    ``ValidationError`` for invalid filter parameters.
    """
    importer = importer_for(importer_name, user)
    rows = list(importer.export_rows(params))  # invalid filters fail here, before a workbook is begun
    content = writer.export(type(importer), rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return content, _("%(title)s-%(stamp)s.xlsx") % {"title": importer.title, "stamp": stamp}
