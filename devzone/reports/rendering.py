"""Template → PDF with WeasyPrint: Chinese text, CJK fonts, static-only fetching, page furniture.

Every report template extends ``reports/base.html``: ``<html lang="zh-CN">``, the font stack
``"Noto Sans CJK SC"`` (Debian ``fonts-noto-cjk``, found by WeasyPrint through fontconfig) and
page margin boxes carrying the title, the scope, who generated the PDF, when (Asia/Shanghai)
and "第 x 页 / 共 y 页".
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.logger import PROGRESS_LOGGER

from devzone.types import User

from .fetcher import STATIC_BASE, StaticFilesFetcher
from .registry import Report

REPORT_TIME_ZONE = ZoneInfo("Asia/Shanghai")

Progress = Callable[[int], None]


class ParamsInvalid(Exception):
    """A report's parameters did not validate; ``errors`` maps field → Chinese messages."""

    def __init__(self, errors: Mapping[str, Sequence[Any]]) -> None:
        super().__init__("invalid report parameters")
        self.errors = {key: [str(m) for m in msgs] for key, msgs in errors.items()}


class TooLarge(ParamsInvalid):
    """The report's content would take too long to lay out anywhere: refused (400 / failed job)."""

    def __init__(self) -> None:
        super().__init__({"__all__": [_("报表内容过大，无法在限定时间内生成，请缩小筛选范围后重试。")]})


class TooSlowForRequest(Exception):
    """The report is small in rows but its text would take too long to lay out in a request: queue it."""


# WeasyPrint lays out one long unbroken run of text in a table cell in time that grows faster
# than the square of its length (measured: 1 000 characters ≈ 1 s, 4 000 ≈ 17 s, 10 000 ≈ 260 s);
# short runs cost nothing that matters. The estimate below is deliberately on the high side.
LONG_TEXT_RUN = re.compile(r">([^<]{300,})<")


def layout_seconds(html: str) -> float:
    """A pessimistic estimate of the layout time of ``html``'s long text runs, in seconds."""
    return sum((len(run) / 1000) ** 2.5 for run in LONG_TEXT_RUN.findall(html))


def check_size(html: str, budget: float) -> None:
    """Raise ``TooLarge`` beyond the platform's hard bound, ``TooSlowForRequest`` beyond ``budget``."""
    seconds = layout_seconds(html)
    if len(html) > settings.REPORTS_MAX_HTML_CHARS or seconds > settings.REPORTS_MAX_LAYOUT_SECONDS:
        raise TooLarge
    if seconds > budget:
        raise TooSlowForRequest


@dataclass
class Prepared:
    """A report with validated, in-scope parameters, ready to render (or to queue)."""

    report: Report
    user: User
    params: dict[str, Any]  # cleaned
    raw: dict[str, Any]  # the submitted values of the form's fields (stored on a job)
    scope: str
    rows: int

    @property
    def queued(self) -> bool:
        """Large reports run on the ``reports`` queue; small ones are rendered in the request."""
        return self.rows > settings.REPORTS_SYNC_MAX_ROWS


def raw_params(report: Report, data: Mapping[str, Any]) -> dict[str, Any]:
    """Only the report's own parameters, as submitted (JSON-serialisable)."""
    out: dict[str, Any] = {}
    for name in report.params.base_fields:
        if name not in data:
            continue
        values = data.getlist(name) if hasattr(data, "getlist") else data[name]
        if isinstance(values, (list, tuple)):
            values = [str(v) for v in values]
            out[name] = values[0] if len(values) == 1 else values
        else:
            out[name] = str(values)
    return out


def prepare(report: Report, *, user: User, data: Mapping[str, Any]) -> Prepared:
    """Validate the parameters (``ParamsInvalid`` → 400; ``OutOfScope`` → 404) and size the report."""
    raw = raw_params(report, data)
    form = report.params(raw, user=user)
    if not form.is_valid():
        raise ParamsInvalid(form.errors)
    params = form.cleaned_data
    rows = int(report.count(user, params))
    if rows > settings.REPORTS_MAX_ROWS:
        raise ParamsInvalid(
            {
                "__all__": [
                    _("报表共 %(rows)d 行，超过上限 %(max)d 行，请缩小筛选范围。")
                    % {"rows": rows, "max": settings.REPORTS_MAX_ROWS}
                ]
            }
        )
    return Prepared(report, user, params, raw, str(report.scope(user, params)), rows)


