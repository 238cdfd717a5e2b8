from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "devzone.reports"
    label = "reports"
    verbose_name = _("报表")

    def ready(self) -> None:
        from devzone.web.nav import register

        register("reports:jobs", _("报表"), order=90)
