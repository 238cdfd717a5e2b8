"""Test helpers for tenancy."""

from __future__ import annotations

from typing import Any


def regrant_region(region: Any) -> None:
    """Zones bulk-created in ``region`` (no ``post_save``) get the object permissions their
    region's and province's memberships grant: each membership is granted again."""
    from devzone.tenancy.models import Membership
    from devzone.tenancy.services import add_membership

    for m in Membership.objects.filter(region__in=[region.pk, region.parent_id]).select_related("user", "region"):
        add_membership(
            user=m.user, role=m.role, region=m.region, department=m.department,
            period_from=m.period_from, period_to=m.period_to,
        )  # fmt: skip
