from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.imports.workbooks import upload
from zones.models import Zone, ZoneArea


def snapshot() -> dict[str, Any]:
    """Everything an import could touch: zones, areas, and their change history."""
    return {
        "zones": list(Zone.objects.order_by("code").values()),
        "areas": list(ZoneArea.objects.order_by("zone_id", "slug").values()),
        "zone_history": Zone.history.count(),
        "area_history": ZoneArea.history.count(),
    }


@pytest.fixture
def post_import(api_as: Callable[[str | None], APIClient]) -> Callable[..., Any]:
    """POST a workbook to /api/v1/imports/<importer>/ as a demo user."""

    def post(username: str, content: bytes, name: str = "开发区.xlsx", importer: str = "zones") -> Any:
        return api_as(username).post(
            f"/api/v1/imports/{importer}/", {"file": upload(content, name)}, format="multipart"
        )

    return post
