"""REST endpoints of staffing (API.md `/api/v1/staffing/...`; ADR 0301).

Scoped: anything outside the user's zones is a 404; writes need ``manage_staffing`` (403);
illegal moves and a post or cap without a place answer 409.
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
from devzone.domain import Invalid, NotFound
from devzone.tenancy import visible_zones
from devzone.tenancy.filters import UNSCOPED
from zones.plans.models import EstablishmentUnit

from . import rules, selectors, services
from .filters import RoundFilter, StaffFilter
from .grants import MANAGE_STAFFING
from .models import Application, Offer, Post, Round, Staff
from .serializers import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    ContractSerializer,
    MoveSerializer,
    OfferCreateSerializer,
    OfferSerializer,
    PostSerializer,
    RespondSerializer,
    RoundCreateSerializer,
    RoundSerializer,
    ScoresSerializer,
    StaffingEstablishmentSerializer,
    StaffSerializer,
    StaffWriteSerializer,
)

WRITE_ERRORS = {**ERROR_RESPONSES, **CONFLICT_RESPONSE}


def establishment_data(view: selectors.EstablishmentView) -> dict[str, Any]:
    est = view.establishment
    return {
        "zone": view.zone.code,
        "headcount_cap": est.headcount_cap,
        "leadership_posts": est.leadership_posts,
        "internal_bodies": view.internal_bodies,
        "dispatched_agencies": view.dispatched_agencies,
        "serving_headcount": view.overall.serving,
        "reserved_places": view.overall.reserved,
        "free_places": view.overall.free,
        "posts_places": view.posts_places,
        "source_plan": est.source_plan_id,
        "source_version": est.source_version,
    }


class EstablishmentView(APIView):
    """A zone's establishment as a ledger: cap, serving, reserved (offers out), free."""

    scope_field = UNSCOPED  # scoped by zone_in_scope

    @extend_schema(responses={200: StaffingEstablishmentSerializer, **ERROR_RESPONSES})
    def get(self, request: Request, zone_code: str) -> Response:
        return Response(establishment_data(selectors.establishment(request.user, zone_code)))


def _context(request: Request, zone: Any) -> dict[str, Any]:
    return {"full_ids": selectors.sees_full_ids(request.user, zone) if zone is not None else False}


def _department(zone: Any, name: Any) -> EstablishmentUnit | None:
    if not name:
        return None
    unit = EstablishmentUnit.objects.filter(establishment__zone=zone, kind="internal", name=name).first()
    if unit is None:
        raise Invalid({"department": ["部门不是本开发区核定的内设机构。"]})
    return unit


def _post(zone: Any, pk: Any) -> Post | None:
    if pk is None:
        return None
    post = Post.objects.filter(zone=zone, pk=pk).first()
    if post is None:
        raise Invalid({"post": ["岗位不属于本开发区。"]})
    return post


