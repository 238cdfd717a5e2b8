from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "devzone.tenancy"
    label = "tenancy"
    verbose_name = _("权限与范围")

    def ready(self) -> None:
        from . import signals  # noqa: F401 — connects the token revocation receivers
