"""Issue 8, text limits: one declaration on the model; serializer, form and import column read it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.forms import modelform_factory
from rest_framework import serializers

from devzone.imports.columns import CellError, text_column_for
from devzone.reports.models import ReportJob
from devzone.tenancy.models import Membership


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["department"]


def test_the_model_max_length_is_the_serializers_the_forms_and_the_columns() -> None:
    limit = Membership._meta.get_field("department").max_length
    assert MembershipSerializer().fields["department"].max_length == limit
    assert modelform_factory(Membership, fields=["department"])().fields["department"].max_length == limit
    column = text_column_for(Membership, "department")
    assert (column.key, column.max_length, column.required) == ("department", limit, False)
    assert str(column.header) == "部门"
    assert column.parse("部" * limit) == "部" * limit
    with pytest.raises(CellError):
        column.parse("部" * (limit + 1))


def test_a_text_field_without_max_length_cannot_make_a_column() -> None:
    assert ReportJob._meta.get_field("error").max_length is None  # a system-written text
    with pytest.raises(ImproperlyConfigured, match="max_length"):
        text_column_for(ReportJob, "error")


# Every user-entered text field of the domain apps has its limit on the model (issue 8): the
# system-written texts (an import's detail, a job's error, an outbox debt's last error) have none.
USER_TEXTS = {
    "zones.Zone": ["leading_industries"],
    "zones.ZoneStatusChange": ["reason"],
    "zones.ZoneMerge": ["reason"],
    "zones.PlatformCompany": ["business_scope"],
    "zones.SocialFunction": ["note"],
    "zones.ZoneArea": ["bounds_text"],
    "zones.LandPlot": ["note"],
    "zones.Plan": ["leadership_note", "hiring_mode", "exit_rule"],
    "zones.PlanBody": ["duties"],
    "zones.PlanAgency": ["duties"],
    "zones.EstablishmentUnit": ["duties"],
    "zones.PlanTransition": ["note"],
    "zones.PlanComment": ["text"],
    "zones.PlanRuleSet": ["source"],
    "zones.PlanBodyBound": ["source"],
    "powers.PowerItem": ["legal_basis"],
    "powers.Delegation": ["duties", "note"],
    "powers.DelegationTransition": ["reason"],
    "powers.Evaluation": ["problems"],
    "powers.CaseRecord": ["note"],
    "powers.Responsibility": ["zone_duties", "county_duties", "handover"],
}
SYSTEM_TEXTS = {
    "imports.ImportRun.detail",
    "recompute.Outbox.last_error",
    "reports.ReportJob.scope",
    "reports.ReportJob.error",
}


def test_every_text_field_of_the_domain_apps_declares_its_length() -> None:
    from django.apps import apps
    from django.db import models

    unbounded = [
        f"{m._meta.app_label}.{m.__name__}.{f.name}"
        for m in apps.get_models()
        if m._meta.app_label in {"zones", "powers", "imports", "recompute", "reports"}
        and not m.__name__.startswith("Historical")
        for f in m._meta.concrete_fields
        if isinstance(f, models.TextField) and not f.max_length
    ]
    assert [name for name in unbounded if name not in SYSTEM_TEXTS] == []
    for label, names in USER_TEXTS.items():
        for name in names:
            assert apps.get_model(label)._meta.get_field(name).max_length, (label, name)


@pytest.mark.parametrize("length", [501, 50_000])
def test_a_zone_text_past_its_limit_is_a_chinese_400_and_nothing_is_stored(api_as: Any, length: int) -> None:
    from zones.models import Zone

    before = Zone.objects.get(code="yingkou-coastal").leading_industries
    response = api_as("province_admin").patch(
        "/api/v1/zones/yingkou-coastal/", {"leading_industries": "装" * length}, format="json"
    )
    assert response.status_code == 400
    assert "500" in response.json()["errors"]["leading_industries"][0]
    assert "确保" in response.json()["errors"]["leading_industries"][0] or "不能超过" in str(response.json())
    assert Zone.objects.get(code="yingkou-coastal").leading_industries == before


def test_hand_written_serializer_and_form_fields_read_the_models_limit() -> None:
    from powers.forms import ResponsibilityForm
    from powers.models import Delegation, Responsibility
    from powers.serializers import DelegationCreateSerializer
    from zones.models import Plan
    from zones.plans.forms import PlanForm
    from zones.plans.serializers import PlanSerializer

    assert DelegationCreateSerializer().fields["duties"].max_length == Delegation._meta.get_field("duties").max_length
    assert ResponsibilityForm().fields["handover"].max_length == Responsibility._meta.get_field("handover").max_length
    assert PlanSerializer().fields["exit_rule"].max_length == Plan._meta.get_field("exit_rule").max_length
    assert PlanForm().fields["leadership_note"].max_length == Plan._meta.get_field("leadership_note").max_length


def test_an_import_row_with_a_text_past_its_limit_is_a_row_error(api_as: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.imports.test_plots_import import PLOT_HEADERS, plot_row
    from tests.imports.workbooks import xlsx
    from zones.models import LandPlot

    limit = LandPlot._meta.get_field("note").max_length
    before = LandPlot.objects.count()
    content = xlsx([PLOT_HEADERS, plot_row("yingkou-coastal", "YK-CY-900", note="注" * (limit + 1))], title="地块")
    response = api_as("province_admin").post(
        "/api/v1/imports/plots/", {"file": SimpleUploadedFile("地块.xlsx", content)}, format="multipart"
    )
    assert response.status_code == 400
    (problem,) = response.json()["rows"]
    assert problem["column"] == "备注" and str(limit) in problem["message"]
    assert LandPlot.objects.count() == before
