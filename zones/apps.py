from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("开发区")

    def ready(self) -> None:
        from devzone.web.nav import register

        from . import signals  # noqa: F401
        from .recompute import declare

        declare()  # the recompute consumers zones owns (devzone/recompute registry)
        register("zones:list", _("开发区"), order=10)
        register("plans:list", _("一区一策"), order=20, needs="view_zone")

        register("zones:map", _("地图"), order=11)

        from . import reports  # noqa: F401 — declares this app's PDFs on devzone/reports
