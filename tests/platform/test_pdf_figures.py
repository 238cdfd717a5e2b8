"""The record PDFs print money and areas as the pages do (ADR 0028): no figure as Python prints
it (1260000000.00, 77.2700) in the demo's statement, pay sheets, zone profile, establishment or
history PDFs, in either language."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.imports.workbooks import response_bytes
from tests.platform.test_page_walk import RAW_FIGURE
from tests.reports.pdf import text

pytestmark = pytest.mark.django_db

PDFS = (
    "/reports/finance-statement.pdf?zone=yingkou-coastal&year=2025",
    "/reports/assessment-pools.pdf?year=2025",
    "/reports/assessment-sheet.pdf?zone=yingkou-coastal&year=2025",
    "/reports/assessment-distribution-plan.pdf?zone=yingkou-coastal&year=2025",
    "/reports/zone-profile.pdf?zone=yingkou-coastal",
    "/reports/staffing-establishment.pdf?zone=yingkou-coastal",
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_record_pdfs_print_formatted_figures(language: str, demo: None, django_user_model: Any) -> None:
    client = Client()
    client.force_login(django_user_model.objects.get(username="province_admin"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found = {}
    for url in PDFS:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
        printed = text(response_bytes(response))
        assert any(ch.isdigit() for ch in printed), url
        raw = sorted(set(RAW_FIGURE.findall(printed)))
        if raw:
            found[url] = raw
    assert not found, found
