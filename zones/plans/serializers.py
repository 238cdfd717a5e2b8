"""DRF input/output of 一区一策 plans and the establishment."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from devzone.domain.filters import ID_MAX
from devzone.tenancy.scope import visible_zones
from zones.registry.models import Zone

from .models import (
    EstablishmentUnit,
    FinanceModel,
    Plan,
    PlanComment,
    PlanSection,
    PlanSnapshot,
    PlanTransition,
    ZoneEstablishment,
)
from .services import (
    COMMENT_MAX,
    DOCUMENT_NUMBER_MAX,
    FIGURE_MAX,
    PLAN_TEXT_LIMITS,
    PLAN_TEXT_MAX,
    UNIT_DUTIES_MAX,
    UNIT_NAME_MAX,
    UNITS_MAX,
)


# The establishment (一区一策 plans section below): shown read-only on the zone.
class EstablishmentUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = EstablishmentUnit
        fields = ["name", "duties"]


class EstablishmentSerializer(serializers.ModelSerializer):
    """The zone's establishment from its approved plan (read-only here; staffing builds on it)."""

    internal_bodies = EstablishmentUnitSerializer(many=True, read_only=True)
    dispatched_agencies = EstablishmentUnitSerializer(many=True, read_only=True)
    source_plan: serializers.PrimaryKeyRelatedField[Plan] = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ZoneEstablishment
        fields = [
            "headcount_cap",
            "leadership_posts",
            "contract_term_years",
            "internal_bodies",
            "dispatched_agencies",
            "source_plan",
            "source_version",
            "source_submission",
            "approved_at",
            "updated_at",
        ]


# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans and the establishment (API.md `/api/v1/plans/`)
# ---------------------------------------------------------------------------------------------


class PlanUnitSerializer(serializers.Serializer):
    """An internal body or a dispatched agency."""

    name = serializers.CharField(max_length=UNIT_NAME_MAX)
    duties = serializers.CharField(max_length=UNIT_DUTIES_MAX, allow_blank=True, required=False, default="")


class PlanCommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, default="")
    submission = serializers.IntegerField(source="snapshot.number", read_only=True)

    class Meta:
        model = PlanComment
        fields = ["section", "text", "author", "submission", "created_at"]


class PlanTransitionSerializer(serializers.ModelSerializer):
    from_state = serializers.CharField(read_only=True, help_text="原状态（起草时为空）")
    to_state = serializers.CharField(read_only=True, help_text="新状态")
    user = serializers.CharField(source="user.username", read_only=True, default="")
    submission = serializers.IntegerField(source="snapshot.number", read_only=True, default=None, allow_null=True)

    class Meta:
        model = PlanTransition
        fields = ["from_state", "to_state", "user", "at", "note", "opinion", "document_number", "submission"]


def _text(name: str, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=PLAN_TEXT_LIMITS[name], allow_blank=True, required=False, **kwargs)


class PlanSerializer(serializers.ModelSerializer):
    """A plan version (API.md): figures, bodies and agencies as lists, prose under ``sections``."""

    zone = serializers.CharField(source="zone.code", max_length=64, help_text="开发区代码")
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    management_model = serializers.CharField(source="zone.management_model", read_only=True)
    leadership_posts = serializers.IntegerField(
        min_value=0, max_value=FIGURE_MAX["leadership_posts"], allow_null=True, required=False
    )
    headcount_cap = serializers.IntegerField(
        min_value=0, max_value=FIGURE_MAX["headcount_cap"], allow_null=True, required=False
    )
    contract_term_years = serializers.IntegerField(
        min_value=0, max_value=FIGURE_MAX["contract_term_years"], allow_null=True, required=False
    )
    leadership_note = _text("leadership_note")
    hiring_mode = _text("hiring_mode")
    exit_rule = _text("exit_rule")
    finance_model = serializers.ChoiceField(choices=FinanceModel.choices, allow_blank=True, required=False)
    # many=True passes max_length on to the ListSerializer (DRF ≥ 3.14); the stubs do not know it.
    internal_bodies = PlanUnitSerializer(many=True, source="bodies", required=False, max_length=UNITS_MAX)  # type: ignore[call-arg]
    # many=True passes max_length on to the ListSerializer (DRF ≥ 3.14); the stubs do not know it.
    dispatched_agencies = PlanUnitSerializer(many=True, source="agencies", required=False, max_length=UNITS_MAX)  # type: ignore[call-arg]
    sections = serializers.DictField(
        child=serializers.CharField(max_length=PLAN_TEXT_MAX, allow_blank=True),
        required=False,
        help_text="各部分正文，键为部分标识：" + ", ".join(PlanSection.values),
    )
    submissions = serializers.SerializerMethodField(help_text="报送次数")
    based_on: serializers.PrimaryKeyRelatedField[Plan] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    created_by = serializers.CharField(source="created_by.username", read_only=True, default="")

    class Meta:
        model = Plan
        fields = [
            "id",
            "zone",
            "zone_name",
            "management_model",
            "version",
            "state",
            "based_on",
            "headcount_cap",
            "leadership_posts",
            "leadership_note",
            "contract_term_years",
            "hiring_mode",
            "exit_rule",
            "finance_model",
            "internal_bodies",
            "dispatched_agencies",
            "sections",
            "submissions",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
        ]
        read_only_fields = ["version", "state", "created_at", "updated_at", "submitted_at", "approved_at"]

    def get_submissions(self, plan: Plan) -> int:
        return len(plan.snapshots.all())

    def validate_zone(self, value: str) -> Zone:
        if self.instance is not None:
            if value != self.instance.zone.code:
                raise serializers.ValidationError(_("方案所属开发区不能修改。"))
            return self.instance.zone
        request = self.context.get("request")
        zone = visible_zones(request.user if request is not None else AnonymousUser()).filter(code=value).first()
        if zone is None:  # out of scope reads as unknown: existence is not revealed
            raise serializers.ValidationError(_("没有代码为 %(code)s 的开发区。") % {"code": value})
        return zone

    def validate_sections(self, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(PlanSection.values))
        if unknown:
            raise serializers.ValidationError(_("未知的方案部分：%(slug)s。") % {"slug": "、".join(unknown)})
        return value


