"""Open an uploaded workbook and take its rows out, refusing bad files with a Chinese message.

Checks, cheapest first, so that a bad file costs little: size; that the bytes are an .xlsx
(a zip with a workbook inside — not an old .xls, a PDF, a CSV or a Word file renamed); the
unpacked size (zip bombs); that openpyxl can open it; merged cells (scanned from the sheet's
XML without loading it); the header row. Rows are then streamed in openpyxl's read-only mode
and counted as they come: a file with more data rows than ``IMPORT_MAX_ROWS`` is refused as
soon as the limit is passed, without reading the rest. Blank rows are skipped wherever they
are (ADR 0122). Cell types are not judged here: that is the columns' job, row by row.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from . import limits
from .cells import ErrorValue, Formula, encode, is_blank
from .columns import normalise_header

if TYPE_CHECKING:
    from .base import Importer

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


class FileProblem(Exception):
    """The file as a whole cannot be imported; ``messages`` say why (nothing was read)."""

    def __init__(self, *messages: str) -> None:
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass
class SheetData:
    """What a workbook holds for an importer: encoded cell values per data row (JSON-ready)."""

    sheet: str
    columns: list[tuple[int, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    skipped_blank: int = 0

    def to_payload(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "columns": self.columns, "rows": self.rows, "skipped_blank": self.skipped_blank}


def _size(fileobj: IO[bytes]) -> int:
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def check_container(fileobj: IO[bytes]) -> zipfile.ZipFile:
    """The bytes are an .xlsx workbook of acceptable size, or :class:`FileProblem`."""
    size = _size(fileobj)
    if size == 0:
        raise FileProblem(_("文件是空的。"))
    if size > limits.max_bytes():
        raise FileProblem(
            _("文件过大（%(size)s MB），导入文件不能超过 %(limit)s MB。请拆分后分批导入。")
            % {"size": _mb(size), "limit": _mb(limits.max_bytes())}
        )
    head = fileobj.read(512)
    fileobj.seek(0)
    if head.startswith(OLE_MAGIC):
        raise FileProblem(
            _("这是旧版 Excel(.xls) 文件或设置了打开密码的文件。请在 Excel 中“另存为”.xlsx 格式（不设密码）后再导入。")
        )
    if head.startswith(b"%PDF"):
        raise FileProblem(_("这是 PDF 文件，不是 Excel 文件。请上传 .xlsx 格式的 Excel 文件。"))
    if not head.startswith(ZIP_MAGIC):
        if _looks_like_text(head):
            raise FileProblem(
                _("这不是 Excel 文件：内容是纯文本（如 CSV 或 TXT），可能只是改了扩展名。")
                + _("请在 Excel 中另存为 .xlsx 后再导入。")
            )
        raise FileProblem(_("这不是 Excel(.xlsx) 文件，可能只是改了扩展名。请上传 .xlsx 格式的 Excel 文件。"))
    try:
        archive = zipfile.ZipFile(fileobj)
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem(_("文件已损坏，无法作为 Excel(.xlsx) 文件打开。")) from exc
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise FileProblem(_("这是 Word 文档，不是 Excel 文件。请上传 .xlsx 格式的 Excel 文件。"))
        if "mimetype" in names or "content.xml" in names:
            raise FileProblem(_("这是 WPS/OpenOffice 的 ODS 等格式的文件。请另存为 .xlsx 格式后再导入。"))
        raise FileProblem(_("这是一个压缩包，但不是 Excel 工作簿。请上传 .xlsx 格式的 Excel 文件。"))
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limits.max_unpacked_bytes():
        raise FileProblem(
            _("文件解压后过大（%(size)s MB，上限 %(limit)s MB）。请删除无关的工作表和格式，或拆分后分批导入。")
            % {"size": _mb(unpacked), "limit": _mb(limits.max_unpacked_bytes())}
        )
    fileobj.seek(0)
    return archive


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\r\n\t" for ch in text[:-4])
    return False


def merged_ranges(archive: zipfile.ZipFile, member: str) -> list[str]:
    """Merged ranges of a worksheet, scanned from its XML in chunks (never loaded whole)."""
    found: list[str] = []
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            last_end = 0
            for match in MERGE_RE.finditer(data):
                found.append(match.group(1).decode("ascii"))
                last_end = match.end()
            tail = data[max(last_end, len(data) - 512) :]
    return found


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return None
    kind = getattr(cell, "data_type", None)
    if kind == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        text = value if isinstance(value, str) else (getattr(value, "text", None) or "=")
        return Formula(str(text))
    if kind == "e":
        return ErrorValue(str(value))
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def read_sheet(fileobj: IO[bytes], importer: type[Importer]) -> SheetData:
    """The data rows of the importer's sheet, or :class:`FileProblem`."""
    archive = check_container(fileobj)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook; none may become a 500
        raise FileProblem(_("无法读取该 Excel 文件：文件已损坏或不是有效的 .xlsx 工作簿。")) from exc
    try:
        return _read(workbook, archive, importer)
    except FileProblem:
        raise
    except Exception as exc:  # malformed sheet XML surfaces only while streaming rows
        raise FileProblem(_("读取工作表时出错：文件已损坏或不是有效的 .xlsx 工作簿。")) from exc
    finally:
        workbook.close()
        archive.close()


