"""Pages of the 一区一策 reform plans, mounted at ``/plans/`` (namespace ``plans``)."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("unit-row/", views.plan_unit_row, name="unit_row"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/submit/", views.plan_submit, name="submit"),
    path("<int:pk>/return/", views.plan_return, name="return"),
    path("<int:pk>/approve/", views.plan_approve, name="approve"),
    path("<int:pk>/revise/", views.plan_revise, name="revise"),
    path("<int:pk>/compare/", views.plan_compare, name="compare"),
]
