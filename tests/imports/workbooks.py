"""Build .xlsx files in memory for the import tests (no binary fixtures in the repository)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

ZONE_HEADERS = [
    "代码",
    "名称",
    "类型",
    "级别",
    "所在市",
    "所在县(市、区)",
    "管理模式",
    "目录核准面积(平方公里)",
    "规划面积(平方公里)",
    "实控面积(平方公里)",
]


def xlsx(rows: Iterable[Sequence[Any]], *, title: str = "开发区", merge: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zone_row(code: str, name: str, city: str = "210800", county: str = "", **extra: Any) -> list[Any]:
    row = {
        "kind": "省级经济开发区",
        "level": "省级",
        "model": "管委会+公司",
        "catalogue": None,
        "planned": None,
        "controlled": None,
    }
    row.update(extra)
    return [
        code,
        name,
        row["kind"],
        row["level"],
        city,
        county,
        row["model"],
        row["catalogue"],
        row["planned"],
        row["controlled"],
    ]


def upload(content: bytes, name: str = "开发区.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def read(content: bytes, sheet: str | int = 0) -> list[list[Any]]:
    """The values of a workbook's sheet (by title or position), row by row."""
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook[sheet] if isinstance(sheet, str) else workbook.worksheets[sheet]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def response_bytes(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