def display_name(user: User) -> str:
    if not user.is_authenticated:
        return ""
    return (user.get_full_name() or user.get_username()).strip()


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    return f'"{escaped}"'


def page_counter_css() -> str:
    """``"第 " counter(page) " 页 / 共 " counter(pages) " 页"`` in the active language."""
    template = _("第 %(page)s 页 / 共 %(pages)s 页")
    parts = re.split(r"%\((pages?)\)s", template)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"counter({part})")
        elif part:
            out.append(_css_string(part))
    return " ".join(out)


def base_context(prepared: Prepared, generated_at: datetime) -> dict[str, Any]:
    local = timezone.localtime(generated_at, REPORT_TIME_ZONE)
    return {
        "report": prepared.report,
        "report_title": str(prepared.report.title),
        "report_scope": prepared.scope,
        "report_generator": display_name(prepared.user),
        "report_generated_at": local.strftime("%Y-%m-%d %H:%M"),
        "report_rows": prepared.rows,
        "page_counter_css": page_counter_css(),
        "params": prepared.params,
    }


def render_html(prepared: Prepared, generated_at: datetime | None = None) -> str:
    """The report as one HTML document (chunked reports: every chunk's HTML, joined)."""
    return "".join(render_chunks(prepared, generated_at))


def _chunk_rows(report: Report) -> int:
    return max(1, report.chunk_rows or settings.REPORTS_CHUNK_ROWS)


def render_chunks(prepared: Prepared, generated_at: datetime | None = None) -> list[str]:
    """The report's HTML: one document, or one per ``chunk_rows`` rows when the report names its
    row list (``Report.chunk_key``) and has more rows than that (ADR 0018).

    Each chunk gets ``chunk_index`` (0-based) and ``chunk_continued`` (not the first chunk: the
    base template leaves out the report head, a template its summary) and no page counter in the
    footer — ``stamp_page_numbers`` numbers the assembled pages instead.
    """
    context = dict(prepared.report.context(prepared.user, prepared.params))
    context.update(base_context(prepared, generated_at or timezone.now()))
    key = prepared.report.chunk_key
    size = _chunk_rows(prepared.report)
    rows = list(context[key]) if key else []
    if not key or len(rows) <= size:
        return [render_to_string(prepared.report.template, {**context, **({key: rows} if key else {})})]
    chunks: list[str] = []
    for index, start in enumerate(range(0, len(rows), size)):
        chunk = {**context, key: rows[start : start + size], "chunk_index": index, "chunk_continued": index > 0}
        chunk["page_counter_css"] = "none"
        chunks.append(render_to_string(prepared.report.template, chunk))
    return chunks


def _layout(html: str) -> Any:
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticFilesFetcher()).render()


def html_to_pdf(html: str, target: BinaryIO, *, progress: Progress | None = None, pages_hint: int = 0) -> int:
    """Lay out ``html`` and write the PDF to ``target``; returns the page count."""
    with _layout_progress(progress, pages_hint):
        document = _layout(html)
    pages = len(document.pages)
    if progress:
        progress(92)
    document.write_pdf(target)
    return pages


def _footer_html(sizes: list[tuple[float, float]]) -> str:
    """A document of ``len(sizes)`` empty pages (each the size of the report's page at that
    position) carrying only "第 x 页 / 共 y 页" in the bottom-right margin box of report.css."""
    distinct = sorted(set(sizes))
    named = "".join(
        f"@page s{i} {{ size: {w:.3f}pt {h:.3f}pt; }} .s{i} {{ page: s{i}; }}" for i, (w, h) in enumerate(distinct)
    )
    pages = "".join(f'<div class="p s{distinct.index(size)}"></div>' for size in sizes)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{static("reports/report.css")}">'
        f"<style>@page {{ @bottom-right {{ content: {page_counter_css()}; }} }} {named}"
        ".p { break-after: page; height: 1px; } .p:last-child { break-after: auto; }</style>"
        f"</head><body>{pages}</body></html>"
    )


