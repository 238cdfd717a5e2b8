"""One record per upload: who imported what, how it went, and the row-by-row problems."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    VALIDATING = "validating", _("校验中")
    APPLYING = "applying", _("写入中")
    APPLIED = "applied", _("已导入")
    REJECTED = "rejected", _("未导入（有错误）")
    FAILED = "failed", _("失败")


ACTIVE_STATES = (RunState.QUEUED, RunState.VALIDATING, RunState.APPLYING)


class ImportRun(models.Model):
    """An import of one file. ``errors`` holds the row report; the .xlsx is rendered from it.

    ``payload`` keeps the rows read from the file while the run waits for a worker and is
    cleared once the run is finished; the uploaded file itself is not kept.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )
    importer = models.CharField(_("导入类型"), max_length=64)
    file_name = models.CharField(_("文件名"), max_length=255)
    state = models.CharField(_("状态"), max_length=16, choices=RunState.choices, default=RunState.QUEUED)
    language = models.CharField(_("语言"), max_length=16, default="zh-hans")
    total_rows = models.PositiveIntegerField(_("数据行"), default=0)
    skipped_blank = models.PositiveIntegerField(_("跳过的空行"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0)
    progress = models.PositiveIntegerField(_("已处理行"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    detail = models.TextField(_("说明"), blank=True)
    errors = models.JSONField(_("错误明细"), default=list, blank=True)
    payload = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "importer", "-created_at"], name="importrun_user_recent")]

    def __str__(self) -> str:
        return f"{self.importer} · {self.file_name} · {self.get_state_display()}"

    @property
    def finished(self) -> bool:
        return self.state not in ACTIVE_STATES

    @property
    def has_report(self) -> bool:
        return bool(self.errors)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.total_rows:
            return 0
        # Checking and writing each take half of the bar.
        done = self.progress + (self.total_rows if self.state == RunState.APPLYING else 0)
        return min(99, int(100 * done / (2 * self.total_rows)))
