"""The staffing bench generator (bench/staffing.py) makes readable data: every zone without an
establishment gets one, posts and serving staff; the bench's targets answer."""

from __future__ import annotations

from typing import Any

import pytest

from bench.staffing import generate_staffing, targets
from staffing.models import Staff
from zones.models import Zone

pytestmark = pytest.mark.django_db


def test_generate_and_read(api_as: Any) -> None:
    from django.test import Client

    without = Zone.objects.filter(establishment__isnull=True).count()
    made = generate_staffing(per_zone=20)
    assert made["zones"] == without
    assert Zone.objects.filter(establishment__isnull=True).count() == 0
    assert Staff.objects.filter(name__startswith="基准").count() == made["staff"]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="city_dalian")
    client = Client()
    client.force_login(user)
    for path in targets(user):
        assert client.get(path).status_code == 200, path
