"""Memberships: a user acts through (role, scope) pairs (DESIGN "Tenancy")."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.audit.models import audit_history

from .filters import UNSCOPED
from .roles import ROLE_SCOPES, Role, ScopeType


class Membership(models.Model):
    zone_path = UNSCOPED  # a user's own: on a region or a zone, not a zone's record (ADR 0009)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "zones.Region", verbose_name=_("区划范围"), null=True, blank=True, on_delete=models.CASCADE
    )
    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("开发区范围"), null=True, blank=True, on_delete=models.CASCADE
    )
    department = models.CharField(_("部门"), max_length=64, blank=True)
    period_from = models.PositiveSmallIntegerField(_("起始年度"), null=True, blank=True)
    period_to = models.PositiveSmallIntegerField(_("截止年度"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audit_history()

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(region__isnull=False) & models.Q(zone__isnull=True))
                | (models.Q(region__isnull=True) & models.Q(zone__isnull=False)),
                name="membership_exactly_one_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(period_from__isnull=True)
                | models.Q(period_to__isnull=True)
                | models.Q(period_from__lte=models.F("period_to")),
                name="membership_period_ordered",
            ),
            models.UniqueConstraint(fields=["user", "role", "region", "zone"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_name}"

    @property
    def scope_type(self) -> str:
        if self.zone_id:
            return ScopeType.ZONE
        return self.scope_region.level

    @property
    def scope_code(self) -> str:
        return self.zone.code if self.zone is not None else self.scope_region.code

    @property
    def scope_name(self) -> str:
        return self.zone.name if self.zone is not None else self.scope_region.name

    @property
    def scope_region(self) -> Any:  # zones.Region: devzone/ names no domain app's class
        """The region of a region-scoped membership (the check constraint: zone xor region)."""
        if self.region is None:
            raise ValueError(f"membership {self.pk} has no region scope")
        return self.region

    @property
    def group_name(self) -> str:
        return f"{self.role}@{self.scope_type}:{self.scope_code}"

    def covers_year(self, year: int) -> bool:
        if self.period_from is not None and year < self.period_from:
            return False
        return not (self.period_to is not None and year > self.period_to)

    def clean(self) -> None:
        if self.zone_id is None and self.region_id is None:
            raise ValidationError(_("必须指定区划或开发区作为授权范围。"))
        if self.scope_type not in ROLE_SCOPES[self.role]:
            raise ValidationError(_("该角色不能在此类范围上授权。"))


class TokenActivity(models.Model):
    """When an API token was last used: a token idle longer than ``API_TOKEN_IDLE_DAYS`` expires."""

    token = models.OneToOneField("authtoken.Token", primary_key=True, on_delete=models.CASCADE, related_name="activity")
    last_used = models.DateTimeField(_("最近使用"))

    class Meta:
        verbose_name = _("令牌使用记录")
        verbose_name_plural = _("令牌使用记录")

    def __str__(self) -> str:
        return f"{self.token_id}: {self.last_used:%Y-%m-%d %H:%M}"


class LoginLockout(models.Model):
    """Failed logins of one username (known or not): locked for a while after too many (ADR 0011)."""

    username = models.CharField(_("用户名"), max_length=150, primary_key=True)
    failures = models.PositiveIntegerField(_("失败次数"), default=0)
    first_failure_at = models.DateTimeField(_("首次失败时间"))
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录锁定")
        verbose_name_plural = _("登录锁定")

    def __str__(self) -> str:
        return self.username


class AccountAction(models.TextChoices):
    UNLOCK = "unlock", _("解除登录锁定")
    REVOKE_TOKENS = "revoke_tokens", _("吊销 API 令牌")


class AccountEvent(models.Model):
    """What the province admin did to an account on the accounts page: who, when, before, after."""

    zone_path = UNSCOPED  # an account's, not a zone's record

    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("账号"), max_length=150)
    action = models.CharField(_("操作"), max_length=16, choices=AccountAction.choices)
    before = models.CharField(_("操作前"), max_length=200)
    after = models.CharField(_("操作后"), max_length=200)

    class Meta:
        verbose_name = _("账号操作记录")
        verbose_name_plural = _("账号操作记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.username}"
