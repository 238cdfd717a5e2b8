"""The bounding boxes and map outlines of the boundaries drawn before they were kept (ADR 0016/0017)."""

from django.db import migrations


def fill(apps, schema_editor):
    from zones.areas.geometry import bbox_fields, outline

    ZoneArea = apps.get_model("zones", "ZoneArea")
    for area in ZoneArea.objects.filter(geometry__isnull=False).iterator(chunk_size=200):
        for field, value in bbox_fields(area.geometry).items():
            setattr(area, field, value)
        area.outline = outline(area.geometry)
        area.outline_version = area.geometry_version
        area.save(update_fields=["min_lon", "min_lat", "max_lon", "max_lat", "outline", "outline_version"])


class Migration(migrations.Migration):
    dependencies = [("zones", "0008_area_bbox_and_outline")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
