from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "devzone.imports"
    label = "imports"
