from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "devzone.web"
    label = "web"

    def ready(self) -> None:
        from devzone.registry import autodiscover

        from .nav import register

        # The one place apps' history.py, imports.py, reports.py and recompute.py are imported
        # (devzone/registry.py, ADR 0008).
        autodiscover()
        from .views import is_province_admin, reads_rules

        register("home", _("首页"), order=0)
        register("status", _("系统状态"), order=900, needs=is_province_admin)
        register("rules", _("规则设置"), order=890, needs=reads_rules)
        register("accounts:list", _("账号与令牌"), order=910, needs=is_province_admin)
