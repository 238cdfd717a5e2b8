"""The State Council's 2025 and 2026 holiday notices (devzone/workdays/rules.py OFFICIAL)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from devzone.workdays.services import load_official

    load_official(apps.get_model("workdays", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_calendar_days")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
