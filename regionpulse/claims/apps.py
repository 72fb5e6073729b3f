from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "regionpulse.claims"
    label = "claims"
    verbose_name = "数字核对"
