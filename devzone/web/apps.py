from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "devzone.web"
    label = "web"

    def ready(self) -> None:
        from .nav import register

        register("home", _("首页"), order=0)
