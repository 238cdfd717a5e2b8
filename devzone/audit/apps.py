from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "devzone.audit"
    label = "audit"
    verbose_name = _("变更记录")

    def ready(self) -> None:
        from devzone.tenancy.roles import READ_HISTORY
        from devzone.web.nav import register

        from . import reports, signals  # noqa: F401

        # Each domain app declares its browsable history in its own history.py.
        autodiscover_modules("history")
        register("audit:history", _("变更记录"), order=80, needs=READ_HISTORY)