def stamp_page_numbers(parts: list[BinaryIO], target: BinaryIO) -> int:
    """Concatenate the chunk PDFs ``parts`` into ``target``, numbering every page
    "第 x 页 / 共 y 页" continuously (a footer document laid out by WeasyPrint, in the report's
    font, merged onto each page). Returns the page count."""
    readers = [PdfReader(part) for part in parts]
    pages = [page for reader in readers for page in reader.pages]
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages]
    with tempfile.TemporaryFile() as footer:
        _layout(_footer_html(sizes)).write_pdf(footer)
        footer.seek(0)
        numbers = PdfReader(footer)
        if len(numbers.pages) != len(pages):  # pragma: no cover - a footer page per report page
            raise RuntimeError(f"page numbers laid out {len(numbers.pages)} pages for {len(pages)}")
        writer = PdfWriter()
        for page, number in zip(pages, numbers.pages, strict=True):
            writer.add_page(page).merge_page(number)
        if readers[0].metadata:
            writer.add_metadata({k: v for k, v in readers[0].metadata.items() if isinstance(v, str)})
        writer.compress_identical_objects()
        writer.write(target)
    return len(pages)


def _chunks_to_pdf(chunks: list[str], target: BinaryIO, *, progress: Progress | None) -> int:
    """Lay out each chunk on its own (bounded memory, linear time), then assemble and number."""
    parts: list[BinaryIO] = []
    with contextlib.ExitStack() as files:
        for index, html in enumerate(chunks):
            part = files.enter_context(tempfile.TemporaryFile())
            parts.append(part)
            document = _layout(html)
            document.write_pdf(part)
            part.seek(0)
            del document
            gc.collect()  # the layout of one chunk is garbage before the next one starts
            if progress:
                progress(int(LAYOUT_FROM + (LAYOUT_TO - LAYOUT_FROM) * (index + 1) / len(chunks)))
        return stamp_page_numbers(parts, target)


def render_pdf(
    prepared: Prepared,
    target: BinaryIO,
    *,
    progress: Progress | None = None,
    generated_at: datetime | None = None,
    budget: float | None = None,
) -> int:
    """Render a prepared report to ``target`` (a binary file); returns the page count.

    ``progress`` (0–100) is called as the work advances: rows read, HTML built, each page (or
    chunk) laid out. Before layout the HTML is sized (``check_size``): beyond the platform's
    bound the report is ``TooLarge``; beyond ``budget`` seconds (a request's, when given) it is
    ``TooSlowForRequest``.
    """
    chunks = render_chunks(prepared, generated_at)
    check_size("".join(chunks), settings.REPORTS_MAX_LAYOUT_SECONDS if budget is None else budget)
    if progress:
        progress(30)
    pages_hint = max(1, prepared.rows // max(1, prepared.report.rows_per_page))
    if len(chunks) == 1:
        return html_to_pdf(chunks[0], target, progress=progress, pages_hint=pages_hint)
    return _chunks_to_pdf(chunks, target, progress=progress)


LAYOUT_FROM, LAYOUT_TO = 30, 90


class _LayoutProgress(logging.Handler):
    """Turns WeasyPrint's documented progress log ("Creating layout - Page n") into a percentage."""

    def __init__(self, progress: Progress, pages_hint: int) -> None:
        super().__init__(logging.INFO)
        self.progress = progress
        self.pages_hint = max(1, pages_hint)
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or not str(record.msg).startswith("Step 5 - Creating layout - Page"):
            return
        page = record.args[0] if isinstance(record.args, tuple) and record.args else 0
        if not isinstance(page, int | float):
            return
        share = min(1.0, float(page) / self.pages_hint)
        self.progress(int(LAYOUT_FROM + (LAYOUT_TO - LAYOUT_FROM) * share))


@contextlib.contextmanager
def _layout_progress(progress: Progress | None, pages_hint: int) -> Iterator[None]:
    if progress is None:
        yield
        return
    handler = _LayoutProgress(progress, pages_hint)
    old_level, old_propagate = PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate
    PROGRESS_LOGGER.setLevel(logging.INFO)
    PROGRESS_LOGGER.propagate = False
    PROGRESS_LOGGER.addHandler(handler)
    try:
        yield
    finally:
        PROGRESS_LOGGER.removeHandler(handler)
        if not PROGRESS_LOGGER.handlers:
            PROGRESS_LOGGER.setLevel(old_level)
            PROGRESS_LOGGER.propagate = old_propagate
