"""The assessment API under ``/api/v1/assessment/`` (API.md)."""

from rest_framework.routers import DefaultRouter

from .api import (
    BenchmarkViewSet,
    DepartmentGradeViewSet,
    DistributionPlanViewSet,
    PoolViewSet,
    ResultViewSet,
    StaffGradeViewSet,
    ValueViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("assessment/results", ResultViewSet, basename="assessment-result")
router.register("assessment/benchmarks", BenchmarkViewSet, basename="assessment-benchmark")
router.register("assessment/pay-pools", PoolViewSet, basename="assessment-pool")
router.register("assessment/values", ValueViewSet, basename="assessment-value")
router.register("assessment/internal-grades", StaffGradeViewSet, basename="assessment-internal-grade")
router.register("assessment/department-grades", DepartmentGradeViewSet, basename="assessment-department-grade")
router.register("assessment/distribution-plans", DistributionPlanViewSet, basename="assessment-plan")
urlpatterns = router.urls
