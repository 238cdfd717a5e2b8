from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("财政")

    def ready(self) -> None:
        from devzone.web.nav import register, register_home_panel

        from . import events, todos  # noqa: F401  (registers the inbox kinds and the 待办)
        from .selectors import home_figures

        register("finance:index", _("财政"), order=40, needs="view_zone")
        register_home_panel("finance/_home.html", home_figures, order=40)

        from devzone.web.rulesets import register_rule_set

        from .models import FinanceRuleSet

        register_rule_set(
            FinanceRuleSet, order=40,
            fields=("name", "default_shortfall_rule", "national_top_percent", "provincial_top_percent",
                    "reward_percent", "reward_years", "negative_revenue_allowed", "source"),
        )  # fmt: skip
