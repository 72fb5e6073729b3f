from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "regionpulse.indicators"
    label = "indicators"
    verbose_name = "经济指标"

    def ready(self) -> None:
        from regionpulse.indicators import figures, importers  # noqa: F401 - registers family and ledger
