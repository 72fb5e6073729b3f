from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0002_catalogue"),
    ]

    operations = [
        migrations.AddField(
            model_name="observation",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="版本"),
        ),
    ]
