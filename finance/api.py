"""REST endpoints of zone finance (API.md `/api/v1/finance/...`; ADR 0401).

Scoped: anything of a zone outside the user's scope is a 404 (a zone code out of scope in a
body is an unknown zone, 400). Paying a stage out of order or twice is a 409.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from devzone.api.schema import CONFLICT_RESPONSE, ERROR_RESPONSES
from devzone.domain import Invalid
from devzone.tenancy import visible_zones
from devzone.tenancy.filters import UNSCOPED
from zones.registry.models import Region

from . import selectors, services
from .filters import AgreementFilter, ProjectFilter, RevenueFilter
from .grants import MANAGE_FINANCE, REPORT_STAGES
from .models import Agreement, CityTaxPlan, FiscalProfile, IncentiveScheme, Project, Revenue, RewardDesignation
from .serializers import (
    AgreementInSerializer,
    AgreementSerializer,
    CityPlanInSerializer,
    CityPlanSerializer,
    DesignationSerializer,
    FiscalProfileSerializer,
    PayInSerializer,
    ProjectInSerializer,
    ProjectSerializer,
    ReachInSerializer,
    RevenueInSerializer,
    RevenueSerializer,
    ReviseInSerializer,
    RewardSerializer,
    SchemeSerializer,
    ShareSerializer,
    SharesQuerySerializer,
    SharesSerializer,
)

WRITE_ERRORS = {**ERROR_RESPONSES, **CONFLICT_RESPONSE}


@extend_schema_view(
    list=extend_schema(responses={200: RevenueSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(request=RevenueInSerializer, responses={201: RevenueSerializer, **WRITE_ERRORS}),
)
class RevenueViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Revenue collected in the zones, by year, month and tax type. POST enters one figure; posting
    the same zone, year, month and tax type again is a correction: a new version on history."""

    serializer_class = RevenueSerializer
    filterset_class = RevenueFilter

    def get_queryset(self) -> QuerySet[Revenue]:
        return selectors.revenue_list(self.request.user, self.request.query_params if self.action == "list" else None)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RevenueInSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        row = services.record_revenue(user=request.user, **serializer.validated_data)
        return Response(RevenueSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(responses={200: AgreementSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: AgreementSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=AgreementInSerializer, responses={201: AgreementSerializer, **WRITE_ERRORS}),
)
class AgreementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Revenue-sharing agreements (财力分成), one row per version. Ratios of a set sum to exactly
    100.00 %; overlapping agreements (zone, tax type, year) are refused; ``revise`` starts a new
    version from a year, the current one ending the year before. ``?year=`` lists those in force."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    action_permissions = {"revise": MANAGE_FINANCE}

    def get_queryset(self) -> QuerySet[Agreement]:
        return selectors.agreement_list(self.request.user, self.request.query_params if self.action == "list" else None)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AgreementInSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        zone = data.pop("zone")
        agreement = services.create_agreement(user=request.user, zone=zone, data=data)
        return Response(AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReviseInSerializer, responses={201: AgreementSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        """A new version of this agreement in force from ``effective_from``."""
        agreement = self.get_object()
        serializer = ReviseInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in request.data}
        from_year = data.pop("effective_from")
        new = services.revise_agreement(user=request.user, agreement=agreement, from_year=from_year, data=data)
        return Response(AgreementSerializer(new).data, status=status.HTTP_201_CREATED)


class SharesView(APIView):
    """Every party's share per tax type of a zone's revenue for a year — base part, increment
    part, total — under the agreement versions in force that year. The totals sum exactly to the
    zone's revenue for the year (revenue no agreement covers is listed under ``unshared``)."""

    scope_field = UNSCOPED

    @extend_schema(parameters=[SharesQuerySerializer], responses={200: SharesSerializer, **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        query = SharesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        st = selectors.statement_for(request.user, query.validated_data["zone"], query.validated_data["year"])
        return Response(
            {
                "count": len(st.rows),
                "next": None,
                "previous": None,
                "zone": st.zone.code,
                "year": st.year,
                "revenue_total": f"{st.revenue_total:.2f}",
                "parties": [
                    {k: (f"{v:.2f}" if k in ("base", "increment", "total") else v) for k, v in p.items()}
                    for p in st.party_totals
                ],
                "results": ShareSerializer(st.rows, many=True).data,
            }
        )


class RewardView(APIView):
    """The above-plan reward (seed 003) of a zone for a fiscal year, with its working and the
    ranking that earned it."""

    scope_field = UNSCOPED

    @extend_schema(parameters=[SharesQuerySerializer], responses={200: RewardSerializer, **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        query = SharesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        st = selectors.statement_for(request.user, query.validated_data["zone"], query.validated_data["year"])
        info = selectors.reward(st.zone, st.year, st)
        d, w = info.designation, info.working

        def money(value: Any) -> str | None:
            return None if value is None else f"{value:.2f}"

        return Response(
            {
                "zone": st.zone.code,
                "year": st.year,
                "eligible": w is not None,
                "reason": info.reason,
                "ranking_year": d.ranking_year if d else None,
                "ranking": d.ranking if d else None,
                "rank": d.rank if d else None,
                "out_of": d.out_of if d else None,
                "ranking_source": d.source if d else None,
                "city_tax": money(w.city_tax if w else None),
                "prior_city_tax": money(w.prior_city_tax if w else None),
                "planned_growth_percent": money(w.planned_growth_percent if w else None),
                "planned_city_tax": money(w.planned_city_tax if w else None),
                "excess": money(w.excess if w else None),
                "reward_percent": money(w.reward_percent if w else None),
                "reward": money(w.reward if w else None),
            }
        )


@extend_schema_view(
    list=extend_schema(responses={200: ProjectSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: ProjectSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=ProjectInSerializer, responses={201: ProjectSerializer, **WRITE_ERRORS}),
)
class ProjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Attracted projects (seed 002 §五(二)) with their incentive stages: 落地 ``landed``, 开工
    ``started``, 主体完工 ``structure_done``, 竣工 ``completed``. A stage is reported reached with
    evidence, then paid — never before the previous stage is paid, never twice (409)."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    action_permissions = {"pay": MANAGE_FINANCE, "reach": REPORT_STAGES}

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.project_list(self.request.user, self.request.query_params if self.action == "list" else None)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ProjectInSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        zone = data.pop("zone")
        project = services.create_project(user=request.user, zone=zone, data=data)
        return Response(
            ProjectSerializer(selectors.get_project(request.user, project.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=PayInSerializer, responses={200: ProjectSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"stages/(?P<stage>[a-z_]+)/pay", url_name="pay")
    def pay(self, request: Request, pk: str | None = None, stage: str = "") -> Response:
        """Pay one stage's due amount: 409 before the previous stage is paid, or when already paid."""
        project = self.get_object()
        serializer = PayInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.pay_stage(user=request.user, project=project, stage=stage, **serializer.validated_data)
        return Response(ProjectSerializer(selectors.get_project(request.user, project.pk)).data)

    @extend_schema(request=ReachInSerializer, responses={200: ProjectSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"stages/(?P<stage>[a-z_]+)/reach", url_name="reach")
    def reach(self, request: Request, pk: str | None = None, stage: str = "") -> Response:
        """Report that the project reached a stage, with the evidence (the zone or the city)."""
        project = self.get_object()
        serializer = ReachInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.report_stage(user=request.user, project=project, stage=stage, **serializer.validated_data)
        return Response(ProjectSerializer(selectors.get_project(request.user, project.pk)).data)


@extend_schema_view(
    list=extend_schema(responses={200: SchemeSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(request=SchemeSerializer, responses={201: SchemeSerializer, **ERROR_RESPONSES}),
)
class SchemeViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Incentive schemes: per-stage percentages of the award or amounts; 招商激励 (attraction
    costs included) or 项目奖励 (Liaoyang, seed 001). Read by all, made by province and city staff."""

    scope_field = UNSCOPED
    serializer_class = SchemeSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[IncentiveScheme]:
        return IncentiveScheme.objects.order_by("name")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SchemeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scheme = services.create_scheme(user=request.user, data=serializer.validated_data)
        return Response(SchemeSerializer(scheme).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(responses={200: DesignationSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(request=DesignationSerializer, responses={201: DesignationSerializer, **ERROR_RESPONSES}),
)
class DesignationViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Recorded designations for the above-plan reward: the ranking a zone earned it by (province)."""

    serializer_class = DesignationSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[RewardDesignation]:
        from devzone.tenancy import scoped

        return scoped(RewardDesignation.objects.select_related("zone"), self.request.user).order_by(
            "zone__code", "ranking_year"
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DesignationSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        row = services.record_designation(user=request.user, **serializer.validated_data)
        return Response(DesignationSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(responses={200: FiscalProfileSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(request=FiscalProfileSerializer, responses={201: FiscalProfileSerializer, **ERROR_RESPONSES}),
)
class FiscalProfileViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Each zone's fiscal model (独立金库、独立核算 or 单独列示). POST sets a zone's (history kept)."""

    serializer_class = FiscalProfileSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[FiscalProfile]:
        from devzone.tenancy import scoped

        return scoped(FiscalProfile.objects.select_related("zone"), self.request.user).order_by("zone__code")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = FiscalProfileSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        zone = data.pop("zone")
        profile = services.set_fiscal_profile(user=request.user, zone=zone, data=data)
        return Response(FiscalProfileSerializer(profile).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(responses={200: CityPlanSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(request=CityPlanInSerializer, responses={201: CityPlanSerializer, **ERROR_RESPONSES}),
)
class CityPlanViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Cities' planned growth of city-level tax per year (the reward's yardstick): the cities of
    the user's zones; set by the city (or the province)."""

    scope_field = UNSCOPED
    serializer_class = CityPlanSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[CityTaxPlan]:
        cities = visible_zones(self.request.user).values("city_id")
        return CityTaxPlan.objects.filter(city_id__in=cities).select_related("city").order_by("city__code", "year")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CityPlanInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        city = Region.objects.filter(code=data.pop("city"), level="city").first()
        if city is None or not visible_zones(request.user).filter(city=city).exists():
            raise Invalid({"city": [gettext("市不存在或不在您的范围内。")]})
        plan = services.set_city_plan(user=request.user, city=city, **data)
        return Response(CityPlanSerializer(plan).data, status=status.HTTP_201_CREATED)
