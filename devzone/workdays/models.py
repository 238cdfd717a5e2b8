"""The announced days of the working calendar (``rules.OFFICIAL`` shipped; history kept)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.audit.models import audit_history


class CalendarDay(models.Model):
    day = models.DateField(_("日期"), unique=True)
    working = models.BooleanField(_("是否上班"), help_text=_("勾选：调休上班日；不勾选：法定节假日"))
    name = models.CharField(_("名称"), max_length=64, help_text=_("如“春节”“国庆节调休上班”"))

    history = audit_history()

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"
