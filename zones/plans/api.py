"""REST endpoints of the 一区一策 plans (API.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from devzone.api.schema import CONFLICT_RESPONSE, ERROR_RESPONSES
from devzone.domain.filters import ID_SCHEMA
from zones.plans.grants import DRAFT_PLAN, REVIEW_PLAN

from . import selectors, services
from .filters import PlanFilterSet
from .models import Plan, PlanSnapshot
from .serializers import (
    SUBMISSION_SCHEMA,
    PlanCompareQuerySerializer,
    PlanDecisionSerializer,
    PlanDetailSerializer,
    PlanNoteSerializer,
    PlanReturnSerializer,
    PlanSerializer,
    PlanSnapshotSerializer,
    plan_input,
)

# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans (API.md `/api/v1/plans/`; ADR 0141)
# ---------------------------------------------------------------------------------------------


PLAN_ERRORS = {**ERROR_RESPONSES, **CONFLICT_RESPONSE}

CompareSerializer = inline_serializer(
    name="PlanComparison",
    fields={
        "a": serializers.DictField(),
        "b": serializers.DictField(),
        "changed_sections": serializers.ListField(child=serializers.CharField()),
        "sections": serializers.ListField(child=serializers.DictField()),
    },
)


@extend_schema_view(
    list=extend_schema(responses={200: PlanSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: PlanDetailSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=PlanSerializer, responses={201: PlanDetailSerializer, **PLAN_ERRORS}),
    partial_update=extend_schema(request=PlanSerializer, responses={200: PlanDetailSerializer, **PLAN_ERRORS}),
)
class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """一区一策 reform plans of the zones in the user's scope: drafted by the city, reviewed by the
    province. Transitions answer 409 when the plan's state does not allow them."""

    filterset_class = PlanFilterSet  # applied by selectors.plan_list (ADR 0010)
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {
        "partial_update": DRAFT_PLAN,
        "update": DRAFT_PLAN,
        "submit": DRAFT_PLAN,
        "revise": DRAFT_PLAN,
        "return_plan": REVIEW_PLAN,
        "approve": REVIEW_PLAN,
    }

    def get_queryset(self) -> QuerySet[Plan]:
        if self.action == "list":
            return selectors.plan_list_rows(user=self.request.user, filters=self.request.query_params)
        return selectors.with_plan_details(Plan.objects.all()).order_by("pk")

    def get_serializer_class(self) -> Any:
        return PlanSerializer if self.action == "list" else PlanDetailSerializer

    def _detail(self, plan: Plan, code: int = status.HTTP_200_OK) -> Response:
        plan = selectors.plan_shown(plan_id=plan.pk)
        return Response(PlanDetailSerializer(plan, context=self.get_serializer_context()).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PlanSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        zone = serializer.validated_data["zone"]["code"]
        plan = services.create_plan(user=request.user, zone=zone, data=plan_input(serializer.validated_data))
        return self._detail(plan, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        serializer = PlanSerializer(plan, data=request.data, partial=True, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        plan = services.update_plan(user=request.user, plan=plan, data=plan_input(serializer.validated_data))
        return self._detail(plan)

    @extend_schema(request=PlanNoteSerializer, responses={200: PlanDetailSerializer, **PLAN_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Draft/returned → submitted. 400 with the rule violations by section; 409 from other states."""
        plan = self.get_object()
        serializer = PlanNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._detail(services.submit_plan(user=request.user, plan=plan, **serializer.validated_data))

    @extend_schema(request=PlanReturnSerializer, responses={200: PlanDetailSerializer, **PLAN_ERRORS})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_plan(self, request: Request, pk: str | None = None) -> Response:
        """Submitted → returned, with ``comments``: ``[{"section", "text"}]`` (at least one)."""
        plan = self.get_object()
        serializer = PlanReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = services.return_plan(
            user=request.user,
            plan=plan,
            comments=[dict(c) for c in data["comments"]],
            note=data["note"],
            opinion=data["opinion"],
            document_number=data["document_number"],
        )
        return self._detail(plan)

    @extend_schema(request=PlanDecisionSerializer, responses={200: PlanDetailSerializer, **PLAN_ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Submitted → approved, with the ``opinion`` (审批意见) and ``document_number`` (文号):
        supersedes the plan in force and becomes the zone's establishment."""
        plan = self.get_object()
        serializer = PlanDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._detail(services.approve_plan(user=request.user, plan=plan, **serializer.validated_data))

    @extend_schema(request=None, responses={201: PlanDetailSerializer, **PLAN_ERRORS})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        """Start the next version from this approved (or superseded) plan: a new draft."""
        plan = self.get_object()
        return self._detail(services.revise_plan(user=request.user, plan=plan), status.HTTP_201_CREATED)

    @extend_schema(responses={200: PlanSnapshotSerializer(many=True), **ERROR_RESPONSES})
    @action(detail=True, methods=["get"], pagination_class=None)
    def snapshots(self, request: Request, pk: str | None = None) -> Response:
        """Every submission of this plan, frozen as it was sent."""
        plan = self.get_object()
        return Response(PlanSnapshotSerializer(selectors.plan_snapshots(plan=plan), many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("with", ID_SCHEMA, description="对比的另一方案 id（缺省：本方案）"),
            OpenApiParameter("snapshot", SUBMISSION_SCHEMA, description="本方案的第几次报送（缺省：当前内容）"),
            OpenApiParameter("with_snapshot", SUBMISSION_SCHEMA, description="另一方案的第几次报送（缺省：当前内容）"),
        ],
        responses={200: CompareSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def compare(self, request: Request, pk: str | None = None) -> Response:
        """Section by section, what changed from this plan (or one of its submissions) to another."""
        plan = self.get_object()
        query = PlanCompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        try:
            a = selectors.plan_revision(user=request.user, plan_id=plan.pk, submission=params.get("snapshot"))
        except PlanSnapshot.DoesNotExist as exc:
            raise ValidationError({"snapshot": [_("该方案没有这次报送。")]}) from exc
        try:
            b = selectors.plan_revision(
                user=request.user, plan_id=params.get("with_", plan.pk), submission=params.get("with_snapshot")
            )
        except Plan.DoesNotExist as exc:
            raise ValidationError({"with": [_("没有编号为 %(id)s 的方案。") % {"id": params.get("with_")}]}) from exc
        except PlanSnapshot.DoesNotExist as exc:
            raise ValidationError({"with_snapshot": [_("该方案没有这次报送。")]}) from exc
        return Response(selectors.compare_plans(a, b))
