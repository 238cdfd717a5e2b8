from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.job_list, name="jobs"),
    path("<slug:slug>.pdf", views.report_pdf, name="pdf"),
    path("<slug:slug>/", views.report_form, name="form"),
    path("jobs/<uuid:pk>/", views.job_detail, name="job"),
    path("jobs/<uuid:pk>/download/", views.job_download, name="download"),
]
