from django.contrib.auth import views as auth_views
from django.urls import path

from . import rule_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("status/", views.status, name="status"),
    path("health/", views.health, name="health"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("rules/", rule_views.index, name="rules"),
    path("rules/<str:key>/<int:pk>/", rule_views.detail, name="rule-set"),
]
