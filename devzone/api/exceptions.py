"""One error shape for the whole API: ``{"detail": "...", "errors": {"field": ["..."]}}``.

Services raise the domain errors of ``devzone.domain`` (ADR 0008); this handler gives each its
status (``Invalid`` 400, ``NotAllowed`` 403, ``NotFound`` 404, ``Conflict`` 409, a conflict's
``state`` and ``allowed`` moves added when it names them). Django's ``ValidationError``,
``PermissionDenied`` and ``Http404`` and DRF's own exceptions get the same shape.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from devzone.domain import errors as domain
from devzone.domain.errors import Conflict

# ``Conflict`` (409) is the domain kit's: services and API views raise the same class, and a page
# that catches it reads ``str(exc)`` (or ``exc.detail``). Kept importable from here for old imports.
__all__ = ["Conflict", "exception_handler"]


def _flatten(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for item in value:
            out.extend(_flatten(item))
        return out
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _flatten(v)]
    return [str(value)]


def _domain_response(exc: domain.DomainError, context: dict[str, Any]) -> Response | None:
    api_exc = exceptions.APIException(exc.detail)
    api_exc.status_code = exc.status_code
    response = drf_exception_handler(api_exc, context)  # marks the transaction for rollback
    if response is not None:
        response.data = domain.body(exc)
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, domain.DomainError):
        return _domain_response(exc, context)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.ValidationError({"non_field_errors": [_("提交的数据过大。")]})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("未找到。"))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail
        if isinstance(data, dict):
            errors = {key: _flatten(val) for key, val in data.items()}
        else:
            errors = {"non_field_errors": _flatten(data)}
        first = next((msgs[0] for msgs in errors.values() if msgs), _("输入有误。"))
        response.data = {"detail": _("输入有误：%(first)s") % {"first": first}, "errors": errors}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"detail": str(detail), "errors": {}}
    return response
