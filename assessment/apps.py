from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("考核与绩效")

    def ready(self) -> None:
        from devzone.web.nav import register, register_home_panel

        from . import events, signals, todos  # noqa: F401  (registers the inbox kinds and the 待办)
        from .selectors import home_figures

        signals.connect()

        from staffing.sources import register_grade_provider

        from .grades import internal_grades

        register_grade_provider(internal_grades)

        from finance.sources import register_provider

        from .rewards import designations

        register_provider(designations)

        register("assessment:ranking", _("考核排名"), order=40, needs="view_zone")

        from devzone.web.rulesets import register_rule_set

        from .models import RuleSet

        register_rule_set(RuleSet, order=50, page="assessment:rules")  # weights checked together, versioned
        register_home_panel("assessment/_home.html", home_figures, order=40)