@extend_schema_view(
    list=extend_schema(responses={200: StaffSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: StaffSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=StaffWriteSerializer, responses={201: StaffSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(request=StaffWriteSerializer, responses={200: StaffSerializer, **WRITE_ERRORS}),
)
class StaffViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Staff records (dual track: file identity and rank beside the post rank). ID numbers masked."""

    serializer_class = StaffSerializer
    filterset_class = StaffFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {"partial_update": MANAGE_STAFFING, "update": MANAGE_STAFFING}

    def get_queryset(self) -> QuerySet[Staff]:
        params = self.request.query_params if self.action == "list" else None
        return selectors.staff_list(self.request.user, params)

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = dict(super().get_serializer_context())
        code = self.request.query_params.get("zone")
        zone = None
        if code:
            zone = visible_zones(self.request.user).filter(code=code).first()
        ctx.update(_context(self.request, zone))
        return ctx

    def _data(self, zone: Any, data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        data.pop("zone", None)
        if "department" in data:
            data["department"] = _department(zone, data["department"])
        if "post" in data:
            data["post"] = _post(zone, data["post"])
        return data

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = StaffWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        code = serializer.validated_data.get("zone")
        if not code:
            raise Invalid({"zone": ["请填写开发区代码。"]})
        try:
            zone = selectors.zone_in_scope(request.user, code)
        except NotFound:
            raise Invalid({"zone": ["开发区不存在或不在您的范围内。"]}) from None
        for name in ("name", "file_identity"):
            if not serializer.validated_data.get(name):
                raise Invalid({name: ["该字段必填。"]})
        staff = services.save_staff(user=request.user, zone=zone, data=self._data(zone, serializer.validated_data))
        return Response(StaffSerializer(staff, context=_context(request, zone)).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        staff = self.get_object()
        serializer = StaffWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        staff = services.save_staff(
            user=request.user, zone=staff.zone, staff=staff, data=self._data(staff.zone, serializer.validated_data)
        )
        return Response(StaffSerializer(staff, context=_context(request, staff.zone)).data)


@extend_schema_view(
    list=extend_schema(responses={200: PostSerializer(many=True), **ERROR_RESPONSES}),
)
class PostViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Posts (按需设岗) of the zones in scope; ``?zone=`` one zone's."""

    serializer_class = PostSerializer

    def get_queryset(self) -> QuerySet[Post]:
        from devzone.tenancy import scoped

        qs = scoped(Post.objects.all(), self.request.user).select_related("zone", "department")
        zone = self.request.query_params.get("zone")
        return qs.filter(zone__code=zone) if zone else qs


@extend_schema_view(
    list=extend_schema(responses={200: RoundSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: RoundSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=RoundCreateSerializer, responses={201: RoundSerializer, **WRITE_ERRORS}),
)
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Recruitment rounds: draft → open → scoring → ranked → offers → publicity → contracts → closed.
    ``POST …/{id}/moves/{action}/`` moves it (409 when the state does not allow the move)."""

    serializer_class = RoundSerializer
    filterset_class = RoundFilter
    action_permissions = {
        "move": MANAGE_STAFFING,
        "add_application": MANAGE_STAFFING,
        "make_offer": MANAGE_STAFFING,
    }

    def get_queryset(self) -> QuerySet[Round]:
        params = self.request.query_params if self.action == "list" else None
        return selectors.round_list(self.request.user, params)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RoundCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            zone = selectors.zone_in_scope(request.user, data.pop("zone"))
        except NotFound:
            raise Invalid({"zone": ["开发区不存在或不在您的范围内。"]}) from None
        posts = []
        for row in data.pop("posts"):
            post = _post(zone, row["post"])
            assert post is not None
            posts.append((post, row["places"]))
        rnd = services.create_round(user=request.user, zone=zone, posts=posts, **data)
        return Response(RoundSerializer(selectors.get_round(request.user, rnd.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MoveSerializer, responses={200: RoundSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"moves/(?P<move>[a-z_]+)", url_name="move")
    def move(self, request: Request, pk: str | None = None, move: str = "") -> Response:
        """One move: ``open``, ``start_scoring``, ``publish``, ``start_offers``, ``start_publicity``,
        ``end_publicity``, ``close``."""
        rnd = self.get_object()
        if move not in rules.ROUND_TRANSITIONS:
            raise NotFound()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rnd = services.move_round(user=request.user, round=rnd, action=move, **serializer.validated_data)
        return Response(RoundSerializer(selectors.get_round(request.user, rnd.pk)).data)

    @extend_schema(responses={200: ApplicationSerializer(many=True), **ERROR_RESPONSES})
    @action(detail=True, methods=["get"], filterset_class=None)
    def applications(self, request: Request, pk: str | None = None) -> Response:
        """The round's applications with scores, weighted totals and (once published) ranks."""
        rnd = self.get_object()
        rows = self.paginate_queryset(selectors.applications_of(rnd))
        ctx = _context(request, rnd.zone)
        return self.get_paginated_response(ApplicationSerializer(rows, many=True, context=ctx).data)

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationSerializer, **WRITE_ERRORS})
    @applications.mapping.post
    def add_application(self, request: Request, pk: str | None = None) -> Response:
        rnd = self.get_object()
        serializer = ApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        rp = rnd.round_posts.filter(post_id=data.pop("post")).first()
        if rp is None:
            raise Invalid({"post": ["岗位不在本轮。"]})
        staff_id = data.pop("staff", None)
        staff = None
        if staff_id is not None:
            staff = Staff.objects.filter(zone=rnd.zone, pk=staff_id).first()
            if staff is None:
                raise Invalid({"staff": ["人员不属于本开发区。"]})
        app = services.apply(user=request.user, round=rnd, round_post=rp, staff=staff, **data)
        return Response(
            ApplicationSerializer(app, context=_context(request, rnd.zone)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses={200: OfferSerializer(many=True), **ERROR_RESPONSES})
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def offers(self, request: Request, pk: str | None = None) -> Response:
        rnd = self.get_object()
        return Response(OfferSerializer(selectors.offers_of(rnd), many=True).data)

    @extend_schema(request=OfferCreateSerializer, responses={201: OfferSerializer, **WRITE_ERRORS})
    @offers.mapping.post
    def make_offer(self, request: Request, pk: str | None = None) -> Response:
        """``{"application": id}`` makes an offer; 409 when the post or the zone's cap has no place."""
        rnd = self.get_object()
        serializer = OfferCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer = services.make_offer(user=request.user, round=rnd, application=serializer.validated_data["application"])
        return Response(OfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class ApplicationScoresView(APIView):
    """Enter an application's written and interview scores (the round in scoring)."""

    @extend_schema(request=ScoresSerializer, responses={200: ApplicationSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        from devzone.tenancy import scoped

        app = scoped(Application.objects.select_related("round__zone"), request.user).filter(pk=pk).first()
        if app is None:
            raise NotFound()
        serializer = ScoresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        app = services.enter_scores(
            user=request.user,
            application=app,
            written=serializer.validated_data["written_score"],
            interview=serializer.validated_data["interview_score"],
        )
        return Response(ApplicationSerializer(app, context=_context(request, app.round.zone)).data)


def _offer(request: Request, pk: int) -> Offer:
    from devzone.tenancy import scoped

    offer = scoped(Offer.objects.select_related("round__zone", "application"), request.user).filter(pk=pk).first()
    if offer is None:
        raise NotFound()
    return offer


class OfferRespondView(APIView):
    """The applicant's answer to an offer: accept, or decline (the place passes on)."""

    @extend_schema(request=RespondSerializer, responses={200: OfferSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        offer = _offer(request, pk)
        serializer = RespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer = services.respond(user=request.user, offer=offer, **serializer.validated_data)
        return Response(OfferSerializer(offer).data)


class OfferContractView(APIView):
    """Sign the contract of an accepted offer after publicity, for the rule set's term."""

    @extend_schema(request=ContractSerializer, responses={200: StaffSerializer, **WRITE_ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        offer = _offer(request, pk)
        serializer = ContractSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        staff = services.sign_contract(user=request.user, offer=offer, start=serializer.validated_data["start"])
        return Response(StaffSerializer(staff, context=_context(request, offer.round.zone)).data)
