from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowersConfig(AppConfig):
    name = "powers"
    verbose_name = _("赋权清单")

    def ready(self) -> None:
        from devzone.web.nav import register, register_home_panel

        from . import events, todos  # noqa: F401  (register the 待办 and the inbox's kind)
        from .selectors import home_figures

        register("powers:catalogue", _("赋权清单"), order=30, needs="view_zone")
        register_home_panel("powers/_home.html", home_figures, order=30)

        from devzone.web.rulesets import register_rule_set

        from .models import EvaluationRuleSet

        register_rule_set(EvaluationRuleSet, order=20, fields=("name", "months", "grace_days", "source"))
