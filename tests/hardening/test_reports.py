"""Issue 8, "a report that hangs": long texts are sized before layout, never laid out in a request."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from devzone.reports import registry, services
from devzone.reports.models import JobState, ReportJob
from devzone.reports.rendering import TooLarge, check_size, layout_seconds, prepare, render_pdf
from zones.models import Zone

ZONE = "yingkou-coastal"
URL = f"/api/v1/reports/zone-profile.pdf?zone={ZONE}"


def long_text(chars: int) -> str:
    return ("装备制造石化精细化工" * (chars // 10 + 1))[:chars]


def test_layout_estimate_grows_with_long_runs_only() -> None:
    short_cells = "".join(f"<td>{long_text(200)}</td>" for _ in range(500))
    assert layout_seconds(short_cells) == 0
    assert layout_seconds(f"<td>{long_text(1000)}</td>") == pytest.approx(1.0)
    assert layout_seconds(f"<td>{long_text(10_000)}</td>") > 120


def test_a_50_000_character_text_is_refused_at_once(api_as: Any) -> None:
    Zone.objects.filter(code=ZONE).update(leading_industries=long_text(50_000))
    response = api_as("province_admin").get(URL)
    assert response.status_code == 400
    assert "缩小筛选范围" in response.json()["detail"]


def test_the_page_refuses_it_too(demo: Any) -> None:
    Zone.objects.filter(code=ZONE).update(leading_industries=long_text(50_000))
    client = Client()
    client.force_login(get_user_model().objects.get(username="province_admin"))
    response = client.get(f"/reports/zone-profile.pdf?zone={ZONE}")
    assert response.status_code == 400
    assert "缩小筛选范围" in response.content.decode()


def test_a_long_text_in_a_small_report_is_queued_not_laid_out_in_the_request(api_as: Any) -> None:
    Zone.objects.filter(code=ZONE).update(leading_industries=long_text(3_000))
    before = ReportJob.objects.count()
    response = api_as("province_admin").get(URL)
    assert response.status_code == 202
    assert ReportJob.objects.count() == before + 1


def test_the_worker_fails_a_too_large_job_with_the_message(api_as: Any) -> None:
    user = get_user_model().objects.get(username="province_admin")
    prepared = prepare(registry.get("zone-profile"), user=user, data={"zone": ZONE})
    job = services.create_job(prepared=prepared, language="zh-hans")
    Zone.objects.filter(code=ZONE).update(leading_industries=long_text(50_000))
    done = services.run_job(job_id=job.pk)
    assert done is not None and done.state == JobState.FAILED
    assert "缩小筛选范围" in done.error
    with pytest.raises(TooLarge):
        render_pdf(prepare(registry.get("zone-profile"), user=user, data={"zone": ZONE}), io.BytesIO())
    with pytest.raises(TooLarge):
        check_size(f"<p>{long_text(20_000)}</p>", budget=1000)
