"""The finance API under ``/api/v1/finance/`` (API.md)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import (
    AgreementViewSet,
    CityPlanViewSet,
    DesignationViewSet,
    FiscalProfileViewSet,
    ProjectViewSet,
    RevenueViewSet,
    RewardView,
    SchemeViewSet,
    SharesView,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("finance/revenues", RevenueViewSet, basename="finance-revenue")
router.register("finance/agreements", AgreementViewSet, basename="finance-agreement")
router.register("finance/projects", ProjectViewSet, basename="finance-project")
router.register("finance/schemes", SchemeViewSet, basename="finance-scheme")
router.register("finance/designations", DesignationViewSet, basename="finance-designation")
router.register("finance/fiscal-profiles", FiscalProfileViewSet, basename="finance-fiscal-profile")
router.register("finance/city-plans", CityPlanViewSet, basename="finance-city-plan")
urlpatterns = [
    *router.urls,
    path("finance/shares/", SharesView.as_view(), name="finance-shares"),
    path("finance/rewards/", RewardView.as_view(), name="finance-reward"),
]
