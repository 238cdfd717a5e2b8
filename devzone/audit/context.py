"""Through which path a change is made (page, API, import, task), and by whom, for the change history.

A request gets its path from :class:`~devzone.audit.middleware.ChangePathMiddleware` and its user
from django-simple-history's ``HistoryRequestMiddleware``. Work outside a request (a Celery task,
an import, a management command) says both itself::

    with change_path(ChangePath.TASK, user=acting_user):
        services.do_something(...)
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.types import User


class ChangePath(models.TextChoices):
    PAGE = "page", _("页面")
    API = "api", _("接口")
    IMPORT = "import", _("导入")
    TASK = "task", _("后台任务")
    COMMAND = "command", _("运维命令")


_path: contextvars.ContextVar[str] = contextvars.ContextVar("devzone_change_path", default=ChangePath.COMMAND)
_user: contextvars.ContextVar[Any] = contextvars.ContextVar("devzone_change_user", default=None)


def current_path() -> str:
    return _path.get()


def current_user() -> Any:
    """The user a task or import acts for (``None``: take the request's user, if any)."""
    return _user.get()


@contextmanager
def change_path(path: str, *, user: User | None = None) -> Iterator[None]:
    """Changes made inside are recorded as coming through ``path``, made by ``user`` when given."""
    path_token = _path.set(path)
    user_token = _user.set(user) if user is not None else None
    try:
        yield
    finally:
        if user_token is not None:
            _user.reset(user_token)
        _path.reset(path_token)
