"""The user's zones are resolved once per request and action, and forgotten when access changes
(issue 9 "Scope computed once per request")."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.tenancy.scope import can, forget_scope, scoped, visible_zone_ids, visible_zones
from devzone.tenancy.services import add_membership, remove_membership
from zones.models import Region, Zone

pytestmark = pytest.mark.django_db


def test_guardian_is_asked_once_per_action_however_often_the_request_asks(demo: Any) -> None:
    from unittest import mock

    from devzone.tenancy import scope

    user = get_user_model().objects.get(username="province_admin")
    with mock.patch.object(scope, "get_objects_for_user", wraps=scope.get_objects_for_user) as built:
        for _ in range(5):
            list(scoped(Zone.objects.all(), user))
            visible_zones(user).exists()
            can(user, "view_zone", Zone.objects.get(code="yingkou-coastal"))
    assert built.call_count == 1
    forget_scope(user)
    with mock.patch.object(scope, "get_objects_for_user", wraps=scope.get_objects_for_user) as built:
        visible_zones(user).exists()
    assert built.call_count == 1


def test_the_navigation_asks_one_query_for_every_entry(demo: Any) -> None:
    from devzone.web.nav import items_for

    user = get_user_model().objects.get(username="province_admin")
    items_for(user)
    forget_scope(user)
    with CaptureQueriesContext(connection) as ctx:
        entries = items_for(user)
    assert entries
    assert sum("objectpermission" in q["sql"] for q in ctx.captured_queries) == 1


@pytest.mark.parametrize("path", ["/zones/?code=yingkou-coastal", "/plans/", "/", "/powers/"])
def test_a_page_resolves_each_action_once(client: Any, demo: Any, path: str) -> None:
    client.force_login(get_user_model().objects.get(username="province_admin"))
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    # the lists stay at a small fixed count; the home and the register carry every app's panels
    # and 待办 (each a fixed number of queries, tested with the app), so only their status here
    if path in ("/zones/?code=yingkou-coastal", "/plans/"):
        assert len(ctx.captured_queries) <= 12


def test_a_one_row_list_page_stays_at_its_count_when_the_province_grows(client: Any, demo: Any) -> None:
    client.force_login(get_user_model().objects.get(username="province_admin"))
    path = "/zones/?code=yingkou-coastal"

    def count() -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    zone = Zone.objects.get(code="yingkou-coastal")
    for k in range(40):
        Zone.objects.create(code=f"grow-{k}", name=f"增长{k}", kind=zone.kind, level=zone.level, city=zone.city)
    from devzone.tenancy.services import sync_zone_grants

    for z in Zone.objects.filter(code__startswith="grow-"):
        sync_zone_grants(zone=z)
    assert count() == before <= 12


def test_a_change_of_membership_is_seen_by_the_same_user_object(demo: Any) -> None:
    user = get_user_model().objects.create_user(username="scope_once")
    zone = Zone.objects.get(code="yingkou-coastal")
    assert visible_zone_ids(user) == ()
    membership = add_membership(user=user, role="zone_officer", zone=zone)
    assert visible_zone_ids(user) == (zone.pk,)
    assert can(user, "view_zone", zone)
    remove_membership(membership=membership)
    assert visible_zone_ids(user) == ()
    assert not visible_zones(user).filter(pk=zone.pk).exists()


def test_a_new_zone_in_the_scope_is_seen_at_once(demo: Any) -> None:
    from devzone.tenancy.services import sync_zone_grants

    user = get_user_model().objects.get(username="province_admin")
    seen = len(visible_zone_ids(user))
    city = Region.objects.filter(level="city").first()
    zone = Zone.objects.create(code="scope-new", name="新区", kind="provincial_edz", level="provincial", city=city)
    sync_zone_grants(zone=zone)
    assert len(visible_zone_ids(user)) == seen + 1
