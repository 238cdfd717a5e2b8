from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.history_list, name="history"),
    path("<str:model>/<int:record_id>/", views.record_history, name="record"),
]
