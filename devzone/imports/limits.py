"""Import limits, from settings (environment) with safe defaults."""

from __future__ import annotations

from django.conf import settings


def max_rows() -> int:
    """Data rows one file may hold (a bigger file is refused before any row is checked)."""
    return int(getattr(settings, "IMPORT_MAX_ROWS", 20_000))


def max_bytes() -> int:
    """Size of the uploaded .xlsx."""
    return int(getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024))


def max_unpacked_bytes() -> int:
    """Size of the workbook once unzipped (an .xlsx is a zip: guards against zip bombs)."""
    return int(getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024))


def async_rows() -> int:
    """Files with more data rows than this are checked and applied by a Celery worker."""
    return int(getattr(settings, "IMPORT_ASYNC_ROWS", 200))


def max_reported_errors() -> int:
    """Row errors kept for the report; a file with more still changes nothing."""
    return int(getattr(settings, "IMPORT_MAX_REPORTED_ERRORS", 5_000))


def batch_rows() -> int:
    """Rows an importer that writes in bulk writes at once (a constant number of queries each)."""
    return int(getattr(settings, "IMPORT_BATCH_ROWS", 500))
