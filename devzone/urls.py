"""Root URL conf: pages, the REST API under /api/v1/, its schema and docs."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from devzone.tenancy.api import MeView, TokenView

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("", include("zones.api_urls")),
    path("", include("powers.api_urls")),
    path("", include("staffing.api_urls")),
    path("", include("finance.api_urls")),
    path("", include("assessment.api_urls")),
    path("", include("devzone.audit.api")),
    path("", include("devzone.reports.api")),
    path("", include("devzone.imports.urls_api")),
    path("", include("devzone.inbox.api")),
]

urlpatterns = [
    path("", include("devzone.web.urls")),
    path("zones/", include("zones.urls")),
    path("plans/", include("zones.plans.urls")),
    path("powers/", include("powers.urls")),
    path("staffing/", include("staffing.urls")),
    path("finance/", include("finance.urls")),
    path("assessment/", include("assessment.urls")),
    path("history/", include("devzone.audit.urls")),
    path("accounts/", include("devzone.tenancy.urls")),
    path("reports/", include("devzone.reports.urls")),
    path("imports/", include("devzone.imports.urls")),
    path("inbox/", include("devzone.inbox.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file (?script), not inline (ADR 0025).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = "devzone.web.errors.bad_request"
handler403 = "devzone.web.errors.permission_denied"
handler404 = "devzone.web.errors.page_not_found"
handler500 = "devzone.web.errors.server_error"
