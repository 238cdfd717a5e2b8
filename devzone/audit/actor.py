"""Who a change is recorded against when there is no request to ask (imports, tasks).

django-simple-history takes the history user from the request (its middleware) or from an
instance's ``_history_user``. Writes done on a user's behalf outside a request — an import
run by a Celery worker, say — go through services that load their own instances, so neither
reaches them. ``acting_user(user)`` sets the user for every historical record created inside
the block; it wins over the request's user, so an import records its uploader either way.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("devzone_acting_user", default=None)


def current_actor() -> Any:
    return _actor.get()


@contextmanager
def acting_user(user: Any) -> Iterator[None]:
    token = _actor.set(user if user is not None and getattr(user, "is_authenticated", False) else None)
    try:
        yield
    finally:
        _actor.reset(token)


@receiver(pre_create_historical_record, dispatch_uid="audit.acting_user")
def stamp_acting_user(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    user = _actor.get()
    if user is not None and hasattr(history_instance, "history_user_id"):
        history_instance.history_user = user
