"""WeasyPrint URL fetcher that serves the project's static files and nothing else.

Report HTML is rendered with ``base_url = STATIC_BASE`` (a ``file://`` URL on a host that is not
a real path), so ``{% static 'reports/report.css' %}`` → ``/static/reports/report.css`` resolves to
``file://devzone-static/static/reports/report.css``. The fetcher maps that back through Django's
staticfiles finders (the same files ``runserver``/whitenoise serve) and refuses everything
else: http(s), ``data:``, any ``file://`` path on the real disk, and ``..`` escapes.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_HOST = "devzone-static"
STATIC_BASE = f"file://{STATIC_HOST}/"


class RefusedURL(ValueError):
    """The report asked for something that is not a local static file."""


def _static_roots() -> list[Path]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return roots


def static_path(url: str) -> Path:
    """The file behind a static URL, or :class:`RefusedURL`."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc != STATIC_HOST:
        raise RefusedURL(f"not a local static file: {url[:200]}")
    path = unquote(parts.path)
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    if not path.startswith(prefix):
        raise RefusedURL(f"outside STATIC_URL: {url[:200]}")
    relative = path[len(prefix) :]
    if not relative or "\x00" in relative or "\\" in relative:
        raise RefusedURL(f"bad static path: {url[:200]}")
    normal = posixpath.normpath(relative)
    if normal != relative or normal.startswith(("/", "..")) or "/../" in f"/{normal}/":
        raise RefusedURL(f"bad static path: {url[:200]}")
    found = finders.find(normal)
    if not found:
        raise RefusedURL(f"no such static file: {normal}")
    resolved = Path(found).resolve()
    if not resolved.is_file() or not any(resolved.is_relative_to(root) for root in _static_roots()):
        raise RefusedURL(f"static file outside the static directories: {normal}")
    return resolved


class StaticFilesFetcher(URLFetcher):
    """Passed as ``url_fetcher`` to WeasyPrint. A refusal is logged by WeasyPrint and the
    resource is left out (an ``<img>`` pointing elsewhere renders as nothing)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = static_path(url)
        mime, _encoding = mimetypes.guess_type(path.name)
        content_type = mime or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        response_headers = {"Content-Type": content_type}
        return URLFetcherResponse(url, body=path.read_bytes(), headers=response_headers)
