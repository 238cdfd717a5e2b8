"""Compile ``locale/*/LC_MESSAGES/*.po`` to ``.mo`` with Babel (no GNU gettext needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "编译翻译文件（.po → .mo），无需安装 gettext。"

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for base in settings.LOCALE_PATHS:
            for po_path in Path(base).glob("*/LC_MESSAGES/*.po"):
                with po_path.open("rb") as fh:
                    catalog = read_po(fh, locale=po_path.parts[-3].replace("_", "-").split("-")[0])
                with po_path.with_suffix(".mo").open("wb") as fh:
                    write_mo(fh, catalog, use_fuzzy=False)
                count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
