"""The staffing API under ``/api/v1/staffing/`` (API.md)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import (
    ApplicationScoresView,
    EstablishmentView,
    OfferContractView,
    OfferRespondView,
    PostViewSet,
    RoundViewSet,
    StaffViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("staffing/staff", StaffViewSet, basename="staffing-staff")
router.register("staffing/posts", PostViewSet, basename="staffing-post")
router.register("staffing/rounds", RoundViewSet, basename="staffing-round")
urlpatterns = [
    *router.urls,
    path("staffing/establishments/<slug:zone_code>/", EstablishmentView.as_view(), name="staffing-establishment"),
    path("staffing/applications/<int:pk>/scores/", ApplicationScoresView.as_view(), name="staffing-scores"),
    path("staffing/offers/<int:pk>/respond/", OfferRespondView.as_view(), name="staffing-offer-respond"),
    path("staffing/offers/<int:pk>/contract/", OfferContractView.as_view(), name="staffing-offer-contract"),
]
