"""Staffing speaks English when asked (its own catalogue, staffing/locale/en)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_refusals_and_labels_in_english(api_as: Any) -> None:
    hr = api_as("zone_yingkou_hr")
    r = hr.post(
        "/api/v1/staffing/staff/",
        {"zone": "yingkou-coastal", "name": "x", "id_number": "210802199001011234", "file_identity": "society"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 400
    assert r.json()["errors"]["id_number"] == ["The ID number's check character is wrong."]
    from django.utils import translation

    from staffing.models import RoundState

    with translation.override("en"):
        assert str(RoundState.PUBLICITY.label) == "Publicity"
