"""Grades and plan lines keep the department's name as graded; the body may later be dropped by
a revised 一区一策 plan (SET_NULL instead of PROTECT; ADR 0505)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_names(apps, schema_editor):
    for name in ("DepartmentGrade", "DistributionLine"):
        model = apps.get_model("assessment", name)
        rows = list(model.objects.filter(department__isnull=False).select_related("department"))
        for row in rows:
            row.department_name = row.department.name
        model.objects.bulk_update(rows, ["department_name"], batch_size=500)
    history = apps.get_model("assessment", "HistoricalDepartmentGrade")
    units = apps.get_model("zones", "EstablishmentUnit")
    names = dict(units.objects.values_list("pk", "name"))
    rows = list(history.objects.filter(department_id__isnull=False))
    for row in rows:
        row.department_name = names.get(row.department_id, "")
    history.objects.bulk_update(rows, ["department_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0003_internal_breakdown_and_headcount_rules"),
        ("zones", "0013_zone_tax_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="departmentgrade",
            name="department_name",
            field=models.CharField(default="", max_length=200, verbose_name="部门名称"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicaldepartmentgrade",
            name="department_name",
            field=models.CharField(default="", max_length=200, verbose_name="部门名称"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="distributionline",
            name="department_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="部门名称"),
        ),
        migrations.RunPython(fill_names, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="departmentgrade",
            name="department",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="internal_grades", to="zones.establishmentunit", verbose_name="部门",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldepartmentgrade",
            name="department",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+", to="zones.establishmentunit", verbose_name="部门",
            ),
        ),
        migrations.AlterField(
            model_name="distributionline",
            name="department",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                to="zones.establishmentunit", verbose_name="部门",
            ),
        ),
    ]
