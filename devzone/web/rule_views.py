"""``/rules/``: every app's rule sets, their history, and the province admin's edits (ADR 0033)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import modelform_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.domain import DomainError, NotFound
from devzone.domain.pages import show_on_form

from . import rulesets


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Every registered rule set, each year's row with its figures; links to the row's page."""
    groups = []
    for reg in rulesets.rule_set_types():
        rows = list(reg.model._default_manager.order_by("-effective_year"))
        link = reverse(reg.page) if reg.page else None
        groups.append({"type": reg, "rows": rows, "link": link, "fields": rulesets.shown_fields(reg)})
    return render(request, "web/rules.html", {"groups": groups, "may_edit": rulesets.may_edit(request.user)})


@login_required
def detail(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """One rule set row: its figures and change history; the province admin edits it here."""
    reg = rulesets.get_type(key)
    row = reg.model._default_manager.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    editable = rulesets.may_edit(request.user) and bool(reg.fields) and not reg.page
    form_class = modelform_factory(reg.model, fields=reg.fields) if editable else None
    form = form_class(request.POST or None, instance=reg.model._default_manager.get(pk=pk)) if form_class else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                _row, changed = rulesets.update_rule_row(user=request.user, reg=reg, row=row, data=data)
            except DomainError as exc:
                status = show_on_form(form, exc)
            else:
                if changed:
                    messages.success(request, _("规则已保存，变更已记录。"))
                else:
                    messages.info(request, _("没有修改任何数值。"))
                return redirect(request.path)
        else:
            status = 400
    context = {
        "type": reg, "row": row, "form": form, "page": reverse(reg.page) if reg.page else None,
        "fields": [(f.verbose_name, rulesets.display(f, row)) for f in rulesets.shown_fields(reg)],
        "versions": rulesets.versions(reg, row),
    }  # fmt: skip
    return render(request, "web/rule_set.html", context, status=status)
