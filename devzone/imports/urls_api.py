"""API routes, included under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("imports/<slug:importer>/", api.ImportView.as_view(), name="import-upload"),
    path("imports/<slug:importer>/template.xlsx", api.TemplateView.as_view(), name="import-template"),
    path("import-runs/<int:pk>/", api.ImportRunView.as_view(), name="import-run-detail"),
    path("import-runs/<int:pk>/errors.xlsx", api.ImportRunReportView.as_view(), name="import-run-report"),
    path("exports/<slug:importer>.xlsx", api.ExportView.as_view(), name="export-xlsx"),
]
