"""Report pages: ``/reports/<slug>.pdf?…`` and the queued jobs' pages (thin: selectors/services do the work)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from . import registry, selectors, services
from .models import JobState, ReportJob
from .registry import OutOfScope
from .rendering import ParamsInvalid, TooSlowForRequest, prepare
from .responses import job_file, rendered_pdf


@login_required
def report_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    report = registry.get(slug)
    if report is None:
        raise Http404
    try:
        prepared = prepare(report, user=request.user, data=request.GET)
        if not prepared.queued:
            return rendered_pdf(prepared)
    except OutOfScope as exc:
        raise Http404 from exc
    except ParamsInvalid as exc:  # TooLarge included
        if not request.GET and report.params(user=request.user).required_fields:
            return redirect("reports:form", slug=report.slug)  # nothing chosen yet: ask for it
        return _params_page(request, report, errors=exc.errors, status=400)
    except TooSlowForRequest:
        pass  # few rows but long texts: the worker lays it out
    job = services.create_job(prepared=prepared, language=get_language())
    return redirect("reports:job", pk=job.pk)


def _params_page(
    request: HttpRequest, report: registry.Report, *, errors: Mapping[str, list[str]] | None = None, status: int = 200
) -> HttpResponse:
    """The report's parameter form (choices scoped to the user), with the errors of a refused try."""
    form = report.params(request.GET if errors else None, user=request.user).for_page()
    if errors:
        form.is_valid()  # the bound form shows its field errors; OutOfScope was answered already
    else:
        form.is_bound = False  # a blank form to fill in, not a failed one
    labels = {name: f.label for name, f in report.params(user=request.user).fields.items()}
    general = [(labels.get(key, ""), msgs) for key, msgs in (errors or {}).items()]
    context = {"report": report, "form": form, "general": general}
    return render(request, "reports/params_form.html", context, status=status)


@login_required
def report_form(request: HttpRequest, slug: str) -> HttpResponse:
    """``/reports/<slug>/``: ask for the parameters the report needs, then open its PDF."""
    report = registry.get(slug)
    if report is None:
        raise Http404
    return _params_page(request, report)


def _job(request: HttpRequest, pk: UUID) -> ReportJob:
    try:
        return selectors.job_for(user=request.user, pk=pk)
    except ReportJob.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def job_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    job = _job(request, pk)
    template = "reports/_job_status.html" if request.headers.get("HX-Request") else "reports/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request: HttpRequest, pk: UUID) -> HttpResponseBase:
    job = _job(request, pk)
    if job.state != JobState.DONE:
        return redirect("reports:job", pk=job.pk)
    if not selectors.job_still_in_scope(job, request.user):
        raise Http404
    return job_file(job)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_of(user=request.user)[:50]
    return render(request, "reports/job_list.html", {"jobs": jobs, "reports": registry.all_reports()})
