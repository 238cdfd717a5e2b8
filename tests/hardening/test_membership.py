"""Issue 8: access hangs on the membership — deleting one by any path removes access at once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from devzone.tenancy.models import Membership

ZONE_URL = "/api/v1/zones/yingkou-coastal/"


def test_a_queryset_delete_of_the_membership_removes_access(api_as: Any) -> None:
    assert api_as("zone_yingkou_hr").get(ZONE_URL).status_code == 200
    Membership.objects.filter(user__username="zone_yingkou_hr").delete()  # as the admin's bulk delete does
    assert api_as("zone_yingkou_hr").get(ZONE_URL).status_code == 404
    assert api_as("zone_yingkou_hr").get("/api/v1/zones/").json()["count"] == 0
    assert not get_user_model().objects.get(username="zone_yingkou_hr").groups.exists()


def test_deleting_one_membership_keeps_the_group_another_one_needs(api_as: Any) -> None:
    user = get_user_model().objects.get(username="zone_yingkou_hr")
    membership = Membership.objects.get(user=user)
    twin = Membership.objects.create(user=user, role=membership.role, zone=membership.zone, department="另一部门")
    twin.delete()
    assert api_as("zone_yingkou_hr").get(ZONE_URL).status_code == 200