class PlanDetailSerializer(PlanSerializer):
    comments = PlanCommentSerializer(many=True, read_only=True)
    transitions = PlanTransitionSerializer(many=True, read_only=True)
    approved_by = serializers.CharField(
        source="approved_by.username", read_only=True, default="", help_text="审批人（用户名）"
    )
    approval_opinion = serializers.CharField(read_only=True, help_text="审批意见")
    approval_number = serializers.CharField(read_only=True, help_text="批复文号")

    class Meta(PlanSerializer.Meta):
        fields = [
            *PlanSerializer.Meta.fields,
            "approved_by",
            "approval_opinion",
            "approval_number",
            "comments",
            "transitions",
        ]


def plan_input(validated: dict[str, Any]) -> dict[str, Any]:
    """Serializer output → the services' input shape (``internal_bodies``/``dispatched_agencies``)."""
    data = {k: v for k, v in validated.items() if k not in ("zone", "bodies", "agencies")}
    if "bodies" in validated:
        data["internal_bodies"] = [dict(u) for u in validated["bodies"]]
    if "agencies" in validated:
        data["dispatched_agencies"] = [dict(u) for u in validated["agencies"]]
    return data


class PlanNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=COMMENT_MAX, allow_blank=True, required=False, default="")


class PlanSectionCommentSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=PlanSection.choices)
    text = serializers.CharField(max_length=COMMENT_MAX)


class PlanDecisionSerializer(PlanNoteSerializer):
    """A reviewer's decision: the 审批意见 and the document number (文号) it is issued under."""

    opinion = serializers.CharField(
        max_length=COMMENT_MAX, allow_blank=True, required=False, default="", help_text="审批意见"
    )
    document_number = serializers.CharField(
        max_length=DOCUMENT_NUMBER_MAX, allow_blank=True, required=False, default="", help_text="文号"
    )


class PlanReturnSerializer(PlanDecisionSerializer):
    # many=True passes max_length on to the ListSerializer (DRF ≥ 3.14); the stubs do not know it.
    comments = PlanSectionCommentSerializer(many=True, max_length=len(PlanSection.values) * 5)  # type: ignore[call-arg]


class PlanSnapshotSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, default="")

    class Meta:
        model = PlanSnapshot
        fields = ["number", "created_at", "created_by", "data"]


# A submission number (``PlanSnapshot.number``, a positive small integer).
SUBMISSION_MAX = 32767
SUBMISSION_SCHEMA = {"type": "integer", "minimum": 1, "maximum": SUBMISSION_MAX}


class PlanCompareQuerySerializer(serializers.Serializer):
    # Bounded above too: a number past the column's range would overflow SQLite's integer (a 500).
    with_ = serializers.IntegerField(
        required=False, min_value=1, max_value=ID_MAX, help_text="对比的另一方案 id（缺省：本方案）"
    )
    snapshot = serializers.IntegerField(
        required=False, min_value=1, max_value=SUBMISSION_MAX, help_text="本方案的第几次报送（缺省：当前内容）"
    )
    with_snapshot = serializers.IntegerField(
        required=False, min_value=1, max_value=SUBMISSION_MAX, help_text="另一方案的第几次报送（缺省：当前内容）"
    )

    def to_internal_value(self, data: Any) -> Any:
        data = {("with_" if k == "with" else k): v for k, v in data.items()}
        return super().to_internal_value(data)
