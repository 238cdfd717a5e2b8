"""Import pages: upload, the run's outcome (with progress while a worker has it), downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from devzone.types import User

from . import registry, selectors, services
from .api import xlsx_response
from .base import Importer
from .forms import UploadForm

ERRORS_SHOWN = 200


def _importer(name: str, user: User) -> Importer:
    try:
        return services.importer_for(name, user)
    except LookupError:
        raise Http404 from None


@login_required
def upload(request: HttpRequest, importer: str) -> HttpResponse:
    current = _importer(importer, request.user)
    if not current.permitted():
        raise PermissionDenied(current.not_permitted_message())
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        run = services.start_import(user=request.user, importer_name=importer, fileobj=upload, file_name=upload.name)
        return redirect("imports:run", pk=run.pk)
    runs = selectors.runs_of(user=request.user, importer=importer)[:10]
    return render(request, "imports/upload.html", {"importer": current, "form": form, "runs": runs})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(user=request.user, pk=pk)
    try:
        importer = registry.get(run.importer)
    except LookupError:
        importer = None
    context = {"run": run, "importer": importer, "problems": run.errors[:ERRORS_SHOWN], "shown": ERRORS_SHOWN}
    template = "imports/_run_status.html" if request.headers.get("HX-Request") else "imports/run.html"
    return render(request, template, context)


@login_required
def run_report(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(user=request.user, pk=pk)
    if not run.has_report:
        raise Http404
    return xlsx_response(*services.error_report(run))


@login_required
def template_download(request: HttpRequest, importer: str) -> HttpResponse:
    _importer(importer, request.user)
    content, filename = services.template(importer)
    return xlsx_response(content, filename)


@login_required
def export_download(request: HttpRequest, importer: str) -> HttpResponse:
    _importer(importer, request.user)
    try:
        content, filename = services.export(user=request.user, importer_name=importer, params=request.GET)
    except ValidationError as error:
        return render(request, "imports/export_error.html", {"messages_list": error.messages}, status=400)
    return xlsx_response(content, filename)
