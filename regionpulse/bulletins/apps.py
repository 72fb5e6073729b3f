from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "regionpulse.bulletins"
    label = "bulletins"
    verbose_name = "简报"
