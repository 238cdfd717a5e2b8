"""Report fixtures: many zones (for multi-page and queued reports)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def make_zones(demo: Any) -> Callable[..., list[str]]:
    """Create ``n`` zones in a city; their names. The zones are inserted in bulk, then every
    membership covering the city is re-granted through the tenancy service (as after a move)."""
    from tests.tenancy.helpers import regrant_region
    from zones.models import Region, Zone

    def make(n: int, city: str = "210800", prefix: str = "测试园区") -> list[str]:
        region = Region.objects.get(code=city)
        tag = prefix.encode().hex()[:8]
        zones = [
            Zone(
                code=f"t-{city}-{tag}-{i:04d}",
                name=f"{prefix}{i:04d}号",
                kind="provincial_edz",
                level="provincial",
                city=region,
                management_model="committee_company",
                status="active",
            )
            for i in range(n)
        ]
        Zone.objects.bulk_create(zones)
        regrant_region(region)
        return [z.name for z in zones]

    return make


@pytest.fixture
def media_root(tmp_path_factory: Any, settings: Any, monkeypatch: Any) -> Any:
    """Report files go to a temporary MEDIA_ROOT (also for a worker started after this fixture)."""
    root = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = root
    monkeypatch.setenv("MEDIA_ROOT", str(root))
    return root


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
