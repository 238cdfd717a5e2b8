from django.apps import AppConfig


class RecomputeConfig(AppConfig):
    name = "devzone.recompute"
    label = "recompute"
