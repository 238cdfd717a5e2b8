"""Issue 8, text limits: one declaration on the model; serializer, form and import column read it."""

from __future__ import annotations

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
