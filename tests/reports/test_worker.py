"""A large report through the real path: API → Redis → a real Celery worker on the `reports` queue."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from devzone.reports.models import JobState, ReportJob
from tests.reports import pdf

pytestmark = pytest.mark.services


def poll(client: Any, url: str, timeout: float = 180) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    """Poll a job until it finishes; returns the last answer and the (state, progress) seen."""
    seen: list[tuple[str, int]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(url).json()
        if not seen or seen[-1] != (data["state"], data["progress"]):
            seen.append((data["state"], data["progress"]))
        if data["state"] in ("done", "failed"):
            return data, seen
        time.sleep(0.2)
    raise AssertionError(f"job still {seen[-1]} after {timeout}s")


def test_a_600_row_report_is_rendered_by_the_worker(media_root: Path, celery_worker: Any, make_zones: Any) -> None:
    names = make_zones(600)
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="city_yingkou"))

    response = client.get("/api/v1/reports/zone-list.pdf")
    assert response.status_code == 202
    job = response.json()
    assert job["state"] == "queued" and job["rows"] == 603

    done, seen = poll(client, job["url"])
    assert done["state"] == "done", done["error"]
    assert seen[0][0] in ("queued", "running") and seen[-1] == ("done", 100)
    assert [p for _s, p in seen] == sorted(p for _s, p in seen)  # progress only moves forward

    file = client.get(done["download_url"])
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    data = b"".join(file.streaming_content)
    total = pdf.pages(data)
    assert total == done["pages"] >= 10
    text = pdf.compact(data)
    assert "共603个开发区" in text and "辽宁(营口)沿海产业基地" in text
    assert all(text.count(name) == 1 for name in names)
    assert f"第{total}页/共{total}页" in pdf.compact(data, total)
    assert any("CJK" in f.name and f.embedded for f in pdf.fonts(data))
    stored = ReportJob.objects.get(pk=job["id"])
    assert (media_root / stored.file.name).is_file()


def test_the_page_shows_progress_then_the_download_link(media_root: Path, celery_worker: Any, make_zones: Any) -> None:
    from django.test import Client

    make_zones(320, city="210200")
    client = Client()
    client.force_login(get_user_model().objects.get(username="city_dalian"))
    response = client.get("/reports/zone-list.pdf")
    assert response.status_code == 302
    job = ReportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert 'class="progress"' in page

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
        if "下载 PDF" in partial:
            break
        assert "失败" not in partial, partial
        time.sleep(0.3)
    else:
        raise AssertionError("no download link")
    assert 'value="100"' in partial and "hx-trigger" not in partial
    job.refresh_from_db()
    assert job.state == JobState.DONE
    download = client.get(f"/reports/jobs/{job.pk}/download/")
    text = pdf.compact(b"".join(download.streaming_content))
    from zones.models import Zone

    expected = Zone.objects.filter(city__code="210200").count()
    assert expected > 320  # ours and the demo's Dalian zones
    assert f"共{expected}个开发区" in text and "生成人：大连市编办" in text
