"""The recompute outbox: one row per (kind, scope, year) that ever needed recomputing.

A row is a debt counter, not a message. ``request_recompute`` bumps ``requested_version`` in
the same transaction as the change it follows; a run claims the row, recomputes, and raises
``done_version`` to the version it saw when it claimed. The row is owed work while
``requested_version > done_version``. Because rows are kept and bumped, a burst of changes
collapses into one owed run and nothing is ever deleted that a newer change still needs.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outbox(models.Model):
    kind = models.CharField(_("类别"), max_length=64)
    scope = models.CharField(_("范围"), max_length=128)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    requested_version = models.PositiveBigIntegerField(_("请求版本"), default=1)
    done_version = models.PositiveBigIntegerField(_("完成版本"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    requested_at = models.DateTimeField(_("最近请求时间"), default=timezone.now)
    pending_since = models.DateTimeField(_("待办起始时间"), default=timezone.now)
    claimed_by = models.CharField(_("处理任务"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    swept_at = models.DateTimeField(_("补发时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.CharField(_("完成任务"), max_length=64, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("重算待办")
        verbose_name_plural = _("重算待办")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope", "year"], condition=Q(year__isnull=False), name="recompute_outbox_key_year"
            ),
            models.UniqueConstraint(
                fields=["kind", "scope"], condition=Q(year__isnull=True), name="recompute_outbox_key_no_year"
            ),
            models.CheckConstraint(condition=Q(done_version__lte=F("requested_version")), name="recompute_done_le_req"),
        ]
        indexes = [
            models.Index(
                fields=["pending_since"],
                condition=Q(requested_version__gt=F("done_version")),
                name="recompute_outbox_pending",
            )
        ]

    def __str__(self) -> str:
        year = f"/{self.year}" if self.year is not None else ""
        return f"{self.kind}:{self.scope}{year} v{self.done_version}/{self.requested_version}"

    @property
    def pending(self) -> bool:
        return self.requested_version > self.done_version
