"""The pages' side of the domain errors: one mapping from a service's refusal to what a person sees.

In a view, around the one service call::

    try:
        services.update_thing(user=request.user, thing=thing, data=form.cleaned_data)
    except DomainError as exc:          # or a narrower class
        status = show_on_form(form, exc)    # field errors next to fields, the rest on top
        return render(request, "app/thing_form.html", {"form": form}, status=status)

    except Conflict as exc:             # a button, not a form: say why and go back
        flash(request, exc)
        return redirect(...)

Anything a view does not catch is handled by :class:`DomainErrorMiddleware`: ``NotAllowed`` and
``NotFound`` are Django's ``PermissionDenied`` and ``Http404`` (the 403 and 404 pages), a
``Conflict`` or an ``Invalid`` is ``web/error.html`` with its status (409/400) and message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .errors import Conflict, DomainError, Invalid

TITLES = {400: _("输入有误"), 403: _("无权操作"), 404: _("未找到"), 409: _("当前状态不允许此操作")}


def show_on_form(
    form: forms.BaseForm,
    exc: DomainError | ValidationError,
    *,
    labels: Mapping[str, str] | None = None,
    conflict_field: str | None = None,
) -> int:
    """Put ``exc`` on ``form`` and return the status to render the form with.

    Field errors the form has a field for go next to it; others go on top, prefixed with
    ``labels[field]`` when given (``{"internal_bodies": _("内设机构")}``). A conflict or refusal
    is one error on ``conflict_field`` (default: on top). The status is 400 for invalid input,
    the error's own (403/404/409) otherwise — a view that keeps today's "400 on any failed
    POST" may ignore it.
    """
    if isinstance(exc, ValidationError):
        errors = Invalid.from_validation_error(exc).errors
        for field, field_messages in errors.items():
            if field in form.fields:
                form.add_error(field, field_messages)
            else:
                label = (labels or {}).get(field, "")
                form.add_error(None, [f"{label}：{m}" if label else m for m in field_messages])
        return 400
    form.add_error(conflict_field if conflict_field in form.fields else None, exc.detail)
    return exc.status_code


def flash(request: HttpRequest, exc: DomainError) -> None:
    """The refusal as error messages on the next page (after a redirect): one per message of an
    ``Invalid``, the reason of any other refusal."""
    if isinstance(exc, Invalid):
        for field_messages in exc.errors.values():
            for text in field_messages:
                messages.error(request, str(text))
        return
    messages.error(request, exc.detail)


def error_page(request: HttpRequest, exc: DomainError, *, back: str = "") -> HttpResponse:
    """``web/error.html`` with the error's status: the reason in the user's language."""
    listed = [m for msgs in exc.errors.values() for m in msgs] if isinstance(exc, Invalid) else []
    context = {
        "error": exc,
        "title": TITLES.get(exc.status_code, TITLES[400]),
        "listed": listed if len(listed) > 1 else [],
        "back": back,
    }
    return render(request, "web/error.html", context, status=exc.status_code)


class DomainErrorMiddleware:
    """A ``Conflict`` or ``Invalid`` a page view lets through becomes ``web/error.html`` (409/400).

    ``NotAllowed``/``NotFound`` are left to Django (they are ``PermissionDenied``/``Http404``);
    the API never gets here (DRF's handler answers inside the view).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (Conflict, Invalid)):
            return error_page(request, exception)
        return None
