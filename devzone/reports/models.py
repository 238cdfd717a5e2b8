"""Queued reports: one row per PDF rendered on the ``reports`` queue."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ReportJob(models.Model):
    """A report requested by ``user``; only that user may see it or download its file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.CASCADE, related_name="report_jobs"
    )
    report = models.CharField(_("报表"), max_length=64)
    title = models.CharField(_("标题"), max_length=200)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    scope = models.TextField(_("范围"), blank=True)
    language = models.CharField(_("语言"), max_length=16, default="zh-hans")
    rows = models.PositiveIntegerField(_("行数"), default=0)
    state = models.CharField(_("状态"), max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    file = models.FileField(_("文件"), upload_to="reports/", blank=True)
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报表任务")
        verbose_name_plural = _("报表任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="reportjob_user_created")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="reportjob_progress_max_100"),
            models.CheckConstraint(
                condition=~models.Q(state="done") | (models.Q(progress=100) & ~models.Q(file="")),
                name="reportjob_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.get_state_display()}"

    @property
    def active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def filename(self) -> str:
        stamp = self.created_at.strftime("%Y%m%d-%H%M") if self.created_at else ""
        return f"{self.report}-{stamp}.pdf"
