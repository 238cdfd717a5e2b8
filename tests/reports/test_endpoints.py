"""Report pages and API: scope (404), bad parameters (Chinese 400), small vs queued reports."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devzone.reports.models import JobState, ReportJob
from tests.reports import pdf

pytestmark = pytest.mark.django_db

URL = "/reports/zone-list.pdf"
API = "/api/v1/reports/zone-list.pdf"


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_anonymous_is_sent_to_login_or_gets_401(demo: Any, api_as: Any) -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert api_as(None).get(API).status_code == 401


@pytest.mark.parametrize(
    ("username", "city"),
    [("city_yingkou", "210200"), ("city_dalian", "210800"), ("dept_market", "210200"), ("zone_dalian_hr", "210800")],
)
def test_a_city_outside_the_scope_is_404(as_user: Any, api_as: Any, username: str, city: str) -> None:
    assert as_user(username).get(f"{URL}?city={city}").status_code == 404
    response = api_as(username).get(f"{API}?city={city}")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "errors": {}}


def test_a_province_officer_may_ask_for_a_city_without_zones(as_user: Any) -> None:
    response = as_user("province_staff").get(f"{URL}?city=210900")  # 阜新市: no demo zone
    assert response.status_code == 200
    assert "没有符合条件的开发区。" in pdf.compact(body(response))


def test_bad_parameters_are_a_chinese_400_on_the_page(as_user: Any) -> None:
    response = as_user("province_admin").get(f"{URL}?status=bogus&kind=nope")
    assert response.status_code == 400
    html = response.content.decode()
    assert "报表参数有误" in html
    assert "状态：选择一个有效的选项。 bogus 不在可用的选项中。" in html
    assert "类型：选择一个有效的选项。 nope 不在可用的选项中。" in html


def test_bad_parameters_are_a_chinese_400_in_the_api(api_as: Any) -> None:
    response = api_as("province_admin").get(f"{API}?status=bogus&city=abc")
    assert response.status_code == 400
    data = response.json()
    assert data["detail"].startswith("输入有误：")
    assert data["errors"]["status"] == ["选择一个有效的选项。 bogus 不在可用的选项中。"]
    assert data["errors"]["city"] == ["选择一个有效的选项。 abc 不在可用的选项中。"]
    assert not ReportJob.objects.exists()


def test_too_many_rows_is_a_chinese_400(api_as: Any, settings: Any) -> None:
    settings.REPORTS_MAX_ROWS = 5
    response = api_as("province_admin").get(API)
    assert response.status_code == 400
    assert "超过上限 5 行，请缩小筛选范围" in response.json()["detail"]


def test_unknown_report_is_404(as_user: Any, api_as: Any) -> None:
    assert as_user("province_admin").get("/reports/no-such.pdf").status_code == 404
    assert api_as("province_admin").get("/api/v1/reports/no-such.pdf").status_code == 404


def test_api_small_report_is_the_pdf_itself_whatever_accept_says(api_as: Any) -> None:
    response = api_as("auditor").get(API, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf.compact(body(response))
    assert "辽宁(营口)沿海产业基地" in text and "长兴岛" in text  # the auditor's two zones
    assert "共2个开发区" in text
    assert "生成人：审计组" in text


def test_zone_list_page_links_to_the_pdf_with_its_filters(as_user: Any) -> None:
    html = as_user("province_admin").get("/zones/?city=210800&status=active&page=1").content.decode()
    assert 'href="/reports/zone-list.pdf?city=210800&amp;status=active&amp;"' in html
    assert "导出 PDF" in html


class TestQueuedReports:
    """Above REPORTS_SYNC_MAX_ROWS a report becomes a job; the task body renders it."""

    @pytest.fixture(autouse=True)
    def small_threshold(self, settings: Any, media_root: Any) -> None:
        settings.REPORTS_SYNC_MAX_ROWS = 1

    def test_page_queues_the_job_and_shows_a_progress_bar(self, as_user: Any) -> None:
        from devzone.reports.services import run_job

        client = as_user("city_yingkou")
        response = client.get(f"{URL}?level=national")
        assert response.status_code == 302
        job = ReportJob.objects.get()
        assert response["Location"] == f"/reports/jobs/{job.pk}/"
        assert (job.state, job.progress, job.rows, job.params) == (JobState.QUEUED, 0, 2, {"level": "national"})
        assert job.scope == "营口市；筛选：级别 国家级"

        page = client.get(response["Location"]).content.decode()
        assert 'class="progress"' in page and "排队中" in page and 'hx-trigger="every 1s"' in page
        assert "下载 PDF" not in page

        run_job(job_id=job.pk)
        job.refresh_from_db()
        assert (job.state, job.progress, job.pages, job.attempts) == (JobState.DONE, 100, 1, 1)
        partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
        assert "hx-trigger" not in partial  # polling stops
        assert f'href="/reports/jobs/{job.pk}/download/"' in partial

        download = client.get(f"/reports/jobs/{job.pk}/download/")
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        text = pdf.compact(body(download))
        assert "营口经济技术开发区" in text and "营口高新技术产业开发区" in text
        assert "辽宁(营口)沿海产业基地" not in text
        assert "范围：营口市；筛选：级别国家级" in text

    def test_nobody_else_sees_or_downloads_the_job(self, as_user: Any, api_as: Any) -> None:
        from devzone.reports.services import run_job

        as_user("province_admin").get(URL)
        job = ReportJob.objects.get()
        run_job(job_id=job.pk)
        for other in ("province_staff", "city_yingkou", "auditor"):
            client = as_user(other)
            assert client.get(f"/reports/jobs/{job.pk}/").status_code == 404
            assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 404
            assert str(job.pk) not in client.get("/reports/").content.decode()
            assert api_as(other).get(f"/api/v1/reports/jobs/{job.pk}/").status_code == 404
            assert api_as(other).get(f"/api/v1/reports/jobs/{job.pk}/download/").status_code == 404
        assert as_user("province_admin").get(f"/reports/jobs/{job.pk}/download/").status_code == 200
        assert str(job.pk) in as_user("province_admin").get("/reports/").content.decode()

    def test_api_answers_202_with_the_job_then_the_pdf(self, api_as: Any) -> None:
        from devzone.reports.services import run_job

        client = api_as("city_dalian")
        response = client.get(API)
        assert response.status_code == 202
        data = response.json()
        assert response["Location"] == data["url"] == f"http://testserver/api/v1/reports/jobs/{data['id']}/"
        assert (data["state"], data["progress"], data["download_url"]) == ("queued", 0, None)
        assert data["scope"] == "大连市"

        early = client.get(f"/api/v1/reports/jobs/{data['id']}/download/")
        assert early.status_code == 409
        assert early.json()["detail"] == "报表尚未生成完成（排队中，0%）。"

        run_job(job_id=data["id"])
        done = client.get(data["url"]).json()
        assert (done["state"], done["progress"], done["pages"]) == ("done", 100, 1)
        file = client.get(done["download_url"])
        assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
        assert "大连长兴岛经济技术开发区" in pdf.compact(body(file))

    def test_a_user_who_lost_the_scope_gets_a_chinese_failure_not_a_file(self, as_user: Any) -> None:
        from devzone.reports.services import run_job
        from devzone.tenancy.models import Membership
        from devzone.tenancy.services import remove_membership

        client = as_user("city_yingkou")
        client.get(f"{URL}?city=210800")
        job = ReportJob.objects.get()
        remove_membership(membership=Membership.objects.get(user__username="city_yingkou"))
        run_job(job_id=job.pk)
        job.refresh_from_db()
        assert job.state == JobState.FAILED and not job.file
        assert job.error == "报表参数超出您当前的权限范围，未生成。"
        page = client.get(f"/reports/jobs/{job.pk}/").content.decode()
        assert "失败" in page and "报表参数超出您当前的权限范围，未生成。" in page

    def test_a_finished_file_is_withheld_once_the_scope_is_gone(self, as_user: Any) -> None:
        from devzone.reports.services import run_job
        from devzone.tenancy.models import Membership
        from devzone.tenancy.services import remove_membership

        client = as_user("city_yingkou")
        client.get(f"{URL}?city=210800")
        job = ReportJob.objects.get()
        run_job(job_id=job.pk)
        assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 200
        remove_membership(membership=Membership.objects.get(user__username="city_yingkou"))
        assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 404


class TestTaskBody:
    """The task takes an id and is idempotent: re-delivery never doubles or loses work."""

    @pytest.fixture
    def job(self, demo: Any, media_root: Any, settings: Any) -> ReportJob:
        from django.contrib.auth import get_user_model

        from devzone.reports import registry, services
        from devzone.reports.rendering import prepare

        user = get_user_model().objects.get(username="province_admin")
        prepared = prepare(registry.get("zone-list"), user=user, data={"city": "210800"})
        return services.create_job(prepared=prepared, language="zh-hans")

    def test_a_second_delivery_of_a_finished_job_changes_nothing(self, job: ReportJob, media_root: Any) -> None:
        from devzone.reports.services import run_job

        run_job(job_id=job.pk)
        job.refresh_from_db()
        first = (job.state, job.file.name, job.finished_at, job.attempts)
        assert first[0] == JobState.DONE
        assert run_job(job_id=job.pk) is None
        job.refresh_from_db()
        assert (job.state, job.file.name, job.finished_at, job.attempts) == first
        assert sorted(p.name for p in (media_root / "reports").iterdir()) == [f"{job.pk}.pdf"]

    def test_a_job_whose_worker_died_is_rendered_again_into_the_same_file(
        self, job: ReportJob, media_root: Any
    ) -> None:
        from devzone.reports.services import run_job

        run_job(job_id=job.pk)
        # As if the worker had died after claiming the job: still "running", one attempt used.
        ReportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress=40)
        (media_root / "reports" / f"{job.pk}.pdf").write_bytes(b"half a file")
        run_job(job_id=job.pk)
        job.refresh_from_db()
        assert (job.state, job.progress, job.attempts) == (JobState.DONE, 100, 2)
        files = list((media_root / "reports").iterdir())
        assert [p.name for p in files] == [f"{job.pk}.pdf"]
        assert pdf.is_pdf(files[0])

    def test_a_job_that_keeps_killing_its_worker_is_given_up_in_chinese(self, job: ReportJob) -> None:
        from devzone.reports.services import MAX_ATTEMPTS, run_job

        ReportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=MAX_ATTEMPTS)
        assert run_job(job_id=job.pk) is None
        job.refresh_from_db()
        assert job.state == JobState.FAILED
        assert job.error == "多次尝试均未能生成该报表，请缩小筛选范围后重试。"

    def test_progress_advances_page_by_page_while_the_pdf_is_laid_out(self, make_zones: Any) -> None:
        import tempfile

        from django.contrib.auth import get_user_model

        from devzone.reports import registry
        from devzone.reports.rendering import prepare, render_pdf

        make_zones(200)
        user = get_user_model().objects.get(username="province_admin")
        prepared = prepare(registry.get("zone-list"), user=user, data={})
        seen: list[int] = []
        with tempfile.TemporaryFile() as out:
            pages = render_pdf(prepared, out, progress=seen.append)
        assert pages >= 5
        assert seen == sorted(seen) and seen[-1] == 92  # never goes back; the PDF is written last
        assert len({p for p in seen if 30 < p < 90}) >= 3  # moves during layout, not in one jump

    def test_the_job_row_carries_the_progress(self, job: ReportJob) -> None:
        from devzone.reports.services import _claim, _ProgressWriter

        claimed = _claim(job.pk)
        writer = _ProgressWriter(claimed)
        writer(37)
        writer(38)  # less than a step further: no write
        writer(20)  # never backwards
        job.refresh_from_db()
        assert (job.state, job.progress) == (JobState.RUNNING, 37)


@given(
    params=st.dictionaries(
        st.sampled_from(["city", "kind", "level", "status", "management_model", "q", "page", "x"]),
        st.one_of(st.text(max_size=80), st.sampled_from(["210800", "210200", "220100", "national", "active"])),
        max_size=4,
    )
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_input_makes_a_500(api_as: Any, params: dict[str, str]) -> None:
    clean = {k: v.replace("\x00", "") for k, v in params.items()}
    response = api_as("city_yingkou").get(API, clean)
    assert response.status_code in (200, 400, 404), (clean, response.status_code)
    if response.status_code == 400:
        assert response.json()["detail"].startswith("输入有误")
