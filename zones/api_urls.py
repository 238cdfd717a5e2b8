"""The zones API under ``/api/v1/`` (API.md): one router over the sub-packages' viewsets, so the
routes and their names stay as they were (ADR 0006)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from zones.areas.api import ZoneAreaViewSet
from zones.plans.api import PlanViewSet
from zones.plots.api import LandPlotViewSet
from zones.profile.api import ZoneViewSet
from zones.registry.api import PlatformCompanyViewSet, RegionViewSet, SocialFunctionViewSet, ZoneStatusViewSet

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
