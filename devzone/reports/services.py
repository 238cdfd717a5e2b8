"""Writes for reports: queue a job, and the job's body (render, store, record progress)."""

from __future__ import annotations

import logging
import tempfile
from uuid import UUID

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from devzone.domain import NotAllowed
from devzone.inbox.services import in_portal_language, notify

from . import registry
from .models import JobState, ReportJob
from .registry import OutOfScope
from .rendering import ParamsInvalid, Prepared, TooLarge, prepare, render_pdf

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@transaction.atomic
def create_job(*, prepared: Prepared, language: str) -> ReportJob:
    """Record a report request and queue it on the ``reports`` queue once the row is committed."""
    from .tasks import render_job

    user = prepared.user
    if not user.is_authenticated:  # pages and API ask for a login first
        raise NotAllowed
    job = ReportJob.objects.create(
        user=user,
        report=prepared.report.slug,
        title=str(prepared.report.title),
        params=prepared.raw,
        scope=prepared.scope,
        rows=prepared.rows,
        language=language or settings.LANGUAGE_CODE,
    )
    render_job.delay_on_commit(str(job.pk))
    return job


def _claim(job_id: UUID | str) -> ReportJob | None:
    """Move a queued (or re-delivered running) job to running; None if there is nothing to do."""
    now = timezone.now()
    claimed = ReportJob.objects.filter(
        pk=job_id, state__in=[JobState.QUEUED, JobState.RUNNING], attempts__lt=MAX_ATTEMPTS
    ).update(state=JobState.RUNNING, started_at=now, attempts=F("attempts") + 1, progress=1, error="")
    if not claimed:
        # Done, failed, unknown — or a job that killed its worker MAX_ATTEMPTS times.
        ReportJob.objects.filter(pk=job_id, state=JobState.RUNNING).update(
            state=JobState.FAILED, error=_("多次尝试均未能生成该报表，请缩小筛选范围后重试。"), finished_at=now
        )
        return None
    return ReportJob.objects.select_related("user").get(pk=job_id)


def _fail(job: ReportJob, message: str) -> None:
    ReportJob.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=JobState.FAILED, error=message, finished_at=timezone.now()
    )


class _ProgressWriter:
    """Writes progress to the job row, at most every few percent (each write is one UPDATE)."""

    STEP = 4

    def __init__(self, job: ReportJob) -> None:
        self.job_id = job.pk
        self.last = 0

    def __call__(self, percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        if percent >= self.last + self.STEP:
            self.last = percent
            ReportJob.objects.filter(pk=self.job_id, state=JobState.RUNNING, progress__lt=percent).update(
                progress=percent
            )


def run_job(*, job_id: UUID | str) -> ReportJob | None:
    """The body of the ``reports`` task: render the job's PDF and store it (MEDIA_ROOT).

    Idempotent: a finished or failed job is left alone; a re-delivered running job (its worker
    died) is rendered again from scratch and its file overwritten. Deliberately not one
    transaction: progress must be visible to the polling page while the PDF is laid out.
    Parameters are validated again here, so a user who lost the scope meanwhile gets nothing.
    """
    job = _claim(job_id)
    if job is None:
        return None
    report = registry.get(job.report)
    with translation.override(job.language):
        if report is None:
            _fail(job, _("该报表已不存在。"))
            return job
        progress = _ProgressWriter(job)
        try:
            prepared = prepare(report, user=job.user, data=job.params)
            progress(10)
            name = f"reports/{job.pk}.pdf"
            with tempfile.TemporaryFile(suffix=".pdf") as tmp:
                pages = render_pdf(prepared, tmp, progress=progress)
                tmp.seek(0)
                if default_storage.exists(name):
                    default_storage.delete(name)
                saved = default_storage.save(name, File(tmp, name=name))
        except OutOfScope:
            _fail(job, _("报表参数超出您当前的权限范围，未生成。"))
        except TooLarge as exc:
            _fail(job, exc.errors["__all__"][0])
        except ParamsInvalid as exc:
            first = next((m for msgs in exc.errors.values() for m in msgs), "")
            _fail(job, _("报表参数有误：%(error)s") % {"error": first})
        except SoftTimeLimitExceeded:
            _fail(job, _("生成报表超时，请缩小筛选范围后重试。"))
        except Exception:
            logger.exception("report job %s failed", job.pk)
            _fail(job, _("生成报表时出错，请稍后重试或联系管理员。"))
        else:
            ReportJob.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
                state=JobState.DONE,
                progress=100,
                file=saved,
                pages=pages,
                scope=prepared.scope,
                rows=prepared.rows,
                finished_at=timezone.now(),
            )
    job.refresh_from_db()
    _tell(job)
    return job


@in_portal_language
def _tell(job: ReportJob) -> None:
    """The requester hears that a queued report is ready (or why it is not) in the inbox."""
    if job.user_id is None or job.state not in (JobState.DONE, JobState.FAILED):
        return
    done = job.state == JobState.DONE
    title = (_("报表“%(title)s”已生成") if done else _("报表“%(title)s”未能生成")) % {"title": job.title}
    notify(
        [job.user_id],
        kind="report.ready" if done else "report.failed",
        title=title,
        url=reverse("reports:job", args=[job.pk]),
        obj=job,
    )
