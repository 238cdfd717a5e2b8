"""The domain error family: what a service raises when it refuses.

Services raise these and nothing web-shaped; the API exception handler
(``devzone.api.exceptions``) and the pages (``devzone.domain.pages``) turn them into the
API.md error shape or a form error / status page. ``status_code`` is the HTTP status both use.

* :class:`Invalid` (400) — input that breaks a rule, by field: ``{field: [messages]}``. It *is*
  a Django ``ValidationError``, so ``except ValidationError`` and ``message_dict`` keep working
  and ``full_clean()`` errors and service errors are handled alike.
* :class:`NotAllowed` (403) — the user may see the object but not do this to it. It *is* a
  Django ``PermissionDenied``, so an uncaught one is Django's 403 page.
* :class:`NotFound` (404) — the object does not exist or is outside the user's scope (existence
  is not revealed). It *is* an ``Http404``.
* :class:`Conflict` (409) — the object's state does not allow the action; carries the moves
  that are allowed from that state (``allowed``) and the state itself, for clients and pages.

Messages are Chinese source strings through gettext, like every user-facing string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

NON_FIELD = "non_field_errors"

Message = str | Promise


class DomainError(Exception):
    """Base class: a service refused. ``detail`` is the sentence a person reads."""

    status_code: ClassVar[int] = 400
    default_detail: ClassVar[Message] = _("操作无法完成。")

    def __init__(self, detail: Message | None = None) -> None:
        self.detail = str(detail if detail is not None else self.default_detail)
        super().__init__(self.detail)

    def __str__(self) -> str:
        return self.detail


class Conflict(DomainError):
    """409: the object is not in a state that allows the action.

    ``allowed`` names the actions that *are* allowed from ``state`` (a workflow's move names),
    so a client or a page can offer them; both are optional.
    """

    status_code = 409
    default_detail = _("当前状态不允许此操作。")

    def __init__(self, detail: Message | None = None, *, state: str = "", allowed: Iterable[str] = ()) -> None:
        super().__init__(detail)
        self.state = state
        self.allowed: tuple[str, ...] = tuple(allowed)


class NotAllowed(DomainError, PermissionDenied):
    """403: the user may not do this to an object in their scope."""

    status_code = 403
    default_detail = _("您无权执行此操作。")


class NotFound(DomainError, Http404):
    """404: no such object, or not in the user's scope."""

    status_code = 404
    default_detail = _("未找到。")


class Invalid(DomainError, ValidationError):
    """400 with messages by field: ``Invalid({"to_status": [_("…")]})``.

    A plain message (``Invalid(_("…"))``) is a non-field error. ``errors`` is the
    ``{field: [str, …]}`` the API returns; ``detail`` is ``输入有误：<first message>``.
    """

    status_code = 400

    def __init__(self, errors: Mapping[str, Iterable[Message] | Message] | Message) -> None:
        if isinstance(errors, Mapping):
            normalised = {
                key: [str(m) for m in ([value] if isinstance(value, (str, Promise)) else value)]
                for key, value in errors.items()
            }
        else:
            normalised = {NON_FIELD: [str(errors)]}
        ValidationError.__init__(self, normalised)
        self.errors: dict[str, list[str]] = normalised
        first = next((msgs[0] for msgs in normalised.values() if msgs), gettext("输入有误。"))
        self.detail = gettext("输入有误：%(first)s") % {"first": first}
        Exception.__init__(self, self.detail)

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> Invalid:
        """The same errors as a Django ``ValidationError`` (e.g. from ``full_clean()``)."""
        if isinstance(exc, Invalid):
            return exc
        if hasattr(exc, "error_dict"):
            return cls(exc.message_dict)
        return cls({NON_FIELD: exc.messages})

    def __str__(self) -> str:
        return self.detail


def body(exc: DomainError) -> dict[str, Any]:
    """The API.md error body for ``exc``: ``{"detail", "errors"}`` (+ ``state``/``allowed`` of a
    conflict that names them)."""
    data: dict[str, Any] = {"detail": exc.detail, "errors": exc.errors if isinstance(exc, Invalid) else {}}
    if isinstance(exc, Conflict):
        if exc.state:
            data["state"] = exc.state
        if exc.allowed:
            data["allowed"] = list(exc.allowed)
    return data
