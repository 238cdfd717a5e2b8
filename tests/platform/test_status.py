from typing import Any


def test_status_page_only_for_province_admin(client: Any, demo: Any) -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    client.force_login(users.get(username="city_yingkou"))
    assert client.get("/status/").status_code == 404
    client.force_login(users.get(username="province_admin"))
    page = client.get("/status/")
    assert page.status_code == 200
    assert "数据库" in page.content.decode()


def test_health_is_public_and_terse(client: Any, db: Any) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
