from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "devzone.api"
    label = "devzone_api"
