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


# --- Ending a membership by its period: the day after ``period_to`` it reaches nothing ------------


def _officer_until(year: int) -> Any:
    """A zone officer of Yingkou coastal whose membership ends with ``year``."""
    from devzone.tenancy.services import add_membership
    from zones.models import Zone

    user = get_user_model().objects.create_user("period_officer", password="devzone-demo-1")
    add_membership(user=user, role="zone_officer", zone=Zone.objects.get(code="yingkou-coastal"), period_to=year)
    return user


def _reach(user: Any, token: str) -> dict[str, Any]:
    """What the user reaches: the zone page, the API by session, the API list and detail by token."""
    from django.test import Client
    from rest_framework.test import APIClient

    browser = Client()
    browser.force_login(user)
    by_token = APIClient()
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return {
        "page": browser.get("/zones/yingkou-coastal/").status_code,
        "api": browser.get(ZONE_URL).status_code,
        "token": by_token.get(ZONE_URL).status_code,
        "token_list": by_token.get("/api/v1/zones/").json()["count"],
    }


def test_a_membership_ends_the_day_after_its_period_to(demo: Any, monkeypatch: Any) -> None:
    import datetime as dt

    from devzone.tenancy import services
    from devzone.tenancy.tokens import issue_token

    year = services.today().year
    user = _officer_until(year)
    token = issue_token(user).key
    assert _reach(user, token) == {"page": 200, "api": 200, "token": 200, "token_list": 1}

    monkeypatch.setattr(services, "today", lambda: dt.date(year + 1, 1, 1))  # the day after period_to
    assert _reach(user, token) == {"page": 404, "api": 404, "token": 404, "token_list": 0}
    assert not user.groups.exists()
    assert Membership.objects.filter(user=user).exists()  # the record of what was granted stays


def test_a_membership_saved_with_a_past_period_to_removes_access_at_once(demo: Any) -> None:
    from devzone.tenancy import services
    from devzone.tenancy.tokens import issue_token

    year = services.today().year
    user = _officer_until(year)
    token = issue_token(user).key
    membership = Membership.objects.get(user=user)
    membership.period_from, membership.period_to = year - 2, year - 1  # ended, as the admin would save it
    membership.save()
    assert _reach(user, token) == {"page": 404, "api": 404, "token": 404, "token_list": 0}

    membership.period_to = year + 1  # extended again: access is back
    membership.save()
    assert _reach(user, token)["token"] == 200
