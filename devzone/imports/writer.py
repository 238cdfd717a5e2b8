"""Workbooks out: the blank template, an export, and the row-by-row error report.

Template and export share one layout — the importer's columns, in order, with the same
headers, drop-downs for choice columns and an instructions sheet — so an export is a filled
template and re-imports unchanged. Everything is written in openpyxl's write-only mode, and
text is always written as text: a value starting with "=" never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from . import limits
from .base import Importer
from .cells import safe_text
from .columns import ChoiceColumn, Column, RegionColumn

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADER_FILL = PatternFill("solid", fgColor="DDE7F5")
HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="B91C1C")
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(sheet: Any, value: Any, **style: Any) -> Cell:
    if isinstance(value, str):
        value = safe_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, even when it starts with "="
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _data_sheet(workbook: Workbook, importer: type[Importer], with_hints: bool) -> Any:
    sheet = workbook.create_sheet(str(importer.sheet_title))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(importer.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    _add_dropdowns(workbook, sheet, importer)
    header = []
    for column in importer.columns:
        cell = _cell(
            sheet, str(column.header), font=REQUIRED_FONT if column.required else HEADER_FONT, fill=HEADER_FILL
        )
        if with_hints:
            note = _("必填。") if column.required else _("选填。")
            cell.comment = Comment(safe_text(note + column.describe()), "devzone", width=300, height=120)
        header.append(cell)
    sheet.append(header)
    return sheet


def _add_dropdowns(workbook: Workbook, sheet: Any, importer: type[Importer]) -> None:
    choice_columns = [(i, c) for i, c in enumerate(importer.columns, start=1) if isinstance(c, ChoiceColumn)]
    if not choice_columns:
        return
    options = workbook.create_sheet(_("选项"))
    options.sheet_state = "hidden"
    lists = [c.options() for _i, c in choice_columns]
    options.append([_cell(options, str(c.header)) for _i, c in choice_columns])
    for depth in range(max(len(values) for values in lists)):
        options.append([_cell(options, values[depth]) if depth < len(values) else None for values in lists])
    last_row = limits.max_rows() + 1
    for position, (index, column) in enumerate(choice_columns, start=1):
        letter = get_column_letter(position)
        source = f"{quote_sheetname(options.title)}!${letter}$2:${letter}${len(column.options()) + 1}"
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle=safe_text(str(column.header)),
            error=safe_text(_("请从下拉列表中选择。")),
        )
        target = get_column_letter(index)
        validation.add(f"{target}2:{target}{last_row}")
        sheet.data_validations.append(validation)


def _instructions(workbook: Workbook, importer: type[Importer]) -> None:
    sheet = workbook.create_sheet(_("填写说明"))
    for letter, width in zip("ABCD", (24, 10, 12, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([_cell(sheet, _("%(title)s导入说明") % {"title": importer.title}, font=Font(bold=True, size=14))])
    notes = [
        _("第一行是表头，请勿修改列名；从第二行起每行一条记录。列的顺序可以调整，选填的列可以删除。"),
        _("“%(key)s”相同的行会更新已有记录，否则新增；重复导入同一文件不会产生任何变化。")
        % {"key": "、".join(str(importer.column_of(k).header) for k in importer.natural_key)},
        _("整个文件先全部校验：只要有一处错误，就不导入任何数据，并提供逐行的错误报告下载。"),
        _("不要合并单元格，不要使用公式（请粘贴为数值），日期请使用日期格式而非文本。空行会被跳过。"),
        _("一次最多导入 %(rows)d 行。") % {"rows": limits.max_rows()},
    ]
    for note in notes:
        sheet.append([_cell(sheet, "• " + note)])
    sheet.append([])
    sheet.append(
        [_cell(sheet, text, font=HEADER_FONT, fill=HEADER_FILL) for text in (_("列"), _("必填"), _("类型"), _("说明"))]
    )
    for column in importer.columns:
        sheet.append(
            [
                _cell(sheet, str(column.header)),
                _cell(sheet, _("是") if column.required else _("否")),
                _cell(sheet, str(column.kind_label)),
                _cell(sheet, column.describe(), alignment=WRAP),
            ]
        )


def _regions(workbook: Workbook, importer: type[Importer]) -> None:
    region_columns = [c for c in importer.columns if isinstance(c, RegionColumn)]
    if not region_columns:
        return
    sheet = workbook.create_sheet(_("区划代码"))
    for letter, width in zip("ABCD", (12, 20, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(
        [
            _cell(sheet, text, font=HEADER_FONT, fill=HEADER_FILL)
            for text in (_("代码"), _("名称"), _("层级"), _("上级"))
        ]
    )
    seen: set[str] = set()
    for column in region_columns:
        if column.level in seen:
            continue
        seen.add(column.level)
        for code, name, parent in column.reference():
            sheet.append(
                [_cell(sheet, code), _cell(sheet, name), _cell(sheet, column.level_label()), _cell(sheet, parent)]
            )


def template(importer: type[Importer]) -> bytes:
    """A blank workbook to fill in: headers, drop-downs, instructions, region codes."""
    workbook = Workbook(write_only=True)
    _data_sheet(workbook, importer, with_hints=True)
    _instructions(workbook, importer)
    _regions(workbook, importer)
    return _save(workbook)


def export(importer: type[Importer], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """The list as a filled template: same columns, same order, same headers."""
    workbook = Workbook(write_only=True)
    sheet = _data_sheet(workbook, importer, with_hints=False)
    for row in rows:
        sheet.append([_cell(sheet, _export_value(column, row.get(column.key))) for column in importer.columns])
    _instructions(workbook, importer)
    _regions(workbook, importer)
    return _save(workbook)


def _export_value(column: Column, value: Any) -> Any:
    return column.to_cell(value)


def error_report(run: Any) -> bytes:
    """行号 / 列 / 值 / 错误说明, one line per problem, for the user to fix their file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("错误报告"))
    for letter, width in zip("ABCD", (8, 24, 30, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append(
        [
            _cell(sheet, text, font=HEADER_FONT, fill=HEADER_FILL)
            for text in (_("行号"), _("列"), _("值"), _("错误说明"))
        ]
    )
    for item in run.errors:
        sheet.append(
            [
                _cell(sheet, item.get("row")),
                _cell(sheet, item.get("column") or ""),
                _cell(sheet, item.get("value") or ""),
                _cell(sheet, item.get("message") or "", alignment=WRAP),
            ]
        )
    about = workbook.create_sheet(_("说明"))
    about.column_dimensions["A"].width = 100
    when = timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M")
    about.append(
        [
            _cell(
                about,
                _("文件“%(file)s”（%(when)s 上传）共 %(n)d 处错误，未导入任何数据。")
                % {"file": run.file_name, "when": when, "n": run.error_count},
                font=Font(bold=True),
            )
        ]
    )
    about.append([_cell(about, _("请按“错误报告”工作表逐行改正原文件后重新导入；行号是原文件中的 Excel 行号。"))])
    if run.error_count > len(run.errors):
        about.append(
            [
                _cell(
                    about,
                    _("另有 %(n)d 处错误未列出：请先改正已列出的错误后重新导入。")
                    % {"n": run.error_count - len(run.errors)},
                )
            ]
        )
    return _save(workbook)
