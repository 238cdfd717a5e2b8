"""REST endpoints of the delegated-power register (API.md `/api/v1/powers/...`; ADR 0201).

Scoped: a delegation, evaluation or responsibility line outside the user's zones — or, for a
granting department, another department's — is a 404. Moves answer 409 naming the allowed moves.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from devzone.api.schema import CONFLICT_RESPONSE, ERROR_RESPONSES
from devzone.domain import NotFound
from devzone.tenancy import scoped
from devzone.tenancy.filters import UNSCOPED

from . import selectors, services
from .filters import DelegationFilter, EvaluationFilter, ItemFilter
from .grants import MANAGE_POWERS
from .models import Delegation, Evaluation, PowerItem, Responsibility
from .serializers import (
    CaseRecordSerializer,
    DelegationBulkSerializer,
    DelegationCreateSerializer,
    DelegationSerializer,
    DelegationUpdateSerializer,
    EvaluationCreateSerializer,
    EvaluationSerializer,
    FiguresSerializer,
    ItemSerializer,
    MoveSerializer,
    OwedSerializer,
    RecordedDelegationSerializer,
    RecordedQuerySerializer,
    ResponsibilitySerializer,
    TransitionSerializer,
)

WRITE_ERRORS = {**ERROR_RESPONSES, **CONFLICT_RESPONSE}


@extend_schema_view(
    list=extend_schema(responses={200: ItemSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: ItemSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=ItemSerializer, responses={201: ItemSerializer, **ERROR_RESPONSES}),
    partial_update=extend_schema(request=ItemSerializer, responses={200: ItemSerializer, **ERROR_RESPONSES}),
)
class PowerItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The catalogue of powers (事项): read by every logged-in user, kept by province and city staff."""

    scope_field = UNSCOPED
    serializer_class = ItemSerializer
    filterset_class = ItemFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[PowerItem]:
        return selectors.items(self.request.query_params if self.action == "list" else None)

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        """Writes are checked by the service (catalogue keepers), reads are open."""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.create_item(user=request.user, data=serializer.validated_data)
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        serializer = ItemSerializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = services.update_item(user=request.user, item=item, data=serializer.validated_data)
        return Response(ItemSerializer(item).data)


def _move_view(name: str, doc: str) -> Any:
    @extend_schema(request=MoveSerializer, responses={200: DelegationSerializer, **WRITE_ERRORS}, description=doc)
    def view(self: DelegationViewSet, request: Request, pk: str | None = None) -> Response:
        delegation = self.get_object()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        delegation = services.move(user=request.user, delegation=delegation, action=name, **serializer.validated_data)
        return Response(DelegationSerializer(selectors.get_delegation(request.user, delegation.pk)).data)

    view.__name__ = name
    view.__doc__ = doc
    return action(detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name.replace("_", "-"))(view)


