"""One confirmation step for every consequential, hard-to-undo action (issue 14; ADR 0029).

A page form that does such a thing carries ``data-confirm="question"`` (on the form, or on the
button when one form has several actions): ``static/js/devzone.js`` asks the question with the
browser's dialog and, when the person agrees, adds ``confirmed=1`` to what is posted. The view
calls :func:`confirm_first` after its scope and permission checks and before it acts; without
``confirmed=1`` — no JavaScript, a script blocked, a hand-made request — the person gets the
confirmation page instead (:file:`web/confirm.html`): the same question and consequence, and a
button that posts the same fields again with ``confirmed=1``, or a link back. Nothing changes
until one of the two has been answered. The API is unaffected (its clients confirm on their side).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

CONFIRMED = "confirmed"
_NOT_RESENT = {"csrfmiddlewaretoken", CONFIRMED}


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "1"


def confirm_first(
    request: HttpRequest, *, question: str, consequence: str = "", cancel_url: str = ""
) -> HttpResponse | None:
    """``None`` when the person has confirmed; otherwise the confirmation page (200) that posts
    the same fields back to the same URL with ``confirmed=1``."""
    if is_confirmed(request):
        return None
    referer = request.headers.get("Referer", "")
    if not cancel_url and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        cancel_url = referer
    fields = [(name, value) for name, values in request.POST.lists() if name not in _NOT_RESENT for value in values]
    context = {
        "question": question,
        "consequence": consequence,
        "fields": fields,
        "post_url": request.get_full_path(),
        "cancel_url": cancel_url or "/",
    }
    return render(request, "web/confirm.html", context)
