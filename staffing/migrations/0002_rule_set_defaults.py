"""The shipped staffing rule set (seed 002; staffing/rules.py DEFAULT_RULES)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from staffing.services import load_default_rules

    load_default_rules(apps.get_model("staffing", "StaffingRuleSet"))


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_staffing")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
