from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def as_user(demo: Any) -> Callable[[str], Any]:
    """A page client (session login) for a demo user."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    def make(username: str) -> Client:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return make
