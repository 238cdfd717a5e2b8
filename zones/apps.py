from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("开发区")

    def ready(self) -> None:
        from devzone.web.nav import register

        from .areas import admin as area_admin  # noqa: F401 — the rule-set admin pages

        # Each sub-package's history.py and imports.py (devzone/audit and devzone/imports discover
        # only ``zones.history``/``zones.imports``, so the sub-packages' modules are loaded here).
        from .areas import history as area_history  # noqa: F401
        from .areas.recompute import declare
        from .plans import admin as plan_admin  # noqa: F401
        from .plans import history as plan_history  # noqa: F401
        from .plots import history as plot_history  # noqa: F401
        from .plots import imports as plot_imports  # noqa: F401
        from .profile import imports as zone_imports  # noqa: F401
        from .registry import history as registry_history  # noqa: F401
        from .registry import signals  # noqa: F401

        declare()  # the recompute consumers zones owns (devzone/recompute registry)
        register("zones:list", _("开发区"), order=10)
        register("plans:list", _("一区一策"), order=20, needs="view_zone")

        register("zones:map", _("地图"), order=11)

        # this app's PDFs, declared on devzone/reports
        from .plans import reports as plan_reports  # noqa: F401
        from .profile import reports as profile_reports  # noqa: F401
        from .registry import reports  # noqa: F401
