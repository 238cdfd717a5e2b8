"""Who may act province-wide on assessment (systems, rule sets, closing a year)."""

from __future__ import annotations

from devzone.tenancy import has_role
from devzone.tenancy.roles import Role
from devzone.types import User


def is_province_admin(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return has_role(user, Role.PROVINCE_ADMIN)
