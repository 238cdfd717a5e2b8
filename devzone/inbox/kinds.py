"""The kinds of notification and their labels: each app registers its own (ADR 0021)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_kinds: dict[str, str | Promise] = {
    "report.ready": _("报表已生成"),
    "report.failed": _("报表生成失败"),
    "import.finished": _("导入已完成"),
    "import.rejected": _("导入未通过"),
}


def register_kind(kind: str, label: str | Promise) -> None:
    """Name a kind of message (``"staffing.offer_accepted"``) for the inbox's filter and badges."""
    _kinds[kind] = label


def label(kind: str) -> str | Promise:
    return _kinds.get(kind, kind)


def choices() -> list[tuple[str, str | Promise]]:
    return sorted(_kinds.items())
