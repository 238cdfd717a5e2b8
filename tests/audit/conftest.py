"""Helpers for the change-history tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient

from devzone.audit.registry import registrations


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def at(year: int, month: int = 6, day: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0), timezone.get_default_timezone())


def this_year() -> int:
    return timezone.localdate().year


def backdate(history_row: Any, when: dt.datetime) -> None:
    """Move one historical row to another moment (as if the change had been made then)."""
    type(history_row).objects.filter(history_id=history_row.history_id).update(history_date=when)


def history_in_db(**filters: Any) -> int:
    """Historical rows of every browsable record type (all of which the province admin reads)."""
    return sum(r.history_model.objects.filter(**filters).count() for r in registrations())


def history_of_zone(zone: Any) -> int:
    """Historical rows of every browsable record type that lead to ``zone``."""
    return sum(r.history_model.objects.filter(**{r.zone_lookup: zone.pk}).count() for r in registrations())


@pytest.fixture
def token_client(demo: Any) -> Any:
    """An API client that authenticates with a real token header, as other systems do."""

    def make(username: str) -> APIClient:
        client = APIClient()
        response = client.post("/api/v1/auth/token/", {"username": username, "password": "devzone-demo"}, format="json")
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
        return client

    return make
