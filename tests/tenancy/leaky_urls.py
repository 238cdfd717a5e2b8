"""A URL conf with two deliberately broken endpoints, to prove the matrix catches them."""

from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from devzone.tenancy.filters import UNSCOPED
from zones.models import Zone


class LeakySerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["code", "name"]


class LeakyZoneViewSet(viewsets.ReadOnlyModelViewSet):
    """Claims its rows are not zone-owned: lists every zone to everyone."""

    queryset = Zone.objects.order_by("code")
    serializer_class = LeakySerializer
    lookup_field = "code"
    scope_field = UNSCOPED


class ForgetfulZoneViewSet(LeakyZoneViewSet):
    """Relies on its model's zone_path (ADR 0009), which a test takes away."""

    scope_field = None


router = SimpleRouter()
router.register("leaky-zones", LeakyZoneViewSet, basename="leaky-zone")
router.register("forgetful-zones", ForgetfulZoneViewSet, basename="forgetful-zone")

urlpatterns = [
    path("", include("devzone.urls")),
    path("api/v1/", include(router.urls)),
]
