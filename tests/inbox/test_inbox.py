"""The inbox (ADR 0021): notify, recipients from memberships and scope, the API and the page,
e-mail through Django's mail backend; a user sees only their own, at a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings

from devzone.inbox import services
from devzone.inbox.models import Notification
from devzone.inbox.recipients import holders
from devzone.tenancy.roles import VIEW, Role
from zones.models import Zone
from zones.plans.grants import DRAFT_PLAN, REVIEW_PLAN

pytestmark = pytest.mark.django_db


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def names(users: Any) -> set[str]:
    return {u.username for u in users}


def test_recipients_come_from_the_zone_permissions_held(demo: Any) -> None:
    yingkou = Zone.objects.get(code="yingkou-coastal")
    assert names(holders(yingkou, REVIEW_PLAN)) == {"province_admin", "province_staff"}
    assert names(holders(yingkou, DRAFT_PLAN)) == {"city_yingkou"}
    assert names(holders(yingkou, VIEW, roles={Role.ZONE_OFFICER})) == {"zone_yingkou_hr"}
    dalian = Zone.objects.get(code="dalian-changxing")
    assert names(holders(dalian, DRAFT_PLAN)) == {"city_dalian"}
    assert "city_yingkou" not in names(holders(dalian, VIEW))


def test_notify_puts_one_message_per_recipient_and_skips_the_actor(demo: Any, django_assert_num_queries: Any) -> None:
    recipients = [user("city_yingkou"), user("zone_yingkou_hr"), user("province_staff")]
    with django_assert_num_queries(1):
        rows = services.notify(
            [r.pk for r in recipients], kind="test.kind", title="测试消息", url="/plans/", exclude=recipients[2]
        )
    assert {n.recipient.username for n in rows} == {"city_yingkou", "zone_yingkou_hr"}
    assert all(n.unread for n in rows)


def test_notify_refuses_a_link_off_the_site(demo: Any) -> None:
    from devzone.domain import Invalid

    with pytest.raises(Invalid):
        services.notify([user("auditor")], kind="x", title="t", url="https://evil.example/")
    assert not Notification.objects.filter(kind="x").exists()


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", SITE_URL="https://dz.example")
def test_e_mail_goes_to_recipients_with_an_address_once(demo: Any) -> None:
    city = user("city_yingkou")
    city.email = "city@example.org"
    city.save()
    rows = services.notify([city, user("auditor")], kind="test.mail", title="方案已批准", url="/plans/1/")
    mail.outbox.clear()
    assert services.send_emails([n.pk for n in rows]) == 1
    assert services.send_emails([n.pk for n in rows]) == 0  # sent once
    (message,) = mail.outbox
    assert message.to == ["city@example.org"]
    assert message.subject == "方案已批准"
    assert "https://dz.example/plans/1/" in message.body


def test_notify_queues_the_mail_after_commit(demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        services.notify([user("auditor")], kind="test.commit", title="t", url="/")
    assert len(callbacks) == 1


def test_the_api_lists_only_the_users_own_and_marks_read(api_as: Any, django_assert_max_num_queries: Any) -> None:
    already = Notification.objects.filter(recipient__username="city_yingkou", read_at__isnull=True).count()
    mine = services.notify([user("city_yingkou")], kind="test.api", title="给营口", url="/plans/")[0]
    services.notify([user("city_dalian")], kind="test.api", title="给大连", url="/plans/")
    for i in range(20):
        services.notify([user("city_yingkou")], kind="test.many", title=f"第{i}条", url="/")
    client = api_as("city_yingkou")
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/inbox/?status=unread")
    assert response.status_code == 200
    titles = {row["title"] for row in response.json()["results"]}
    assert "给营口" in titles and "给大连" not in titles
    assert response.json()["count"] == already + 21
    assert client.get("/api/v1/inbox/unread-count/").json() == {"unread": already + 21}

    read = client.post(f"/api/v1/inbox/{mine.pk}/read/")
    assert read.status_code == 200 and read.json()["read"] is True
    assert client.get("/api/v1/inbox/unread-count/").json() == {"unread": already + 20}
    assert client.post(f"/api/v1/inbox/{mine.pk}/unread/").json()["read"] is False
    assert client.post("/api/v1/inbox/mark-read/", {"ids": [mine.pk]}, format="json").json() == {"changed": 1}
    assert client.post("/api/v1/inbox/mark-read/", {}, format="json").json() == {"changed": already + 20}
    assert client.get("/api/v1/inbox/?status=unread").json()["count"] == 0
    assert client.get("/api/v1/inbox/?status=bogus").status_code == 400


def test_someone_elses_message_is_404(api_as: Any, as_user: Any) -> None:
    other = services.notify([user("city_dalian")], kind="test.other", title="给大连", url="/")[0]
    assert api_as("city_yingkou").get(f"/api/v1/inbox/{other.pk}/").status_code == 404
    assert api_as("city_yingkou").post(f"/api/v1/inbox/{other.pk}/read/").status_code == 404
    assert as_user("city_yingkou").get(f"/inbox/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.unread
    assert api_as(None).get("/api/v1/inbox/").status_code == 401


def test_the_page_lists_opens_and_marks_all_read(as_user: Any, django_assert_max_num_queries: Any) -> None:
    Notification.objects.filter(recipient__username="zone_yingkou_hr").delete()
    note = services.notify([user("zone_yingkou_hr")], kind="test.page", title="请查看方案", url="/plans/")[0]
    for i in range(30):
        services.notify([user("zone_yingkou_hr")], kind="test.page", title=f"消息{i}", url="/")
    client = as_user("zone_yingkou_hr")
    with django_assert_max_num_queries(12):
        page = client.get("/inbox/")
    html = page.content.decode()
    assert page.status_code == 200 and "请查看方案" in html and "31 条未读" in html
    badge = client.get("/inbox/badge/").content.decode()
    assert ">31<" in badge
    opened = client.get(f"/inbox/{note.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/plans/"
    note.refresh_from_db()
    assert not note.unread
    assert client.post("/inbox/read-all/").status_code == 302
    assert "inbox-badge" in client.get("/inbox/badge/").content.decode()
    assert Notification.objects.filter(recipient__username="zone_yingkou_hr", read_at__isnull=True).count() == 0
    assert client.get("/inbox/?status=bogus").status_code == 400
