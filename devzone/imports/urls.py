from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/errors.xlsx", views.run_report, name="report"),
    path("<slug:importer>/", views.upload, name="upload"),
    path("<slug:importer>/template.xlsx", views.template_download, name="template"),
    path("<slug:importer>/export.xlsx", views.export_download, name="export"),
]
