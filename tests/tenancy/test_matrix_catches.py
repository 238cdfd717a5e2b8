"""The matrix is not a test that cannot fail: it catches unscoped and unlisted endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from tests.tenancy.matrix import MATRIX, Req
from tests.tenancy.test_matrix import api_url_names, check, client_for
from zones.models import Zone


@override_settings(ROOT_URLCONF="tests.tenancy.leaky_urls")
def test_a_new_endpoint_without_a_row_is_reported() -> None:
    assert api_url_names() - set(MATRIX) == {
        "leaky-zone-list",
        "leaky-zone-detail",
        "forgetful-zone-list",
        "forgetful-zone-detail",
    }


@override_settings(ROOT_URLCONF="tests.tenancy.leaky_urls")
def test_an_unscoped_list_fails_the_matrix_check(demo: Any) -> None:
    with pytest.raises(AssertionError, match="sees foreign rows"):
        check(
            client_for("zone_yingkou_hr"), Req("get", "/api/v1/leaky-zones/", 200, zone_field="code"), "zone_yingkou_hr"
        )


@override_settings(ROOT_URLCONF="tests.tenancy.leaky_urls")
def test_an_unscoped_detail_fails_the_matrix_check(demo: Any) -> None:
    with pytest.raises(AssertionError, match="200 != 404"):
        check(client_for("zone_yingkou_hr"), Req("get", "/api/v1/leaky-zones/yingkou-etdz/", 404), "zone_yingkou_hr")


@override_settings(ROOT_URLCONF="tests.tenancy.leaky_urls")
def test_a_view_of_a_model_without_zone_path_fails_loudly(demo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(Zone, "zone_path")
    with pytest.raises(ImproperlyConfigured, match=r"zones\.Zone declares no zone_path"):
        client_for("zone_yingkou_hr").get("/api/v1/forgetful-zones/")


def test_a_report_that_forgets_the_scope_fails_the_matrix_check(
    demo: Any, monkeypatch: pytest.MonkeyPatch, pdfs_without_their_body: list[str]
) -> None:
    """The matrix lays PDFs out without their body, but a report out of scope must still be a 404:
    with the zone profile's scope check gone, the matrix's request answers a PDF and fails."""
    from django.contrib.auth import get_user_model

    from zones.profile import selectors

    scoped = selectors.zone_profile
    admin = get_user_model().objects.get(username="province_admin")
    monkeypatch.setattr(selectors, "zone_profile", lambda *, user, code: scoped(user=admin, code=code))
    req = Req("get", "/api/v1/reports/zone-profile.pdf?zone=yingkou-etdz", 404)
    with pytest.raises(AssertionError, match="200 != 404"):
        check(client_for("zone_yingkou_hr"), req, "zone_yingkou_hr", pdfs_without_their_body)
    assert Zone.objects.get(code="yingkou-etdz").name in pdfs_without_their_body[-1]  # the leak was laid out
    check(client_for("zone_yingkou_hr"), Req("get", "/api/v1/reports/zone-profile.pdf?zone=yingkou-coastal", 200),
          "zone_yingkou_hr", pdfs_without_their_body)  # fmt: skip
