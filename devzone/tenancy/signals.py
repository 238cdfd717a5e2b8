"""Access follows the data, whichever path changes it (ADR 0011): a deleted membership takes its
member out of the group at once; logout and a password change revoke the user's API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from . import lockout, services
from .models import Membership
from .scope import scope_changed
from .services import leave_group_if_unused
from .tokens import revoke_tokens

User = get_user_model()


@receiver(user_logged_out, dispatch_uid="tenancy-logout-revokes-token")
def logout_revokes_token(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        revoke_tokens(user)


@receiver(pre_save, sender=User, dispatch_uid="tenancy-password-change-seen")
def note_password_change(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = old is not None and old != instance.password


@receiver(post_save, sender=User, dispatch_uid="tenancy-password-change-revokes-tokens")
def password_change_revokes_tokens(sender: Any, instance: Any, **kwargs: Any) -> None:
    if getattr(instance, "_password_changed", False):
        instance._password_changed = False
        revoke_tokens(instance)


@receiver(post_delete, sender=Membership, dispatch_uid="tenancy-membership-deleted-leaves-group")
def membership_deleted(sender: Any, instance: Membership, **kwargs: Any) -> None:
    try:
        group_name = instance.group_name
    except ObjectDoesNotExist:  # its zone or region went first in a cascade: the group name is all we lack
        group_name = None
    if group_name is not None:
        leave_group_if_unused(instance, group_name)


@receiver(post_save, sender=Membership, dispatch_uid="tenancy-membership-saved-follows-its-period")
def membership_saved(sender: Any, instance: Membership, **kwargs: Any) -> None:
    services.membership_saved(instance)


@receiver(user_login_failed, dispatch_uid="tenancy-login-failure-counted")
def login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    lockout.record_failure(credentials.get("username"))


@receiver(user_logged_in, dispatch_uid="tenancy-login-clears-failures")
def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    lockout.clear(user.get_username())


def connect_scope_invalidation() -> None:
    """Any change of memberships, group members or zone grants forgets the remembered scopes
    (scope.py "Once per request"); bulk writes in the services call ``scope_changed`` themselves."""
    from django.apps import apps
    from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

    grants = [m for m in apps.get_models() if issubclass(m, GroupObjectPermissionBase | UserObjectPermissionBase)]
    for sender in [Membership, *grants]:
        post_save.connect(scope_changed, sender=sender, dispatch_uid=f"tenancy-scope-saved-{sender._meta.label}")
        post_delete.connect(scope_changed, sender=sender, dispatch_uid=f"tenancy-scope-deleted-{sender._meta.label}")
    m2m_changed.connect(scope_changed, sender=User.groups.through, dispatch_uid="tenancy-scope-groups")
