from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecomputeConfig(AppConfig):
    name = "devzone.recompute"
    label = "recompute"
    verbose_name = _("重算")
