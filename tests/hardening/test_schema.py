"""Issue 8, schemathesis findings on the platform's own endpoints: enforced minimums are declared."""

from __future__ import annotations

from typing import Any


def test_history_parameters_declare_the_bounds_the_filters_enforce(api_as: Any) -> None:
    schema = api_as("province_admin").get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/history/", "/api/v1/history/{model}/{record_id}/"):
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert (params["year"]["minimum"], params["year"]["maximum"]) == (1900, 9998)
        assert params["record_id"]["minimum"] == 1
