from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The sub-packages' modules that declare something when imported: admin pages, browsable history
# (devzone/audit), importers (devzone/imports), PDFs (devzone/reports), signal receivers.
# devzone's autodiscovery looks only for ``zones.history``/``zones.imports``, so they load here.
DECLARING_MODULES = (
    "registry.signals",
    "registry.history",
    "registry.reports",
    "areas.admin",
    "areas.history",
    "plots.history",
    "plots.imports",
    "plans.admin",
    "plans.history",
    "plans.reports",
    "profile.imports",
    "profile.reports",
)


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("开发区")

    def ready(self) -> None:
        from devzone.web.nav import register

        from .areas.recompute import declare

        for module in DECLARING_MODULES:
            import_module(f"{self.name}.{module}")
        declare()  # the recompute consumers zones owns (devzone/recompute registry)
        register("zones:list", _("开发区"), order=10)
        register("plans:list", _("一区一策"), order=20, needs="view_zone")

        register("zones:map", _("地图"), order=11)
