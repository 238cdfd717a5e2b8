"""Issue 8, schemathesis findings on the platform's own endpoints: enforced minimums are declared."""

from __future__ import annotations

from typing import Any

import pytest


def test_history_parameters_declare_the_bounds_the_filters_enforce(api_as: Any) -> None:
    schema = api_as("province_admin").get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/history/", "/api/v1/history/{model}/{record_id}/"):
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert (params["year"]["minimum"], params["year"]["maximum"]) == (1900, 9998)
        assert params["record_id"]["minimum"] == 1


def test_fields_that_can_be_null_are_declared_nullable(api_as: Any) -> None:
    schemas = api_as("province_admin").get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    for component, field in [
        ("Region", "parent"),
        ("Plan", "based_on"),
        ("PlanDetail", "based_on"),
        ("PlanTransition", "submission"),
        ("ZoneRegistry", "parent_zone_name"),
        ("PlatformCompany", "parent_name"),
    ]:
        assert schemas[component]["properties"][field].get("nullable") is True, (component, field)
    # A delegation without a fallback has "" (the enum must list it).
    assert "" in schemas["FallbackModeEnum"]["enum"] or any(
        "BlankEnum" in str(ref) for ref in schemas["Delegation"]["properties"]["fallback_mode"].get("oneOf", [])
    )


def test_an_import_refused_before_any_run_matches_the_400_schema(api_as: Any) -> None:
    client = api_as("province_admin")
    rejected = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]["ImportRejected"]
    body = client.post("/api/v1/imports/zones/", {}, format="multipart").json()
    assert set(rejected["required"]) == {"detail", "errors", "rows"} <= set(body)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/powers/evaluations/?delegation=1180591620717411303424",
        "/api/v1/plans/{plan}/compare/?with=1180591620717411303424",
        "/api/v1/plans/{plan}/compare/?snapshot=99999",
    ],
)
def test_ids_past_the_integer_range_are_refused_not_overflowed(api_as: Any, path: str) -> None:
    """On SQLite (the embedded default) such a number raised OverflowError: a 500."""
    from zones.models import Plan

    client = api_as("province_admin")
    response = client.get(path.format(plan=Plan.objects.first().pk))
    assert response.status_code == 400
    assert response.json()["errors"]
