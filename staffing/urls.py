"""Pages of staffing, mounted at ``/staffing/`` (namespace ``staffing``)."""

from django.urls import path

from . import views

app_name = "staffing"
urlpatterns = [
    path("", views.index, name="index"),
    path("zones/<slug:code>/", views.establishment, name="establishment"),
    path("zones/<slug:code>/staff/", views.roster, name="roster"),
    path("zones/<slug:code>/staff/new/", views.staff_new, name="staff_new"),
    path("zones/<slug:code>/rounds/", views.rounds, name="rounds"),
    path("zones/<slug:code>/renewals/", views.renewals, name="renewals"),
    path("staff/<int:pk>/", views.staff_detail, name="staff"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/<slug:action>/", views.round_action, name="round_action"),
    path("offers/<int:pk>/<slug:action>/", views.offer_action, name="offer_action"),
]
