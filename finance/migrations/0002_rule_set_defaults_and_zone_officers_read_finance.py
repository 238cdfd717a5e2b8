"""The default finance rule set (finance/rule_defaults.py), and manage_finance taken from zone
officers' groups: they read their zone's finance and report project stages (ADR 0401)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from finance import rule_defaults

    rule_defaults.load(apps.get_model("finance", "FinanceRuleSet"))
    grants = apps.get_model("zones", "ZoneGroupObjectPermission")
    grants.objects.filter(permission__codename="manage_finance", group__name__startswith="zone_officer@").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0001_finance_models"),
        ("zones", "0007_zone_permissions_declared_by_apps"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
