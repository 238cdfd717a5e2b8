"""A notification: one message to one user, read or not (ADR 0021)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.tenancy.filters import UNSCOPED


class Notification(models.Model):
    """A user's own message: scoped by its recipient, not by a zone (a user sees only theirs)."""

    zone_path = UNSCOPED

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类别"), max_length=64)
    title = models.CharField(_("标题"), max_length=255)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    # The object the message is about (optional): a plan, a report job, an import run…
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="inbox_recipient_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def unread(self) -> bool:
        return self.read_at is None

    @property
    def kind_label(self) -> str:
        from .kinds import label

        return str(label(self.kind))
