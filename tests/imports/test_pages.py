"""The pages: links on the zone list, upload, the run's outcome, the error report download."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from devzone.imports.models import ImportRun
from tests.imports.conftest import snapshot
from tests.imports.workbooks import ZONE_HEADERS, read, upload, xlsx, zone_row
from zones.models import Zone

pytestmark = pytest.mark.django_db


def browser(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_zone_list_offers_import_only_to_those_who_may_edit(demo: None) -> None:
    page = browser("city_yingkou").get("/zones/?level=national&page=2").content.decode()
    assert "导入 Excel" in page and 'href="/imports/zones/"' in page
    assert 'href="/imports/zones/template.xlsx"' in page
    assert 'href="/imports/zones/export.xlsx?level=national"' in page
    page = browser("auditor").get("/zones/").content.decode()
    assert "导入 Excel" not in page
    assert "下载模板" in page and "导出 Excel" in page


def test_the_export_link_downloads_the_filtered_scoped_list(demo: None) -> None:
    response = browser("city_dalian").get("/imports/zones/export.xlsx?level=national")
    assert response.status_code == 200
    assert sorted(r[0] for r in read(response.content)[1:]) == ["dalian-changxing", "dalian-etdz", "dalian-hitech"]
    bad = browser("city_dalian").get("/imports/zones/export.xlsx?level=galactic")
    assert bad.status_code == 400
    assert "galactic" in bad.content.decode()


def test_the_template_link_downloads(demo: None) -> None:
    response = browser("auditor").get("/imports/zones/template.xlsx")
    assert response.status_code == 200
    assert read(response.content)[0] == ZONE_HEADERS


def test_upload_page_is_for_importers_only(demo: None) -> None:
    assert browser("city_yingkou").get("/imports/zones/").status_code == 200
    assert browser("auditor").get("/imports/zones/").status_code == 403
    assert browser("city_yingkou").get("/imports/nothing/").status_code == 404
    assert Client().get("/imports/zones/").status_code == 302  # to the login page


def test_uploading_a_good_file_shows_the_counts(demo: None) -> None:
    client = browser("city_yingkou")
    content = xlsx([ZONE_HEADERS, zone_row("yingkou-page", "营口页面园区", planned=5)])
    response = client.post("/imports/zones/", {"file": upload(content, "页面导入.xlsx")})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/runs/{run.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "导入完成：新增 1，更新 0，未变 0。" in page
    assert "页面导入.xlsx" in page
    history = Zone.history.get(code="yingkou-page")
    assert (history.change_path, history.history_user.username) == ("import", "city_yingkou")
    listing = client.get("/imports/zones/").content.decode()
    assert "页面导入.xlsx" in listing and "新增 1，更新 0，未变 0" in listing


def test_uploading_a_bad_file_shows_the_row_errors_and_the_report(demo: None) -> None:
    client = browser("city_yingkou")
    before = snapshot()
    content = xlsx([ZONE_HEADERS, zone_row("yingkou-page", "营口页面园区", level="市级")])
    response = client.post("/imports/zones/", {"file": upload(content)}, follow=True)
    page = response.content.decode()
    assert "文件中有 1 处错误，未导入任何数据。" in page
    table = re.search(r'<table class="table" data-testid="import-errors">.*?</table>', page, re.S).group(0)
    assert "<td>2</td><td>级别</td><td><code>市级</code></td>" in table
    assert "“市级”不是可选项。可选：国家级、省级。" in table
    run = ImportRun.objects.get()
    report = client.get(f"/imports/runs/{run.pk}/errors.xlsx")
    assert report.status_code == 200
    assert read(report.content)[1] == [2, "级别", "市级", "“市级”不是可选项。可选：国家级、省级。"]
    assert snapshot() == before


def test_a_file_level_problem_is_shown_without_a_report(demo: None) -> None:
    client = browser("province_admin")
    response = client.post("/imports/zones/", {"file": upload(b"%PDF-1.4 ...", "scan.xlsx")}, follow=True)
    page = response.content.decode()
    assert "这是 PDF 文件，不是 Excel 文件。" in page
    assert 'data-testid="error-report"' not in page


def test_no_file_chosen_is_said_next_to_the_field(demo: None) -> None:
    response = browser("province_admin").post("/imports/zones/", {})
    assert response.status_code == 200
    assert "请选择要导入的 Excel(.xlsx) 文件。" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_run_page_is_only_for_its_uploader_and_polls_only_while_running(demo: None) -> None:
    client = browser("city_yingkou")
    client.post("/imports/zones/", {"file": upload(xlsx([ZONE_HEADERS, zone_row("yingkou-p", "营口P园区")]))})
    run = ImportRun.objects.get()
    assert browser("city_dalian").get(f"/imports/runs/{run.pk}/").status_code == 404
    assert browser("city_dalian").get(f"/imports/runs/{run.pk}/errors.xlsx").status_code == 404
    partial = client.get(f"/imports/runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="run-status"') and "hx-trigger" not in partial
    ImportRun.objects.filter(pk=run.pk).update(state="applying", total_rows=200, progress=50)
    partial = client.get(f"/imports/runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial
    assert "正在写入：50 / 200 行" in partial and 'value="62"' in partial
