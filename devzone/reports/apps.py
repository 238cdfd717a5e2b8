from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "devzone.reports"
    label = "reports"
