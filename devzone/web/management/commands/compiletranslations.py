"""Compile the project's ``locale/*/LC_MESSAGES/*.po`` and each project app's own
``<app>/locale/...`` to ``.mo`` with Babel (no GNU gettext needed).

An app keeps its strings in its own catalogue (Django finds ``<app>/locale`` by itself), so apps
built side by side do not edit one shared ``.po`` file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "编译翻译文件（.po → .mo），无需安装 gettext。"

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        bases = [Path(p) for p in settings.LOCALE_PATHS]
        root = Path(settings.BASE_DIR).resolve()
        for config in apps.get_app_configs():
            app_locale = Path(config.path).resolve() / "locale"
            if app_locale.parent.parent == root and app_locale.is_dir():  # the project's apps only
                bases.append(app_locale)
        for base in bases:
            for po_path in Path(base).glob("*/LC_MESSAGES/*.po"):
                with po_path.open("rb") as fh:
                    catalog = read_po(fh, locale=po_path.parts[-3].replace("_", "-").split("-")[0])
                with po_path.with_suffix(".mo").open("wb") as fh:
                    write_mo(fh, catalog, use_fuzzy=False)
                count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
