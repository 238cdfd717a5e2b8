"""HTTP answers shared by the report pages and the API: a PDF streamed from a temporary file."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils import timezone

from .models import ReportJob
from .rendering import REPORT_TIME_ZONE, Prepared, render_pdf


def pdf_filename(slug: str) -> str:
    return f"{slug}-{timezone.localtime(timezone.now(), REPORT_TIME_ZONE):%Y%m%d-%H%M}.pdf"


def rendered_pdf(prepared: Prepared) -> FileResponse:
    """Render now and stream the file (small reports): the PDF never sits in memory whole.

    Raises ``TooSlowForRequest`` when the text would take longer than a request may take to lay
    out (the caller queues the report instead) and ``TooLarge`` beyond the platform's bound.
    """
    tmp = tempfile.TemporaryFile(suffix=".pdf")  # noqa: SIM115 — FileResponse closes it
    try:
        render_pdf(prepared, tmp, budget=settings.REPORTS_SYNC_LAYOUT_SECONDS)
    except BaseException:
        tmp.close()
        raise
    tmp.seek(0)
    return FileResponse(tmp, content_type="application/pdf", filename=pdf_filename(prepared.report.slug))


def job_file(job: ReportJob) -> FileResponse:
    """The stored PDF of a finished job (404 if the file has gone from storage)."""
    try:
        handle = job.file.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=job.filename)