@extend_schema_view(
    list=extend_schema(responses={200: DelegationSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: DelegationSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=DelegationCreateSerializer, responses={201: DelegationSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(
        request=DelegationUpdateSerializer, responses={200: DelegationSerializer, **WRITE_ERRORS}
    ),
)
class DelegationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Delegations of powers to the zones in the user's scope (a granting department: its own
    department's only). ``?as_of=YYYY-MM-DD`` lists what was in force that day, with
    ``status_as_of``. Moves: ``delegate``, ``take-on``, ``defer``, ``withdraw`` (409 when the
    current state does not allow them, naming the moves that it does)."""

    serializer_class = DelegationSerializer
    filterset_class = DelegationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {
        "partial_update": MANAGE_POWERS,
        "update": MANAGE_POWERS,
        "delegate": MANAGE_POWERS,
        "take_on": MANAGE_POWERS,
        "defer": MANAGE_POWERS,
        "withdraw": MANAGE_POWERS,
        "record_cases": MANAGE_POWERS,
    }

    def get_queryset(self) -> QuerySet[Delegation]:
        params = self.request.query_params if self.action == "list" else None
        return selectors.delegation_list(self.request.user, params)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DelegationCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        zone, item = data.pop("zone"), data.pop("item")
        (delegation,) = services.create_delegations(user=request.user, zones=[zone], items=[item], **data)
        out = selectors.get_delegation(request.user, delegation.pk)
        return Response(DelegationSerializer(out).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DelegationBulkSerializer, responses={201: DelegationSerializer(many=True), **WRITE_ERRORS})
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """One item to many zones, or many items to one zone, in one action (all or nothing)."""
        serializer = DelegationBulkSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        zones, items = data.pop("zones"), data.pop("items")
        created = services.create_delegations(user=request.user, zones=zones, items=items, **data)
        rows = selectors.delegation_list(request.user).filter(pk__in=[d.pk for d in created])
        return Response(DelegationSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        delegation = self.get_object()
        serializer = DelegationUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_delegation(user=request.user, delegation=delegation, data=serializer.validated_data)
        return Response(DelegationSerializer(selectors.get_delegation(request.user, delegation.pk)).data)

    delegate = _move_view("delegate", "拟赋权 → 已赋权：文号必填，effective_on 为生效日期。")
    take_on = _move_view("take_on", "已赋权/缓放 → 已承接（开发区）：文号必填。")
    defer = _move_view("defer", "已赋权 → 缓放（开发区）：文号、理由和替代方式（加挂牌子/派驻人员）必填。")
    withdraw = _move_view("withdraw", "收回：文号和理由必填，effective_on 为终止日期。")

    @extend_schema(responses={200: CaseRecordSerializer(many=True), **ERROR_RESPONSES})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def cases(self, request: Request, pk: str | None = None) -> Response:
        """Cases the zone handled under this delegation, per period (an auditor: of its years)."""
        delegation = self.get_object()
        rows = scoped(delegation.case_records.select_related("recorded_by"), request.user).order_by("period_start")
        return Response(CaseRecordSerializer(rows, many=True).data)

    @extend_schema(request=CaseRecordSerializer, responses={200: CaseRecordSerializer, **ERROR_RESPONSES})
    @cases.mapping.post
    def record_cases(self, request: Request, pk: str | None = None) -> Response:
        """The zone records (or corrects) one period's cases handled."""
        delegation = self.get_object()
        serializer = CaseRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.record_cases(user=request.user, delegation=delegation, **serializer.validated_data)
        return Response(CaseRecordSerializer(row).data)

    @extend_schema(
        parameters=[RecordedQuerySerializer],
        responses={200: RecordedDelegationSerializer(many=True), **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def recorded(self, request: Request) -> Response:
        """What the register *said* at ``recorded_at`` about the zone's powers in force on
        ``as_of`` (default: that day) — the recorded history, not today's corrected dates."""
        query = RecordedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        zone = selectors.zone_in_scope(request.user, params["zone"])
        rows = selectors.recorded_register(request.user, zone, params["recorded_at"], params["as_of"])
        return Response(RecordedDelegationSerializer(rows, many=True).data)

    @extend_schema(responses={200: TransitionSerializer(many=True), **ERROR_RESPONSES})
    @action(detail=True, methods=["get"], pagination_class=None)
    def log(self, request: Request, pk: str | None = None) -> Response:
        """Every move of this delegation: who, when, why, under which document."""
        delegation = self.get_object()
        return Response(TransitionSerializer(selectors.transitions(delegation), many=True).data)


@extend_schema_view(
    list=extend_schema(responses={200: EvaluationSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: EvaluationSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=EvaluationCreateSerializer, responses={201: EvaluationSerializer, **ERROR_RESPONSES}),
)
class EvaluationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The granting departments' periodic evaluations of their delegations ("谁赋权、谁指导")."""

    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter

    def get_queryset(self) -> QuerySet[Evaluation]:
        params = self.request.query_params if self.action == "list" else None
        return selectors.evaluations_for(self.request.user, params)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = EvaluationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            delegation = selectors.get_delegation(request.user, data.pop("delegation"))
        except NotFound:
            from devzone.domain import Invalid

            raise Invalid({"delegation": ["赋权不存在或不在您的范围内。"]}) from None
        evaluation = services.file_evaluation(user=request.user, delegation=delegation, **data)
        out = selectors.evaluations_for(request.user).get(pk=evaluation.pk)
        return Response(EvaluationSerializer(out).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OwedSerializer(many=True), **ERROR_RESPONSES})
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def owed(self, request: Request) -> Response:
        """Delegations whose last period's evaluation is not filed: overdue (past due) or due."""
        owed = selectors.evaluations_owed(request.user)
        rows = []
        for key in ("overdue", "due"):
            for d in owed[key]:
                d.overdue = key == "overdue"  # type: ignore[attr-defined]
                rows.append(d)
        return Response(OwedSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(responses={200: ResponsibilitySerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(
        request=ResponsibilitySerializer, responses={201: ResponsibilitySerializer, **ERROR_RESPONSES}
    ),
)
class ResponsibilityViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The zone–county responsibility list (权责清单): edited by the city, read by both sides.
    POST sets one item's line for a zone (replacing it when there is one)."""

    serializer_class = ResponsibilitySerializer

    def get_queryset(self) -> QuerySet[Responsibility]:
        qs = selectors.responsibilities_for(self.request.user)
        zone = self.request.query_params.get("zone")
        return qs.filter(zone__code=zone) if zone else qs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ResponsibilitySerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        row = services.save_responsibility(user=request.user, **serializer.validated_data)
        return Response(ResponsibilitySerializer(row).data, status=status.HTTP_201_CREATED)


class FiguresView(APIView):
    """The domain's figures for the user's scope: status counts per zone and per domain, the
    construction approval stages each zone has taken on, evaluations due and overdue."""

    scope_field = UNSCOPED

    @extend_schema(responses={200: FiguresSerializer, **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        return Response(selectors.figures(request.user))
