"""Through which path a change is made (page, API, import, task), for the change history."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangePath(models.TextChoices):
    PAGE = "page", _("页面")
    API = "api", _("接口")
    IMPORT = "import", _("导入")
    TASK = "task", _("后台任务")
    COMMAND = "command", _("运维命令")


_path: contextvars.ContextVar[str] = contextvars.ContextVar("devzone_change_path", default=ChangePath.COMMAND)


def current_path() -> str:
    return _path.get()


@contextmanager
def change_path(path: str) -> Iterator[None]:
    token = _path.set(path)
    try:
        yield
    finally:
        _path.reset(token)
