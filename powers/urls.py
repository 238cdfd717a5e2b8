"""Pages of the delegated-power register, mounted at ``/powers/`` (namespace ``powers``)."""

from django.urls import path

from . import views

app_name = "powers"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("delegate/", views.delegate, name="delegate"),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("figures/", views.zone_figures, name="figures"),
    path("delegations/", views.delegation_list, name="delegations"),
    path("zones/<slug:code>/", views.zone_register, name="register"),
    path("zones/<slug:code>/recorded/", views.zone_recorded, name="recorded"),
    path("zones/<slug:code>/responsibilities/", views.responsibilities, name="responsibilities"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation"),
    path("delegations/<int:pk>/move/<slug:action>/", views.delegation_move, name="move"),
    path("delegations/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("delegations/<int:pk>/cases/", views.record_cases, name="cases"),
]
