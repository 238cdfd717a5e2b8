"""The powers API under ``/api/v1/powers/`` (API.md)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import DelegationViewSet, EvaluationViewSet, FiguresView, PowerItemViewSet, ResponsibilityViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("powers/items", PowerItemViewSet, basename="power-item")
router.register("powers/delegations", DelegationViewSet, basename="power-delegation")
router.register("powers/evaluations", EvaluationViewSet, basename="power-evaluation")
router.register("powers/responsibilities", ResponsibilityViewSet, basename="power-responsibility")
urlpatterns = [
    *router.urls,
    path("powers/figures/", FiguresView.as_view(), name="power-figures"),
]
