"""REST endpoints for regions and zones (API.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from devzone.api.exceptions import Conflict
from devzone.api.schema import CONFLICT_RESPONSE, ERROR_RESPONSES
from devzone.tenancy import can, scoped
from devzone.tenancy.filters import UNSCOPED
from devzone.tenancy.roles import CHANGE_STATUS, DRAFT_PLAN, EDIT_REGISTRY, REVIEW_PLAN

from . import selectors, services
from .models import (
    LandPlot,
    ManagementModel,
    Plan,
    PlanSnapshot,
    PlanState,
    PlatformCompany,
    PlotUse,
    Region,
    RegionLevel,
    SocialFunction,
    SocialFunctionKind,
    SocialFunctionState,
    Zone,
    ZoneArea,
    ZoneKind,
    ZoneLevel,
    ZoneStatus,
    ZoneStatusChange,
)
from .serializers import (
    AreaDetailSerializer,
    LandPlotSerializer,
    MergeInputSerializer,
    PlanCompareQuerySerializer,
    PlanDetailSerializer,
    PlanNoteSerializer,
    PlanReturnSerializer,
    PlanSerializer,
    PlanSnapshotSerializer,
    PlatformCompanySerializer,
    RegionSerializer,
    SocialFunctionSerializer,
    StatusChangeInputSerializer,
    StatusChangeSerializer,
    ZoneRegistrySerializer,
    ZoneSerializer,
    plan_input,
)


class RegionFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=RegionLevel.choices)
    parent = filters.CharFilter(field_name="parent__code")

    class Meta:
        model = Region
        fields = ["level", "parent"]


@extend_schema_view(list=extend_schema(responses={200: RegionSerializer(many=True), **ERROR_RESPONSES}))
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative divisions (public reference data: every logged-in user sees them)."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    scope_field = UNSCOPED
    filterset_class = RegionFilter

    def get_queryset(self) -> QuerySet[Region]:
        return selectors.region_list()


class ZoneFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ZoneKind.choices)
    level = filters.ChoiceFilter(choices=ZoneLevel.choices)
    status = filters.ChoiceFilter(choices=ZoneStatus.choices)
    management_model = filters.ChoiceFilter(choices=ManagementModel.choices)
    city = filters.CharFilter(field_name="city__code")
    county = filters.CharFilter(field_name="county__code")
    parent_zone = filters.CharFilter(field_name="parent_zone__code", label=gettext_lazy("上级园区"))
    q = filters.CharFilter(method="search", label="搜索")

    class Meta:
        model = Zone
        fields = ["kind", "level", "status", "management_model", "city", "county", "parent_zone"]

    def search(self, queryset: QuerySet[Zone], name: str, value: str) -> QuerySet[Zone]:
        return selectors.search_zones(queryset, value)


def _zone_shown(zone: Zone) -> dict[str, Any]:
    """A zone as the detail answers it: registry and establishment loaded in fixed queries."""
    return ZoneRegistrySerializer(
        selectors.with_establishment(selectors.with_registry(Zone.objects)).get(pk=zone.pk)
    ).data


@extend_schema_view(
    list=extend_schema(responses={200: ZoneSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: ZoneRegistrySerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=ZoneSerializer, responses={201: ZoneRegistrySerializer, **ERROR_RESPONSES}),
    partial_update=extend_schema(
        request=ZoneSerializer, responses={200: ZoneRegistrySerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE}
    ),
)
class ZoneViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Development zones in the user's scope, addressed by ``code``."""

    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    scope_field = ""
    filterset_class = ZoneFilter
    action_permissions = {"partial_update": EDIT_REGISTRY, "update": EDIT_REGISTRY, "merge": CHANGE_STATUS}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Zone]:
        qs = Zone.objects.select_related("city", "county", "parent_zone")
        if self.action == "retrieve":
            qs = selectors.with_establishment(selectors.with_registry(qs))
        return qs.order_by("city__code", "code")

    def get_serializer_class(self) -> Any:
        return ZoneSerializer if self.action == "list" else ZoneRegistrySerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ZoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        zone = services.create_zone(user=request.user, data=serializer.validated_data)
        return Response(_zone_shown(zone), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        zone = self.get_object()
        serializer = ZoneSerializer(zone, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        zone = services.update_zone(user=request.user, zone=zone, data=serializer.validated_data)
        return Response(_zone_shown(zone))

    @extend_schema(
        request=MergeInputSerializer,
        responses={200: ZoneRegistrySerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
        summary="整合开发区(一区多园)",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Merge the listed zones into this one: they become its sub-parks with status ``merged``."""
        surviving = self.get_object()
        serializer = MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        merged = _zones_by_code(request.user, data["merged"], field="merged")
        services.merge_zones(
            user=request.user,
            surviving=surviving,
            merged=merged,
            effective_date=data["effective_date"],
            document_no=data["document_no"],
            reason=data["reason"],
        )
        return Response(_zone_shown(surviving))


# ---------------------------------------------------------------------------------------------
# Registry endpoints nested under a zone: /zones/{code}/status/, /companies/, /social-functions/,
# /plots/. The zone comes from the URL and must be in scope (else 404); writes need
# EDIT_REGISTRY on it (status changes CHANGE_STATUS), else 403.
# ---------------------------------------------------------------------------------------------

ZONE_CODE = OpenApiParameter("zone_code", str, OpenApiParameter.PATH, description="开发区代码")


def _zones_by_code(user: Any, codes: list[str], *, field: str) -> list[Zone]:
    found = {z.code: z for z in selectors.zone_list(user=user).filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError({field: [_("没有代码为 %(value)s 的开发区。") % {"value": ", ".join(missing)}]})
    return [found[c] for c in codes]


class ZoneChildViewSet(viewsets.GenericViewSet):
    """Base of the endpoints that hang under ``/zones/{zone_code}/``."""

    scope_field = "zone"
    write_permission = EDIT_REGISTRY
    action_permissions = {"partial_update": EDIT_REGISTRY, "update": EDIT_REGISTRY, "destroy": EDIT_REGISTRY}

    def zone(self) -> Zone:
        if not hasattr(self, "_zone"):
            try:
                self._zone = selectors.zone_in_scope(user=self.request.user, code=self.kwargs["zone_code"])
            except Zone.DoesNotExist as exc:
                raise NotFound(_("未找到。")) from exc
        return self._zone

    def require_write(self) -> Zone:
        zone = self.zone()
        if not can(self.request.user, self.write_permission, zone):
            raise PermissionDenied(_("您无权修改该开发区档案。"))
        return zone

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if "zone_code" in getattr(self, "kwargs", {}) and self.request and self.request.user.is_authenticated:
            context["zone"] = self.zone()
        return context


@extend_schema_view(
    list=extend_schema(parameters=[ZONE_CODE], responses={200: StatusChangeSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(
        parameters=[ZONE_CODE],
        request=StatusChangeInputSerializer,
        responses={201: StatusChangeSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    ),
)
class ZoneStatusViewSet(mixins.ListModelMixin, ZoneChildViewSet):
    """A zone's dated status history; POST records a change (province admins)."""

    serializer_class = StatusChangeSerializer
    write_permission = CHANGE_STATUS

    def get_queryset(self) -> QuerySet[ZoneStatusChange]:
        if getattr(self, "swagger_fake_view", False):
            return ZoneStatusChange.objects.none()
        return selectors.status_history(zone=self.zone())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        zone = self.zone()
        if not can(request.user, CHANGE_STATUS, zone):
            raise PermissionDenied(_("只有省级管理员可以变更开发区状态。"))
        serializer = StatusChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = services.change_status(user=request.user, zone=zone, **serializer.validated_data)
        return Response(StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)


class ZoneChildCrud(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ZoneChildViewSet,
):
    """List/create/retrieve/update/delete of one kind of zone-owned registry row."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        zone = self.require_write()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.store(zone=zone, instance=None, data=serializer.validated_data)
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        obj = self.store(zone=self.zone(), instance=instance, data=serializer.validated_data)
        return Response(self.get_serializer(obj).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.remove(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def store(self, *, zone: Zone, instance: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def remove(self, instance: Any) -> None:
        raise NotImplementedError


def _crud_schema(serializer: Any, lookup: OpenApiParameter) -> Any:
    return extend_schema_view(
        list=extend_schema(parameters=[ZONE_CODE], responses={200: serializer(many=True), **ERROR_RESPONSES}),
        create=extend_schema(parameters=[ZONE_CODE], responses={201: serializer, **ERROR_RESPONSES}),
        retrieve=extend_schema(parameters=[ZONE_CODE, lookup], responses={200: serializer, **ERROR_RESPONSES}),
        partial_update=extend_schema(
            parameters=[ZONE_CODE, lookup], responses={200: serializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE}
        ),
        destroy=extend_schema(
            parameters=[ZONE_CODE, lookup], responses={204: None, **ERROR_RESPONSES, **CONFLICT_RESPONSE}
        ),
    )


@_crud_schema(PlatformCompanySerializer, OpenApiParameter("id", int, OpenApiParameter.PATH))
class PlatformCompanyViewSet(ZoneChildCrud):
    """Platform companies of the "1+1+N" structure (管委会 / 国有集团公司 / 专业化公司)."""

    serializer_class = PlatformCompanySerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[PlatformCompany]:
        if getattr(self, "swagger_fake_view", False):
            return PlatformCompany.objects.none()
        return selectors.company_list(zone=self.zone())

    def store(self, *, zone: Zone, instance: Any, data: dict[str, Any]) -> PlatformCompany:
        return services.save_company(user=self.request.user, zone=zone, company=instance, data=data)

    def remove(self, instance: PlatformCompany) -> None:
        services.delete_company(user=self.request.user, company=instance)


class SocialFunctionFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=SocialFunctionState.choices)

    class Meta:
        model = SocialFunction
        fields = ["state"]


@_crud_schema(
    SocialFunctionSerializer,
    OpenApiParameter("function", str, OpenApiParameter.PATH, enum=SocialFunctionKind.values),
)
class SocialFunctionViewSet(ZoneChildCrud):
    """Social-affairs functions: retained (保留) or stripped (剥离) to a receiving body."""

    serializer_class = SocialFunctionSerializer
    lookup_field = "function"
    lookup_value_regex = "[a-z_]+"
    filterset_class = SocialFunctionFilter

    def get_queryset(self) -> QuerySet[SocialFunction]:
        if getattr(self, "swagger_fake_view", False):
            return SocialFunction.objects.none()
        return selectors.social_function_list(zone=self.zone())

    def store(self, *, zone: Zone, instance: Any, data: dict[str, Any]) -> SocialFunction:
        return services.save_social_function(user=self.request.user, zone=zone, item=instance, data=data)

    def remove(self, instance: SocialFunction) -> None:
        services.delete_social_function(user=self.request.user, item=instance)


class LandPlotFilter(filters.FilterSet):
    use = filters.ChoiceFilter(choices=PlotUse.choices)
    move_out = filters.BooleanFilter(method="filter_move_out", label=gettext_lazy("调出"))

    class Meta:
        model = LandPlot
        fields = ["use", "move_out"]

    def filter_move_out(self, queryset: QuerySet[LandPlot], name: str, value: bool | None) -> QuerySet[LandPlot]:
        if value is None:
            return queryset
        return queryset.filter(selectors.MOVE_OUT_Q) if value else queryset.exclude(selectors.MOVE_OUT_Q)


@_crud_schema(LandPlotSerializer, OpenApiParameter("code", str, OpenApiParameter.PATH, description="地块编号"))
class LandPlotViewSet(ZoneChildCrud):
    """Land plots with use, area and enterprise; per-mu figures per plot; ``?move_out=true``: 调出."""

    serializer_class = LandPlotSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = LandPlotFilter

    def get_queryset(self) -> QuerySet[LandPlot]:
        if getattr(self, "swagger_fake_view", False):
            return LandPlot.objects.none()
        return selectors.plot_list(zone=self.zone())

    def store(self, *, zone: Zone, instance: Any, data: dict[str, Any]) -> LandPlot:
        if instance is None:
            return services.create_plot(user=self.request.user, zone=zone, data=data)
        return services.update_plot(user=self.request.user, plot=instance, data=data)

    def remove(self, instance: LandPlot) -> None:
        services.delete_plot(user=self.request.user, plot=instance)


AREA_PATH_PARAMETERS = [
    OpenApiParameter("code", str, OpenApiParameter.PATH, description="开发区代码，如 yingkou-coastal"),
    OpenApiParameter("kind", str, OpenApiParameter.PATH, description="catalogue / planned / controlled，或片区标识"),
]


@extend_schema_view(
    retrieve=extend_schema(parameters=AREA_PATH_PARAMETERS, responses={200: AreaDetailSerializer, **ERROR_RESPONSES}),
    update=extend_schema(
        parameters=AREA_PATH_PARAMETERS,
        request=AreaDetailSerializer,
        responses={200: AreaDetailSerializer, 201: AreaDetailSerializer, **ERROR_RESPONSES},
        description="替换一个区域的申报面积、四至和边界；目录核准/规划/实控面积不存在时新建（201）。",
    ),
    partial_update=extend_schema(
        parameters=AREA_PATH_PARAMETERS,
        request=AreaDetailSerializer,
        responses={200: AreaDetailSerializer, **ERROR_RESPONSES},
        description="修改一个区域的部分字段。新边界提交后计算面积由后台重算，期间 stale 为 true。",
    ),
)
class ZoneAreaViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One area of a zone: ``/zones/{code}/areas/{kind}/`` (API.md)."""

    serializer_class = AreaDetailSerializer
    scope_field = "zone"
    lookup_field = "slug"
    lookup_url_kwarg = "kind"
    action_permissions = {"update": EDIT_REGISTRY, "partial_update": EDIT_REGISTRY}

    def get_queryset(self) -> QuerySet[ZoneArea]:
        if getattr(self, "swagger_fake_view", False):
            return ZoneArea.objects.none()
        return selectors.zone_areas(code=self.kwargs["code"])

    def _shown(self, area: ZoneArea, code: int = status.HTTP_200_OK) -> Response:
        # reloaded: in the embedded default the recompute has already run on commit
        return Response(AreaDetailSerializer(ZoneArea.objects.get(pk=area.pk)).data, status=code)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        area = self.filter_queryset(self.get_queryset()).filter(slug=kwargs["kind"]).first()
        if area is None:
            return self._create(request, code=kwargs["code"], kind=kwargs["kind"], partial=partial)
        self.check_object_permissions(request, area)
        serializer = AreaDetailSerializer(area, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not partial:  # PUT replaces: what is not sent is cleared
            data = {"bounds_text": "", "geometry": None, **data}
        return self._shown(services.update_area(user=request.user, area=area, data=data))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def _create(self, request: Request, *, code: str, kind: str, partial: bool) -> Response:
        zone = scoped(Zone.objects.all(), request.user, "").filter(code=code).first()
        if zone is None or partial or kind not in services.STANDARD_AREAS:
            raise NotFound()
        if not can(request.user, EDIT_REGISTRY, zone):
            raise PermissionDenied
        serializer = AreaDetailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        area = services.create_area(user=request.user, zone=zone, kind=kind, data=dict(serializer.validated_data))
        return self._shown(area, status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans (API.md `/api/v1/plans/`; ADR 0141)
# ---------------------------------------------------------------------------------------------


class PlanFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", help_text="开发区代码")
    state = filters.ChoiceFilter(choices=PlanState.choices)

    class Meta:
        model = Plan
        fields = ["zone", "state"]


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

    scope_field = "zone"
    filterset_class = PlanFilter
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
        qs = Plan.objects.all()
        if self.action == "list":
            return (
                qs.select_related("zone", "created_by")
                .prefetch_related("bodies", "agencies", "snapshots")
                .order_by("zone__city__code", "zone__code", "-version")
            )
        return selectors.with_plan_details(qs).order_by("pk")

    def get_serializer_class(self) -> Any:
        return PlanSerializer if self.action == "list" else PlanDetailSerializer

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, services.PlanConflict):
            exc = Conflict(str(exc))
        return super().handle_exception(exc)

    def _detail(self, plan: Plan, code: int = status.HTTP_200_OK) -> Response:
        plan = selectors.with_plan_details(Plan.objects).get(pk=plan.pk)
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
            user=request.user, plan=plan, comments=[dict(c) for c in data["comments"]], note=data["note"]
        )
        return self._detail(plan)

    @extend_schema(request=PlanNoteSerializer, responses={200: PlanDetailSerializer, **PLAN_ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Submitted → approved: supersedes the plan in force and becomes the zone's establishment."""
        plan = self.get_object()
        serializer = PlanNoteSerializer(data=request.data)
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
        return Response(PlanSnapshotSerializer(plan.snapshots.all(), many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("with", int, description="对比的另一方案 id（缺省：本方案）"),
            OpenApiParameter("snapshot", int, description="本方案的第几次报送（缺省：当前内容）"),
            OpenApiParameter("with_snapshot", int, description="另一方案的第几次报送（缺省：当前内容）"),
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


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("regions", RegionViewSet, basename="region")
router.register("zones", ZoneViewSet, basename="zone")
router.register("plans", PlanViewSet, basename="plan")
# registry (nested under a zone)
ZONE_PREFIX = r"zones/(?P<zone_code>[-a-zA-Z0-9_]+)"
router.register(f"{ZONE_PREFIX}/status", ZoneStatusViewSet, basename="zone-status")
router.register(f"{ZONE_PREFIX}/companies", PlatformCompanyViewSet, basename="zone-company")
router.register(f"{ZONE_PREFIX}/social-functions", SocialFunctionViewSet, basename="zone-social-function")
router.register(f"{ZONE_PREFIX}/plots", LandPlotViewSet, basename="zone-plot")
urlpatterns = [
    *router.urls,
    path(
        "zones/<slug:code>/areas/<slug:kind>/",
        ZoneAreaViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update"}),
        name="zone-area-detail",
    ),
]
