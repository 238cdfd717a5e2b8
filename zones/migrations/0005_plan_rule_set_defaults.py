"""The province's default rule set for checking 一区一策 plans (zones/rule_defaults.py, ADR 0142)."""

from django.db import migrations

from zones import rule_defaults


def forwards(apps, schema_editor):
    rule_defaults.load(apps.get_model("zones", "PlanRuleSet"), apps.get_model("zones", "PlanBodyBound"))


def backwards(apps, schema_editor):
    effective_year = rule_defaults.PLAN_RULE_SET["effective_year"]
    apps.get_model("zones", "PlanRuleSet").objects.filter(effective_year=effective_year).delete()


class Migration(migrations.Migration):
    dependencies = [("zones", "0004_plans")]

    operations = [migrations.RunPython(forwards, backwards)]
