from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "devzone.imports"
    label = "imports"
    verbose_name = _("Excel 导入导出")
    # Each domain app declares its importers in <app>/imports.py (devzone.registry.autodiscover).
