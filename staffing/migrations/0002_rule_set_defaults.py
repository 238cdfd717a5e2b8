"""The shipped staffing rule set (seed 002; staffing/rules.py DEFAULT_RULES)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from staffing.rules import DEFAULT_RULES

    model = apps.get_model("staffing", "StaffingRuleSet")
    fields = {k: v for k, v in DEFAULT_RULES.items() if k != "effective_year"}
    model.objects.get_or_create(effective_year=DEFAULT_RULES["effective_year"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_staffing")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
