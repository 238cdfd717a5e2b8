from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = _("人员聘任")

    def ready(self) -> None:
        from devzone.web.nav import register, register_home_panel
        from zones.plans.hooks import register_approval_check

        from . import events, todos  # noqa: F401  (registers the inbox kinds and the 待办)
        from .selectors import home_figures
        from .services import check_revised_plan

        register("staffing:index", _("人员聘任"), order=40, needs="view_zone")
        register_home_panel("staffing/_home.html", home_figures, order=40)
        register_approval_check(check_revised_plan)

        from devzone.web.rulesets import register_rule_set

        from .models import StaffingRuleSet

        register_rule_set(
            StaffingRuleSet, order=30,
            fields=("name", "max_preferences", "tie_break", "publicity_working_days", "contract_term_years",
                    "bottom_share_percent", "bottom_years", "renewal_grade_years", "offer_response_days",
                    "renewal_horizon_days", "score_max", "full_id_roles", "source"),
        )  # fmt: skip
