from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The sub-packages' modules that declare something when imported and that no discovery finds:
# signal receivers, and the admin pages (Django's admin autodiscovery imports ``zones.admin``
# only). Their history, imports, reports and recompute modules are found by
# ``devzone.registry.autodiscover`` (ADR 0008).
DECLARING_MODULES = (
    "registry.signals",
    "areas.admin",
    "plans.admin",
    "plans.events",
    "plans.todos",
)


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("开发区")

    def ready(self) -> None:
        from devzone.web.nav import register, register_home_panel

        from .plans.home import plan_figures
        from .registry.home import zone_figures

        for module in DECLARING_MODULES:
            import_module(f"{self.name}.{module}")
        register("zones:list", _("开发区"), order=10)
        register("plans:list", _("一区一策"), order=20, needs="view_zone")

        register("zones:map", _("地图"), order=11)
        register_home_panel("web/_figures.html", zone_figures, order=10, key="zones")
        register_home_panel("web/_figures.html", plan_figures, order=20, key="plans")

        from devzone.web.rulesets import register_rule_set

        from .plans.models import PlanRuleSet

        register_rule_set(
            PlanRuleSet, order=10,
            fields=("name", "require_headcount_cap", "require_leadership_posts", "require_contract_term",
                    "duties_required", "source"),
        )  # fmt: skip
