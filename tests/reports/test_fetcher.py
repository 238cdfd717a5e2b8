"""The PDF renderer reads local static files only: no network, no file from elsewhere on disk."""

from __future__ import annotations

import http.server
import io
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from devzone.reports.fetcher import STATIC_BASE, RefusedURL, StaticFilesFetcher
from devzone.reports.rendering import html_to_pdf
from tests.reports import pdf

MARKER = "vendor/leaflet/images/marker-icon.png"  # an image served by staticfiles (from node_modules)


def static_url(path: str) -> str:
    return f"{STATIC_BASE.rstrip('/')}{settings.STATIC_URL}{path}"


def test_static_files_are_served() -> None:
    response = StaticFilesFetcher()(static_url("reports/report.css"))
    assert b"Noto Sans CJK SC" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/x.css",
        "https://example.com/logo.png",
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/static/reports/report.css",  # a static file, but by its real path
        f"file://{settings.BASE_DIR}/devzone/settings.py",
        static_url("../devzone/settings.py"),
        static_url("reports/../../manage.py"),
        static_url("%2e%2e/manage.py"),
        static_url("no/such/file.css"),
        f"{STATIC_BASE}media/reports/x.pdf",  # the host, but not under STATIC_URL
        "data:text/css,body{color:red}",
        "ftp://example.com/x",
    ],
)
def test_everything_else_is_refused(url: str) -> None:
    with pytest.raises(RefusedURL):
        StaticFilesFetcher()(url)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    _Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_rendered_report_contains_only_the_static_image(http_server: str, tmp_path: Path) -> None:
    from django.contrib.staticfiles import finders

    outside = tmp_path / "secret.png"
    shutil.copy(finders.find(MARKER), outside)  # the same image, but outside the static dirs
    html = f"""<html lang="zh-CN"><body><p>静态图片</p>
      <img src="{settings.STATIC_URL}{MARKER}">
      <img src="{http_server}/tracker.png">
      <img src="file://{outside}">
      <link rel="stylesheet" href="{http_server}/evil.css">
    </body></html>"""
    out = io.BytesIO()
    html_to_pdf(html, out)
    data = out.getvalue()
    assert pdf.images(data) == 1  # the static marker only
    assert _Recorder.hits == []  # nothing went out on the network
    assert "静态图片" in pdf.compact(data)
