from typing import Any

from django.contrib.auth import get_user_model


def test_zone_list_page_filters_and_scope(client: Any, demo: Any) -> None:
    client.force_login(get_user_model().objects.get(username="city_dalian"))
    page = client.get("/zones/").content.decode()
    assert "大连经济技术开发区" in page and "营口" not in page.split("<main")[1]
    # the rows only (the filter form's 上级园区 options name zones too)
    filtered = client.get("/zones/?kind=national_hitech").content.decode().split('data-testid="zone-list"')[1]
    assert "大连高新技术产业园区" in filtered and "大连经济技术开发区" not in filtered
    partial = client.get("/zones/?q=长兴岛", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "大连长兴岛经济技术开发区" in partial


def test_zone_profile_shows_yingkou_areas(client: Any, demo: Any) -> None:
    client.force_login(get_user_model().objects.get(username="auditor"))
    page = client.get("/zones/yingkou-coastal/").content.decode()
    for text in ("77.27", "144.41", "东起营钢东路，南至兰旗村", "化工产业区", "管委会+公司"):
        assert text in page
    assert client.get("/zones/yingkou-etdz/").status_code == 404


def test_anonymous_is_sent_to_login(client: Any, db: Any) -> None:
    response = client.get("/zones/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
