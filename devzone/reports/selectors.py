"""Reads for reports: a user's own jobs, and how to name a user's scope on a PDF."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from devzone.types import User

from . import registry
from .models import ReportJob
from .registry import OutOfScope


def jobs_of(*, user: User) -> QuerySet[ReportJob]:
    """A user's report jobs. Jobs are private to their requester: nobody else sees them."""
    if user is None or not user.is_authenticated:
        return ReportJob.objects.none()
    return ReportJob.objects.filter(user=user).order_by("-created_at")


def job_for(*, user: User, pk: UUID | str) -> ReportJob:
    """One of the user's jobs, or ``ReportJob.DoesNotExist`` (shown as 404)."""
    return jobs_of(user=user).get(pk=pk)


def user_scope(user: User) -> str:
    """The user's scope in words: the regions and zones of their memberships."""
    if not user.is_authenticated:
        return ""
    if user.is_superuser:
        return _("全部")
    names: list[str] = []
    for membership in user.memberships.select_related("region", "zone").order_by("id"):
        if membership.scope_name not in names:
            names.append(membership.scope_name)
    return "、".join(names) if names else _("无")


def job_still_in_scope(job: ReportJob, user: User) -> bool:
    """May ``user`` still have this job's file? Its parameters must still lie inside their scope."""
    report = registry.get(job.report)
    if report is None:
        return False
    try:
        return report.params(job.params, user=user).is_valid()
    except OutOfScope:
        return False
