"""Big files go to a real Celery worker: same checks, same all-or-nothing, progress on the run."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from devzone.imports.models import ImportRun
from devzone.imports.services import Progress
from tests.imports.conftest import snapshot
from tests.imports.workbooks import ZONE_HEADERS, read, xlsx, zone_row
from zones.models import Zone

pytestmark = pytest.mark.services


def wait_for(client: Any, url: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(url).data
        if data["state"] not in ("queued", "validating", "applying"):
            return data
        time.sleep(0.3)
    raise AssertionError(f"import run still {data['state']} after {timeout}s")


def test_a_big_file_is_checked_and_applied_by_the_worker(
    demo: None, celery_worker: Any, settings: Any, post_import: Any, api_as: Any
) -> None:
    settings.IMPORT_ASYNC_ROWS = 10
    rows = [ZONE_HEADERS] + [zone_row(f"yingkou-w{i}", f"营口后台{i}号园区", planned=i + 1) for i in range(40)]
    response = post_import("city_yingkou", xlsx(rows))
    assert response.status_code == 202, response.data
    assert response.data["state"] == "queued" and response.data["total"] == 40
    result = wait_for(api_as("city_yingkou"), response.data["status_url"])
    assert result["state"] == "applied", result
    assert (result["created"], result["updated"], result["unchanged"], result["progress"]) == (40, 0, 0, 40)

    officer = get_user_model().objects.get(username="city_yingkou")
    history = Zone.history.filter(code__startswith="yingkou-w")
    assert history.count() == 40
    assert set(history.values_list("history_type", "change_path", "history_user")) == {("+", "import", officer.pk)}
    assert Zone.objects.get(code="yingkou-w7").areas.get(slug="planned").declared_km2 == 8
    assert ImportRun.objects.get(pk=result["run"]).payload is None


def test_a_big_bad_file_is_rejected_by_the_worker_with_its_report(
    demo: None, celery_worker: Any, settings: Any, post_import: Any, api_as: Any
) -> None:
    settings.IMPORT_ASYNC_ROWS = 10
    rows = [ZONE_HEADERS] + [zone_row(f"yingkou-w{i}", f"营口后台{i}号园区") for i in range(30)]
    rows[17][3] = "县级"
    before = snapshot()
    response = post_import("city_yingkou", xlsx(rows))
    assert response.status_code == 202
    client = api_as("city_yingkou")
    result = wait_for(client, response.data["status_url"])
    assert result["state"] == "rejected"
    assert result["rows"] == [
        {"row": 18, "column": "级别", "value": "县级", "message": "“县级”不是可选项。可选：国家级、省级。"}
    ]
    assert snapshot() == before
    report = client.get(result["report_url"])
    assert read(report.content)[1] == [18, "级别", "县级", "“县级”不是可选项。可选：国家级、省级。"]


def test_progress_written_inside_the_import_transaction_is_visible_outside_it(
    demo: None, transactional_db: Any, services: str
) -> None:
    user = get_user_model().objects.get(username="city_yingkou")
    run = ImportRun.objects.create(user=user, importer="zones", file_name="p.xlsx", total_rows=5000)
    progress = Progress(run, writing=True)
    try:
        with transaction.atomic():
            Zone.objects.filter(code="yingkou-etdz").update(leading_industries="写入中")
            progress.tick(100)  # every 100 rows for a 5000-row file
            progress.tick(150)  # not a step: nothing written
            seen = ImportRun.objects.get(pk=run.pk).progress  # a new statement sees the other commit
    finally:
        progress.close()
    assert seen == 100
