"""DRF input/output of staffing (API.md `/api/v1/staffing/...`). ID numbers go out masked unless
the rule set lets the reader's role see them whole (``context["full_ids"]``)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from . import rules
from .models import (
    Application,
    Education,
    FileIdentity,
    LeadershipMode,
    Offer,
    Post,
    Round,
    RoundKind,
    RoundPost,
    Staff,
    StaffStatus,
)


class StaffingEstablishmentSerializer(serializers.Serializer):
    zone = serializers.CharField()
    headcount_cap = serializers.IntegerField()
    leadership_posts = serializers.IntegerField()
    internal_bodies = serializers.ListField(child=serializers.CharField())
    dispatched_agencies = serializers.ListField(child=serializers.CharField())
    serving_headcount = serializers.IntegerField()
    reserved_places = serializers.IntegerField(help_text="发出未签合同的录用通知所占员额")
    free_places = serializers.IntegerField(help_text="= headcount_cap − serving_headcount − reserved_places")
    posts_places = serializers.IntegerField(help_text="岗位数额合计")
    source_plan = serializers.IntegerField()
    source_version = serializers.IntegerField()


def _masked(value: str, context: Mapping[str, Any]) -> str:
    return value if context.get("full_ids") else rules.mask_id(value)


class StaffSerializer(serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.CharField(source="department.name", read_only=True, default=None, allow_null=True)
    post: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    post_title = serializers.CharField(source="post.title", read_only=True, default=None)
    id_number = serializers.SerializerMethodField(help_text="脱敏身份证号（规则允许的角色可见完整号码）")

    class Meta:
        model = Staff
        fields = [
            "id",
            "zone",
            "name",
            "id_number",
            "education",
            "file_identity",
            "file_rank",
            "post_rank",
            "department",
            "post",
            "post_title",
            "status",
            "contract_start",
            "contract_end",
            "leadership_mode",
            "approval_record",
        ]

    def get_id_number(self, obj: Staff) -> str:
        return _masked(obj.id_number, self.context)


class StaffWriteSerializer(serializers.Serializer):
    zone = serializers.CharField(required=False, help_text="开发区代码（新建时必填）")
    name = serializers.CharField(max_length=64, required=False)
    id_number = serializers.CharField(max_length=18, required=False, write_only=True)
    education = serializers.ChoiceField(choices=Education.choices, required=False)
    file_identity = serializers.ChoiceField(choices=FileIdentity.choices, required=False)
    file_rank = serializers.CharField(max_length=64, required=False, allow_blank=True)
    post_rank = serializers.CharField(max_length=64, required=False, allow_blank=True)
    department = serializers.CharField(required=False, allow_null=True, help_text="内设机构名称")
    post = serializers.IntegerField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=StaffStatus.choices, required=False)
    contract_start = serializers.DateField(required=False, allow_null=True)
    contract_end = serializers.DateField(required=False, allow_null=True)
    leadership_mode = serializers.ChoiceField(choices=LeadershipMode.choices, required=False, allow_blank=True)
    approval_record = serializers.CharField(max_length=100, required=False, allow_blank=True)


class RoundPostSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="post.title", read_only=True)
    department = serializers.CharField(source="post.department.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = RoundPost
        fields = ["id", "post", "title", "department", "places"]


class RoundSerializer(serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    posts = RoundPostSerializer(source="round_posts", many=True, read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "zone",
            "title",
            "kind",
            "state",
            "written_weight",
            "interview_weight",
            "apply_from",
            "apply_to",
            "published_at",
            "publicity_start",
            "publicity_end",
            "posts",
        ]


class RoundPostInSerializer(serializers.Serializer):
    post = serializers.IntegerField()
    places = serializers.IntegerField(min_value=1)


class RoundCreateSerializer(serializers.Serializer):
    zone = serializers.CharField(help_text="开发区代码")
    title = serializers.CharField(max_length=128)
    kind = serializers.ChoiceField(choices=RoundKind.choices, default=RoundKind.INTERNAL)
    written_weight = serializers.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.4"))
    interview_weight = serializers.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.6"))
    apply_from = serializers.DateField(required=False, allow_null=True)
    apply_to = serializers.DateField(required=False, allow_null=True)
    posts = RoundPostInSerializer(many=True)


class MoveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, help_text="公示开始日期（默认今天）")


class ApplicationSerializer(serializers.ModelSerializer):
    applicant = serializers.SerializerMethodField(help_text="姓名与脱敏身份证号")
    post = serializers.IntegerField(source="round_post.post_id", read_only=True)
    post_title = serializers.CharField(source="round_post.post.title", read_only=True)
    internal = serializers.BooleanField(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "applicant",
            "internal",
            "post",
            "post_title",
            "preference",
            "eligible",
            "eligibility_reasons",
            "written_score",
            "interview_score",
            "total_score",
            "rank",
            "status",
            "applied_at",
        ]

    def get_applicant(self, obj: Application) -> dict[str, str | int | None]:
        return {"name": obj.name, "id_number": _masked(obj.id_number, self.context), "staff": obj.staff_id}


class ApplicationCreateSerializer(serializers.Serializer):
    post = serializers.IntegerField(help_text="岗位 id（本轮开设的岗位）")
    preference = serializers.IntegerField(min_value=1, default=1)
    staff = serializers.IntegerField(required=False, allow_null=True, help_text="本单位在聘人员 id")
    name = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    education = serializers.ChoiceField(choices=Education.choices, required=False, allow_blank=True, default="")


class ScoresSerializer(serializers.Serializer):
    written_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    interview_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class OfferSerializer(serializers.ModelSerializer):
    applicant = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "application",
            "applicant",
            "post",
            "state",
            "takes_zone_place",
            "respond_by",
            "made_at",
            "responded_at",
            "contract_start",
            "contract_end",
        ]

    def get_applicant(self, obj: Offer) -> str:
        return obj.application.name


class OfferCreateSerializer(serializers.Serializer):
    application = serializers.IntegerField()


class RespondSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ContractSerializer(serializers.Serializer):
    start = serializers.DateField()


class PostSerializer(serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.CharField(source="department.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "zone",
            "department",
            "title",
            "post_rank",
            "places",
            "leadership",
            "requirements",
            "min_education",
            "max_age",
            "internal_only",
        ]
