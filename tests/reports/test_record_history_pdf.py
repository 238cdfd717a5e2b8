"""The change history of one record as a PDF, read back with poppler."""

from __future__ import annotations

from typing import Any

from tests.reports import pdf
from zones.models import Zone


def zone_pk(code: str) -> int:
    return Zone.objects.get(code=code).pk


def test_history_pdf_shows_who_what_before_and_after(api_as: Any, as_user: Any) -> None:
    editor = api_as("city_yingkou")
    assert editor.patch("/api/v1/zones/yingkou-coastal/", {"founded_year": 2007}, format="json").status_code == 200
    page = as_user("auditor").get(f"/history/zones.zone/{zone_pk('yingkou-coastal')}/").content.decode()
    assert 'data-testid="record-history-pdf"' in page
    response = as_user("auditor").get(
        f"/reports/record-history.pdf?model=zones.zone&record_id={zone_pk('yingkou-coastal')}"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf.compact(data)
    for expected in ("变更记录", "辽宁(营口)沿海产业基地", "营口市编办", "成立年份", "2006", "2007", "接口", "审计组"):
        assert expected in text, expected
    assert any("CJK" in f.name and f.embedded for f in pdf.fonts(data))


def test_history_pdf_out_of_scope_or_unknown_is_404(as_user: Any, api_as: Any) -> None:
    other = zone_pk("yingkou-etdz")
    assert as_user("auditor").get(f"/reports/record-history.pdf?model=zones.zone&record_id={other}").status_code == 404
    api = api_as("city_dalian")
    assert (
        api.get(
            f"/api/v1/reports/record-history.pdf?model=zones.zone&record_id={zone_pk('yingkou-coastal')}"
        ).status_code
        == 404
    )
    assert api.get("/api/v1/reports/record-history.pdf?model=nope.nope&record_id=1").status_code == 404
    bad = api.get("/api/v1/reports/record-history.pdf?model=zones.zone&record_id=abc")
    assert bad.status_code == 400 and "record_id" in bad.json()["errors"]
