"""Finance pages, mounted at ``/finance/`` (namespace ``finance``)."""

from django.urls import path

from . import form_views, views

app_name = "finance"
urlpatterns = [
    path("", views.index, name="index"),
    path("zones/<slug:code>/", views.zone_finance, name="zone"),
    path("zones/<slug:code>/agreements/new/", views.agreement_new, name="agreement-new"),
    path("zones/<slug:code>/revenue/", views.revenue_entry, name="revenue"),
    path("zones/<slug:code>/fiscal/", views.fiscal, name="fiscal"),
    path("zones/<slug:code>/statement/<int:year>/", views.statement, name="statement"),
    path("zones/<slug:code>/statement/<int:year>.xlsx", views.statement_xlsx, name="statement-xlsx"),
    path("zones/<slug:code>/projects/new/", form_views.project_new, name="project-new"),
    path("agreements/<int:pk>/", form_views.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/revise/", form_views.agreement_revise, name="agreement-revise"),
    path("city-plans/", form_views.city_plans, name="city-plans"),
    path("schemes/", form_views.schemes, name="schemes"),
    path("designations/", form_views.designations, name="designations"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/stages/<slug:stage>/<slug:action>/", views.stage_action, name="stage-action"),
]