def _pick_sheet(workbook: Any, importer: type[Importer]) -> Any:
    sheets = workbook.worksheets
    if not sheets:
        raise FileProblem(_("工作簿中没有工作表。"))
    titles = {str(t) for t in importer.sheet_titles()}
    for sheet in sheets:
        if sheet.title in titles:
            return sheet
    return sheets[0]


def _read(workbook: Any, archive: zipfile.ZipFile, importer: type[Importer]) -> SheetData:
    sheet = _pick_sheet(workbook, importer)
    merged = merged_ranges(archive, sheet._worksheet_path)
    if merged:
        shown = "、".join(merged[:5]) + ("…" if len(merged) > 5 else "")
        raise FileProblem(
            _("工作表“%(sheet)s”中有合并单元格（%(ranges)s）。请取消合并，让每个单元格各填各的值后再导入。")
            % {"sheet": sheet.title, "ranges": shown}
        )
    sheet.reset_dimensions()  # trust the cells, not the (often wrong or missing) dimension tag
    rows = enumerate(sheet.iter_rows(), start=1)
    header_row: tuple[Any, ...] | None = None
    for number, cells in rows:
        if any(not is_blank(c.value) for c in cells):
            header_row = cells
            header_number = number
            break
    if header_row is None:
        raise FileProblem(
            _("工作表“%(sheet)s”是空的。第一行应为表头：%(headers)s。")
            % {"sheet": sheet.title, "headers": "、".join(str(c.header) for c in importer.columns)}
        )
    columns = match_headers([c.value for c in header_row], importer, header_number)
    data = SheetData(sheet=sheet.title, columns=sorted(columns.items()))
    limit = limits.max_rows()
    pending_blank = 0
    for number, cells in rows:
        values: dict[str, Any] = {}
        stray: list[list[Any]] = []
        for index, cell in enumerate(cells, start=1):
            value = _cell_value(cell)
            if is_blank(value):
                continue
            if index in columns:
                values[columns[index]] = encode(value)
            else:
                stray.append([get_column_letter(index), encode(value)])
        if not values and not stray:
            pending_blank += 1
            continue
        data.skipped_blank += pending_blank
        pending_blank = 0
        if len(data.rows) >= limit:
            raise FileProblem(
                _("数据行超过上限：一次最多导入 %(limit)d 行。请把文件拆分成几个较小的文件分批导入。")
                % {"limit": limit}
            )
        row: dict[str, Any] = {"n": number, "c": values}
        if stray:
            row["x"] = stray
        data.rows.append(row)
    if not data.rows:
        raise FileProblem(_("文件中只有表头，没有数据行。"))
    return data


def match_headers(header_cells: list[Any], importer: type[Importer], row_number: int) -> dict[int, str]:
    """Column index → column key, or :class:`FileProblem` listing what is wrong, in Chinese."""
    lookup: dict[str, str] = {}
    for column in importer.columns:
        for text in column.headers():
            lookup[text] = column.key
    found: dict[int, str] = {}
    seen: dict[str, list[int]] = {}
    unknown: list[str] = []
    for index, value in enumerate(header_cells, start=1):
        if is_blank(value):
            continue
        key = lookup.get(normalise_header(value))
        letter = get_column_letter(index)
        if key is None:
            unknown.append(_("%(letter)s 列“%(header)s”") % {"letter": letter, "header": str(value).strip()})
            continue
        seen.setdefault(key, []).append(index)
        found[index] = key
    problems: list[str] = []
    by_key = {c.key: c for c in importer.columns}
    missing = [str(c.header) for c in importer.columns if c.required and c.key not in seen]
    if missing:
        problems.append(_("缺少必填的列：%(columns)s。") % {"columns": "、".join(missing)})
    duplicated = [
        _("“%(header)s”（%(letters)s 列）")
        % {"header": by_key[key].header, "letters": "、".join(get_column_letter(i) for i in indexes)}
        for key, indexes in seen.items()
        if len(indexes) > 1
    ]
    if duplicated:
        problems.append(_("列名重复：%(columns)s。每一列只能出现一次。") % {"columns": "；".join(duplicated)})
    if unknown:
        problems.append(_("无法识别的列：%(columns)s。") % {"columns": "、".join(unknown)})
    if problems:
        expected = "、".join(str(c.header) for c in importer.columns)
        problems.append(
            _("第 %(row)d 行应为表头，可用的列为：%(expected)s（可从“下载模板”获取）。")
            % {"row": row_number, "expected": expected}
        )
        raise FileProblem(*problems)
    return found
