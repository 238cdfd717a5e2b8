"""Writes to the inbox: :func:`notify` (what apps call), marking read, and the e-mail (ADR 0021)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from devzone.domain import Invalid
from devzone.types import User

from .models import Notification

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

TITLE_MAX = 255


def in_portal_language(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` (which builds and sends messages) in the portal's language: recipients read
    the titles in Chinese whatever the language of the person whose act caused them."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


def _ids(recipients: Iterable[Any]) -> list[int]:
    out: list[int] = []
    for r in recipients:
        pk = r if isinstance(r, int) else getattr(r, "pk", None)
        if pk is not None and pk not in out:
            out.append(pk)
    return out


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: str | Promise,
    url: str = "",
    obj: Model | None = None,
    exclude: User | None = None,
) -> list[Notification]:
    """Put a message in each recipient's inbox and, after the transaction commits, e-mail those
    who have an address. ``recipients``: users or user ids (a queryset from
    :mod:`devzone.inbox.recipients`); ``exclude``: the user who caused it (not told of their own act).

    ``title`` is rendered in the portal's language (``LANGUAGE_CODE``) whatever the language of
    the person acting; ``url`` is a path inside the portal (``/plans/12/``). One INSERT.
    """
    if url and (not url.startswith("/") or url.startswith("//")):
        raise Invalid({"url": [_("通知链接必须是本站路径。")]})
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title)[:TITLE_MAX]
    skip = getattr(exclude, "pk", None)
    ids = [pk for pk in _ids(recipients) if pk != skip]
    if not ids:
        return []
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    rows = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            kind=kind,
            title=text,
            url=url,
            content_type=content_type,
            object_id=str(obj.pk) if obj is not None else "",
        )
        for pk in ids
    )
    if settings.INBOX_EMAIL:
        created = [n.pk for n in rows]
        transaction.on_commit(lambda: _send_later(created))
    return rows


def _send_later(ids: list[int]) -> None:
    from .tasks import send_emails

    try:
        send_emails.delay(ids)
    except Exception:  # a broker outage must not turn a committed change into an error page
        log.exception("inbox: could not queue the e-mail of notifications %s", ids)


def send_emails(ids: list[int]) -> int:
    """E-mail the given notifications to recipients with an address (once each); the count sent."""
    from django.core.mail import EmailMessage, get_connection

    rows = list(
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    if not rows:
        return 0
    base = settings.SITE_URL.rstrip("/")
    messages = []
    for n in rows:
        body = f"{n.title}\n\n{base}{n.url}\n" if n.url else f"{n.title}\n"
        messages.append(EmailMessage(subject=n.title, body=body, to=[n.recipient.email]))
    sent = get_connection().send_messages(messages) or 0
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
    return sent


def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (``ids``: those; None: all); the number changed."""
    rows = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def mark_unread(*, user: User, ids: Iterable[int]) -> int:
    return Notification.objects.filter(recipient_id=user.pk, pk__in=list(ids)).update(read_at=None)
