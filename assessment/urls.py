"""Pages of assessment and pay, mounted at ``/assessment/`` (namespace ``assessment``)."""

from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("ranking/rows/", views.ranking_rows, name="ranking_rows"),
    path("zones/<slug:code>/", views.zone_sheet, name="zone"),
    path("zones/<slug:code>/live/", views.zone_sheet_live, name="zone_live"),
    path("pools/", views.pools, name="pools"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/live/", views.plan_live, name="plan_live"),
    path("years/<int:year>/", views.year_page, name="year"),
    path("years/<int:year>/close/", views.close, name="close"),
    path("years/<int:year>/reopen/", views.reopen, name="reopen"),
    path("internal/", views.internal_index, name="internal"),
    path("internal/<slug:code>/", views.internal_sheet, name="internal_zone"),
    path("headcount/", views.headcount, name="headcount"),
    path("rules/", views.rule_set, name="rules"),
    path("systems/<int:year>/<slug:group>/", views.system, name="system"),
]
