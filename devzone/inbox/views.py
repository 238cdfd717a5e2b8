"""``/inbox/``: the user's messages, open one (marks it read), mark all read; the top bar's badge."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors, services
from .filters import InboxFilterSet
from .models import Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    filterset = InboxFilterSet(request.GET or None)
    valid = filterset.is_valid() if filterset.is_bound else True
    rows = selectors.inbox_for(request.user, request.GET) if valid else Notification.objects.none()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"form": filterset.form, "page": page, "unread": selectors.unread_count(request.user)}
    return render(request, "inbox/list.html", context, status=200 if valid else 400)


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a message's link, marking it read (someone else's message: 404)."""
    try:
        note = selectors.notification_for(request.user, pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    services.mark_read(user=request.user, ids=[note.pk])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("inbox:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect("inbox:list")


@login_required
def badge(request: HttpRequest) -> HttpResponse:
    """htmx: the unread count in the top bar (loaded after the page, so pages keep their queries)."""
    return render(request, "inbox/_badge.html", {"unread": selectors.unread_count(request.user)})
