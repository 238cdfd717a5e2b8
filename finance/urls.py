"""Finance pages, mounted at ``/finance/`` (namespace ``finance``)."""

from django.urls import path

app_name = "finance"
urlpatterns: list = []
