"""Loads the indicator catalogue (regionpulse.indicators.catalogue) into every deployment."""

from django.db import migrations

from regionpulse.indicators.catalogue import CATALOGUE, install


def load(apps, schema_editor):
    install(apps.get_model("indicators", "Indicator"))


def unload(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
