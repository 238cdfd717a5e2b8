from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker answered the periodic heartbeat task."""

    hostname = models.CharField(_("主机"), max_length=255, unique=True)
    last_seen = models.DateTimeField(_("最近心跳"))
    beats = models.PositiveBigIntegerField(_("心跳次数"), default=0)

    class Meta:
        verbose_name = _("后台任务心跳")
        verbose_name_plural = _("后台任务心跳")

    def __str__(self) -> str:
        return self.hostname
