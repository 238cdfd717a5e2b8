from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "devzone.audit"
    label = "audit"
    verbose_name = _("变更记录")

    def ready(self) -> None:
        from devzone.tenancy.roles import READ_HISTORY
        from devzone.web.nav import register

        from . import signals  # noqa: F401 — history.py and reports.py: devzone.registry.autodiscover

        register("audit:history", _("变更记录"), order=80, needs=READ_HISTORY)
