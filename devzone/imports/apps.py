from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "devzone.imports"
    label = "imports"
    verbose_name = _("Excel 导入导出")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each domain app declares its importers in <app>/imports.py.
        autodiscover_modules("imports")
